"""Without root there is no tmpfs per slot and no cgroup: a work dir would be capped per file only. The sandbox
server then refuses to start unless SANDBOX_ALLOW_WEAK=1; allowed, it still gives every run a fresh work dir (an
iterative cleaner: no recursion, never following a link, opening what a program locked), caps /tmp with bwrap's
own tmpfs, and retires a slot whose clean takes longer than SANDBOX_CLEAN_TIMEOUT_MS."""
import os
import subprocess
import tempfile
import time

import httpx
import pytest

from app.config import settings
from app.sandbox.workdir import empty
from tests.conftest import ROOT, free_port
from tests.sandbox.conftest import server_command, server_env, start_server
from tests.sandbox.leftovers import CHECK, FRESH, LEFTOVERS, health_while_cleaning_many_files, leave_and_check, post

NOBODY = 65534
# Making 10^5 files on this disk (ext4: no tmpfs without root) took a program 12-30 s here: allow it the time.
SLOW_DISK = {"RUN_TIMEOUT_MS": "60000"}
RUN_MS = 60000


@pytest.fixture
def nobody_data():
    """A data dir the unprivileged server may write (pytest's tmp dirs are root's, 0700)."""
    d = tempfile.mkdtemp(prefix="parley-weak-", dir="/tmp")
    os.chown(d, NOBODY, NOBODY)
    yield d
    empty(d, time.monotonic() + 120)  # (shutil.rmtree recurses: a 3000-deep tree defeats it)
    os.rmdir(d)


def test_without_root_the_server_refuses_to_start(nobody_data):
    port = free_port()
    env = server_env(nobody_data, NOBODY)
    env.pop("SANDBOX_ALLOW_WEAK", None)
    out = subprocess.run(server_command(port, NOBODY), cwd=ROOT, env=env, capture_output=True, text=True,
                         timeout=60)
    assert out.returncode != 0, out
    assert "SANDBOX_ALLOW_WEAK" in out.stderr, out.stderr[-2000:]


@pytest.fixture
def weak_server(nobody_data):
    proc, server = start_server(nobody_data, NOBODY, SANDBOX_ALLOW_WEAK="1", **SLOW_DISK)
    yield server
    proc.terminate()
    proc.wait(timeout=20)


def test_allowed_weak_server_still_starts_every_run_fresh(weak_server):
    with httpx.Client(base_url=weak_server.url, timeout=120) as c:
        for name in LEFTOVERS:
            if name != "files_100000":  # (the next test leaves those, and times their clean)
                leave_and_check(c, name, settings.workers, RUN_MS)
        r = post(c, "import os\nn = 0\ntry:\n    for i in range(1000):\n"
                    "        with open(f'/tmp/f{i}', 'wb') as f: f.write(b'x' * 10**6)\n        n += 1\n"
                    "except OSError as e:\n    print('stopped', n)")
        assert r.json()["run"]["stdout"].startswith("stopped"), r.json()
        assert int(r.json()["run"]["stdout"].split()[1]) <= settings.sandbox_tmp_mb * 2**20 // 10**6
    assert httpx.get(weak_server.url + "/health").json()["sandbox"]["retired"] == 0


def test_health_stays_quick_while_the_weak_cleaner_removes_100000_files(weak_server):
    figures = health_while_cleaning_many_files(weak_server.url, settings.workers, RUN_MS)
    print(f"\n/health while the sandbox cleans 10^5 files (no root, iterative cleaner): {figures}")
    assert figures["count"] > 10 and figures["max_ms"] < 1000, figures


def test_a_clean_that_takes_too_long_retires_the_slot(nobody_data):
    proc, server = start_server(nobody_data, NOBODY, SANDBOX_ALLOW_WEAK="1", SANDBOX_CLEAN_TIMEOUT_MS="100",
                                **SLOW_DISK)
    try:
        with httpx.Client(base_url=server.url, timeout=120) as c:
            r = post(c, LEFTOVERS["files_100000"].replace("100000", "20000"), run_timeout=RUN_MS)
            assert r.json()["run"]["stdout"].strip() == "left", r.json()  # removing them takes ~0.5 s here
            for i in range(3 * settings.workers):
                r = post(c, CHECK)
                assert r.status_code == 200 and r.json()["run"]["stdout"].strip() == FRESH, (i, r.text[:300])
            health = c.get("/health").json()["sandbox"]
        assert health["retired"] >= 1 and health["slots"] == settings.workers, health
    finally:
        proc.terminate()
        proc.wait(timeout=20)
