"""A runner host that dies mid-run (SIGKILL: its connection drops before an answer) costs the run its one retry,
on the other host, and the verdict arrives; a host that is down before the run is skipped. A program's own
failure is an answer and is never retried: it gets one try."""
import threading
import time

import pytest

from app.problems import get
from tests.conftest import run_async

SLOW = "import time\ntime.sleep(2)\n" + get("two-sum").solutions["python"]


def _judge(code: str) -> dict:
    from app.judge import judge

    return run_async(judge("two-sum", "python", code, mode="submit"))


def _running_on(hosts, before, timeout=30):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        for h, n in zip(hosts, before):
            if h.stats()["runs"] > n:
                return h
        time.sleep(0.05)
    pytest.fail("the run started on no host")


def test_a_host_killed_mid_run_is_retried_on_the_other(two_hosts, pooled):
    from app.sandbox.runners import get_runners

    pooled(*two_hosts)
    before = [h.stats()["runs"] for h in two_hosts]
    out = {}
    t = threading.Thread(target=lambda: out.update(result=_judge(SLOW)))
    t.start()
    victim = _running_on(two_hosts, before)
    time.sleep(0.5)  # well inside its 2 s start
    victim.kill()
    t.join(timeout=60)
    assert out["result"]["verdict"] == "accepted", out
    other = next(h for h in two_hosts if h is not victim)
    assert other.stats()["runs"] == before[two_hosts.index(other)] + 1
    states = {r.url: r.state for r in get_runners().runners}
    assert states == {victim.url: "down", other.url: "up"}, states


def test_a_dead_host_is_skipped(two_hosts, pooled):
    a, b = two_hosts
    a.kill()
    pooled(a, b)
    before = b.stats()["runs"]
    for _ in range(3):
        assert _judge(get("two-sum").solutions["python"])["verdict"] == "accepted"
    assert b.stats()["runs"] == before + 3


def test_with_every_host_dead_the_run_fails_clearly(two_hosts, pooled):
    from app.sandbox.errors import SandboxError

    for h in two_hosts:
        h.kill()
    pooled(*two_hosts)
    with pytest.raises(SandboxError, match="no runner host could run this"):
        _judge(get("two-sum").solutions["python"])


@pytest.mark.parametrize("code, verdict", [
    ("import os\nos._exit(1)\n", "runtime_error"),
    ("import os, signal\nos.kill(os.getpid(), signal.SIGKILL)\n", "runtime_error"),
    ("while True:\n    pass\n", "time_limit"),
])
def test_a_programs_own_failure_is_never_retried(two_hosts, pooled, code, verdict):
    pooled(*two_hosts)
    before = [h.stats()["runs"] for h in two_hosts]
    assert _judge(code)["verdict"] == verdict
    assert sum(h.stats()["runs"] for h in two_hosts) == sum(before) + 1
