"""A runner host whose slots and queue are full answers 429 and ran nothing: the run goes to another host, and
when every host is busy the caller gets SandboxBusy with the host's Retry-After (nothing piles up)."""
import threading
import time

import httpx
import pytest

from tests.conftest import run_async
from tests.runners.conftest import TOKEN, start_host

SLEEPER = {"language": "python", "files": [{"content": "import time\ntime.sleep(4)\nprint('woke')"}]}


@pytest.fixture
def busy_and_free(tmp_path):
    busy = start_host(tmp_path, "busy", SANDBOX_WORKERS="1", SANDBOX_QUEUE="0")
    free = start_host(tmp_path, "free")
    t = threading.Thread(target=lambda: httpx.post(busy.url + "/api/v2/execute", json=SLEEPER, timeout=60,
                                                   headers={"authorization": f"Bearer {TOKEN}"}))
    t.start()
    for _ in range(100):
        if busy.stats()["free"] == 0:
            break
        time.sleep(0.05)
    yield busy, free
    t.join(timeout=30)
    busy.stop()
    free.stop()


def _run():
    from app.sandbox import ExecRequest, File, execute

    return run_async(execute(ExecRequest("python", [File("", "print('ran')")])))


def test_a_busy_host_passes_the_run_on(busy_and_free, pooled, monkeypatch):
    from app.config import settings
    from app.sandbox.runners import get_runners

    busy, free = busy_and_free
    pooled(busy, free)
    monkeypatch.setattr(settings, "runner_health_ms", 600_000)
    runners = get_runners().runners
    for r in runners:  # as if both had just said they were idle: the busy one is tried first
        r.state, r.slots, r.free, r.checked = "up", 4, 4 if r.url == busy.url else 1, time.monotonic()
    before = free.stats()["runs"]
    r = _run()
    assert r.status == "ok" and r.run.stdout == "ran\n"
    assert free.stats()["runs"] == before + 1


def test_every_host_busy_is_sandbox_busy(busy_and_free, pooled):
    from app.sandbox.errors import SandboxBusy

    busy, _ = busy_and_free
    pooled(busy)
    with pytest.raises(SandboxBusy, match="every runner host is busy") as e:
        _run()
    assert e.value.retry_after >= 1
