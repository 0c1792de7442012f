"""With PISTON_URL set, a run is validated, rate-limited, held to one per person and clamped to this server's
maxima BEFORE anything is sent: here a real sandbox server (looser limits) stands in for Piston, so whatever
it would have accepted proves the check happened on our side."""
import asyncio

import pytest

from app.config import settings
from app.sandbox import BadRequest, ExecRequest, File, RateLimited, RunInProgress, execute
from tests.conftest import run_async


@pytest.fixture
def piston(sandbox_server, monkeypatch):
    from app.sandbox import pool

    monkeypatch.setattr(settings, "piston_url", sandbox_server.url)
    monkeypatch.setattr(pool.limiter, "per_minute", 0)
    return sandbox_server


def py(code: str, **kw) -> ExecRequest:
    return ExecRequest("python", [File("", code)], **kw)


def test_code_over_our_limit_is_refused_before_it_is_sent(piston, monkeypatch):
    monkeypatch.setattr(settings, "max_code_bytes", 200)  # the remote server allows 64 KiB
    with pytest.raises(BadRequest, match="200-byte limit"):
        run_async(execute(py("print(1)\n" + "#" * 500)))
    with pytest.raises(BadRequest, match="name"):
        run_async(execute(ExecRequest("python", [File("../escape.py", "print(1)")])))
    assert run_async(execute(py("print(1)"))).run.stdout == "1\n"


def test_our_time_limit_is_what_the_remote_enforces(piston, monkeypatch):
    monkeypatch.setattr(settings, "run_timeout_ms", 500)  # the remote allows 3 s
    r = run_async(execute(py("import time\ntime.sleep(2)\nprint('slept')"), user_key="user:slow"))
    assert r.status == "time_limit" and r.run.wall_time_ms < 1500, r


def test_rate_limit_applies(piston, monkeypatch):
    from app.sandbox import pool

    monkeypatch.setattr(pool.limiter, "per_minute", 2)
    key = f"user:rate-{id(object())}"
    for _ in range(2):
        assert run_async(execute(py("print(1)"), user_key=key)).status == "ok"
    with pytest.raises(RateLimited, match="per minute"):
        run_async(execute(py("print(1)"), user_key=key))


def test_one_run_at_a_time_per_person(piston):
    async def two_at_once():
        first = asyncio.create_task(execute(py("import time\ntime.sleep(1)\nprint('first')"), user_key="user:twice"))
        await asyncio.sleep(0.2)
        try:
            await execute(py("print('second')"), user_key="user:twice")
            second = "ran"
        except RunInProgress as e:
            second = str(e)
        return (await first).run.stdout, second

    first, second = run_async(two_at_once())
    assert first == "first\n" and "already in progress" in second
