"""Whatever a program leaves in its work dir (a 3000-deep tree, 10^5 files, mode-000 files and dirs, a directory
where the source file goes, fifos, sockets, links, odd names), every later run in every slot starts in a fresh,
empty one; the server never answers 500 or drops a connection, and /health stays quick while 10^5 files go."""
import httpx
import pytest

from app.config import settings
from tests.sandbox.conftest import HealthProbe, sandbox_uid_processes
from tests.sandbox.leftovers import LEFTOVERS, health_while_cleaning_many_files, leave_and_check


@pytest.fixture(scope="module")
def probe(sandbox_server):
    p = HealthProbe(sandbox_server.url)
    p.start()
    yield p
    p.stop()


@pytest.mark.parametrize("name", list(LEFTOVERS))
def test_the_next_runs_find_a_fresh_work_dir(sandbox_server, probe, name):
    with httpx.Client(base_url=sandbox_server.url, timeout=120) as c:
        leave_and_check(c, name, settings.workers)
    assert sandbox_uid_processes(sandbox_server) == []


def test_health_stays_quick_while_100000_files_are_cleaned(sandbox_server, probe):
    figures = health_while_cleaning_many_files(sandbox_server.url, settings.workers)
    print(f"\n/health while the sandbox cleans 10^5 files (root, tmpfs per run): {figures}")
    assert figures["count"] > 10 and figures["max_ms"] < 1000, figures


def test_health_stayed_responsive_and_nothing_was_refused(probe):
    assert probe.count > 10 and probe.failures == []
    assert probe.worst < 1.0, f"worst /health latency {probe.worst:.3f}s"
