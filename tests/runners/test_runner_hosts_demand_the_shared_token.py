"""A runner host runs what reaches it, so the pool and its hosts share SANDBOX_TOKEN: a host with another token
answers 401, one without a token refuses the pool's requests (403: it cannot tell the app from anyone), and the
app's public execute API never honours the pool's extension. RUNNER_URLS itself is validated at start."""
import httpx
import pytest

from app.problems import get
from tests.conftest import run_async
from tests.runners.conftest import TOKEN, start_host

BODY = {"language": "python", "files": [{"content": "print(6 * 7)"}], "parley": {"lane": "room", "maxima": {}}}


def _submit() -> dict:
    from app.judge import judge

    return run_async(judge("two-sum", "python", get("two-sum").solutions["python"], mode="run"))


def test_a_host_with_another_token_refuses_and_shows_refused(tmp_path, pooled):
    from app.sandbox import health
    from app.sandbox.errors import SandboxError

    host = start_host(tmp_path, "other", SANDBOX_TOKEN="a-different-token-0f3a9b")
    try:
        pooled(host)
        before = host.stats()["runs"]
        with pytest.raises(SandboxError, match="refused \\(401\\)"):
            _submit()
        assert host.stats()["runs"] == before  # nothing ran
        (runner,) = run_async(health())["runners"]
        assert runner["state"] == "refused" and "401" in runner["error"]
    finally:
        host.stop()


def test_a_refusing_host_is_passed_over_for_one_that_accepts(tmp_path, pooled):
    wrong = start_host(tmp_path, "wrong", SANDBOX_TOKEN="a-different-token-0f3a9b")
    right = start_host(tmp_path, "right")
    try:
        pooled(wrong, right)
        before = [right.stats()["runs"], wrong.stats()["runs"]]  # each ran its start-up self-check
        for _ in range(3):
            assert _submit()["verdict"] == "accepted"
        assert [right.stats()["runs"], wrong.stats()["runs"]] == [before[0] + 3, before[1]]
    finally:
        wrong.stop()
        right.stop()


def test_a_host_without_a_token_refuses_pool_requests(tmp_path, pooled):
    from app.sandbox.errors import SandboxError

    host = start_host(tmp_path, "open", SANDBOX_TOKEN="")
    try:
        before = host.stats()["runs"]
        r = httpx.post(host.url + "/api/v2/execute", json=BODY, timeout=30)
        assert r.status_code == 403 and r.json()["error"] == "token_required", r.text
        pooled(host)
        with pytest.raises(SandboxError, match="403"):
            _submit()
        assert host.stats()["runs"] == before
    finally:
        host.stop()


@pytest.fixture(scope="module")
def guarded(tmp_path_factory):
    host = start_host(tmp_path_factory.mktemp("guarded"), "guarded")
    yield host
    host.stop()


def test_the_pool_extension_needs_the_token_on_a_host_that_has_one(guarded):
    for headers in ({}, {"authorization": "Bearer nope"}):
        assert httpx.post(guarded.url + "/api/v2/execute", json=BODY, headers=headers).status_code == 401
    ok = httpx.post(guarded.url + "/api/v2/execute", json=BODY, headers={"authorization": f"Bearer {TOKEN}"})
    assert ok.status_code == 200 and ok.json()["run"]["stdout"] == "42\n"


@pytest.mark.parametrize("ext, message", [
    ("room", "parley: must be an object"),
    ({"lane": "vip"}, "parley.lane"),
    ({"maxima": []}, "parley.maxima: must be an object"),
    ({"maxima": None}, "parley.maxima: must be an object"),
    ({"maxima": {"run_timeout_ms": "forever"}}, "parley.maxima.run_timeout_ms: must be a number"),
])
def test_a_malformed_pool_extension_is_a_clear_400(guarded, ext, message):
    r = httpx.post(guarded.url + "/api/v2/execute", json={**BODY, "parley": ext},
                   headers={"authorization": f"Bearer {TOKEN}"})
    assert r.status_code == 400 and message in r.json()["detail"], r.text


def test_raised_maxima_are_capped_at_the_hosts_own(tmp_path):
    """The pool may raise a run's time to the judge's budget, never past the host's JUDGE_TIMEOUT_MS."""
    host = start_host(tmp_path, "capped", JUDGE_TIMEOUT_MS="4000", RUN_TIMEOUT_MS="1000")
    try:
        body = {"language": "python", "files": [{"content": "import time\nt = time.time()\nwhile time.time() - t < 8:\n"
                                                             "    pass\nprint('done')"}],
                "run_timeout": 60000, "parley": {"lane": "practice", "maxima": {"run_timeout_ms": 60000}}}
        r = httpx.post(host.url + "/api/v2/execute", json=body, headers={"authorization": f"Bearer {TOKEN}"},
                       timeout=60).json()
        assert r["run"]["status"] == "time_limit" and 3500 <= r["run"]["wall_time"] <= 6000, r["run"]
    finally:
        host.stop()


def test_the_apps_public_api_never_honours_the_pool_extension(app_db, monkeypatch):
    """A signed-in person posting the extension to the app's own /api/v2/execute: 403, nothing runs (it would
    otherwise lift their limits to the judge's)."""
    from app.auth import service as auth
    from app.sandbox import pool
    from tests.asgi_app import client

    me = auth.signup("pool-ext@example.com", "pool-ext-pw-1", "Ext")
    before = pool.health()["runs"]

    async def post():
        async with client(me=me) as c:
            return await c.post("/api/v2/execute", json={**BODY, "parley": {"maxima": {"run_timeout_ms": 15000}}},
                                headers={"origin": "http://testserver"})

    r = run_async(post())
    assert r.status_code == 403 and r.json()["error"] == "token_required", r.text
    assert pool.health()["runs"] == before


@pytest.mark.parametrize("urls", ["ftp://10.0.0.5:2000", "http://", "10.0.0.5:2000", "http://u:p@127.0.0.1:2000",
                                  "http://127.0.0.1:2000/?x=1", "javascript:alert(1)", "http://127.0.0.1:2000, file:///x"])
def test_runner_urls_must_be_plain_http_urls(urls):
    from pydantic import ValidationError

    from app.config import Settings

    with pytest.raises(ValidationError, match="RUNNER_URLS must be comma-separated http"):
        Settings(runner_urls=urls, sandbox_token=TOKEN)


def test_runner_urls_need_a_token():
    from pydantic import ValidationError

    from app.config import Settings

    with pytest.raises(ValidationError, match="RUNNER_URLS is set without SANDBOX_TOKEN"):
        Settings(runner_urls="http://127.0.0.1:2000", sandbox_token="")
    s = Settings(runner_urls=" http://127.0.0.1:2000/ , https://runner.internal:2001", sandbox_token=TOKEN)
    assert s.runner_url_list == ["http://127.0.0.1:2000", "https://runner.internal:2001"]
