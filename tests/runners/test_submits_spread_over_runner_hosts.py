"""With RUNNER_URLS naming two runner hosts, judged submissions and plain runs go there (this process's own
sandbox runs none), spread over both by their free slots, with the same verdicts as the local judge; /health
lists each runner."""
from concurrent.futures import ThreadPoolExecutor

from app.problems import get
from tests.conftest import run_async
from tests.runners.conftest import TOKEN

TWO_SUM = get("two-sum").solutions["python"]
WRONG = "class Solution:\n    def twoSum(self, nums, target):\n        return [0, 1]\n"


def _judge(code: str, mode: str = "submit") -> dict:
    from app.judge import judge

    return run_async(judge("two-sum", "python", code, mode=mode))


def test_submits_spread_across_both_hosts(two_hosts, pooled):
    from app.sandbox import pool

    a, b = two_hosts
    pooled(a, b)
    local_runs = pool.health()["runs"]
    before = [h.stats()["runs"] for h in two_hosts]
    with ThreadPoolExecutor(8) as ex:
        verdicts = list(ex.map(lambda _: _judge(TWO_SUM)["verdict"], range(8)))
    assert verdicts == ["accepted"] * 8
    served = [h.stats()["runs"] - n for h, n in zip(two_hosts, before)]
    assert sum(served) == 8 and min(served) >= 2, served  # one request per submit, both hosts used
    assert pool.health()["runs"] == local_runs  # none ran here


def test_one_at_a_time_submits_take_turns(two_hosts, pooled):
    a, b = two_hosts
    pooled(a, b)
    before = [h.stats()["runs"] for h in two_hosts]
    for _ in range(4):
        assert _judge(TWO_SUM, "run")["verdict"] == "accepted"
    served = [h.stats()["runs"] - n for h, n in zip(two_hosts, before)]
    assert sum(served) == 4 and min(served) >= 1, served


def test_a_pooled_verdict_is_the_local_one(two_hosts, pooled):
    """Rows, statuses and hidden-test secrecy survive the wire: a wrong answer judged locally and remotely."""
    local = _judge(WRONG)
    pooled(*two_hosts)
    remote = _judge(WRONG)
    strip = lambda r: {**r, "runtime_ms": None, "tests": [{**t, "time_ms": None} for t in r["tests"]]}  # noqa: E731
    assert remote["verdict"] == "wrong_answer" and strip(remote) == strip(local)
    assert any(t["hidden"] and t["input"] is None and t["output"] is None for t in remote["tests"])


def test_plain_runs_and_collected_files_go_through_the_pool(two_hosts, pooled):
    from app.sandbox import ExecRequest, File, execute

    pooled(*two_hosts)
    code = "import sys\nopen('out.bin', 'wb').write(bytes(range(256)))\nprint(input()[::-1]); print('e', file=sys.stderr)"
    r = run_async(execute(ExecRequest("python", [File("", code)], stdin="abc\n", collect=["out.bin"]), local=True))
    assert r.status == "ok" and r.run.stdout == "cba\n" and r.run.stderr == "e\n"
    assert r.files == {"out.bin": bytes(range(256))}
    r = run_async(execute(ExecRequest("python", [File("", "raise SystemExit(3)")])))
    assert r.status == "runtime_error" and r.run.code == 3


def test_health_lists_each_runner(two_hosts, pooled):
    from app.config import settings
    from app.sandbox import health

    a, b = two_hosts
    pooled(a, b)
    h = run_async(health())
    assert [r["url"] for r in h["runners"]] == [a.url, b.url]
    assert all(r["state"] == "up" and r["slots"] == settings.workers for r in h["runners"]), h
    assert h["slots"] == 2 * settings.workers
    b.kill()
    settings_ms = settings.runner_health_ms
    import time
    time.sleep(settings_ms / 1000 + 0.1)
    h = run_async(health())
    assert [r["state"] for r in h["runners"]] == ["up", "down"], h
    assert h["slots"] == settings.workers and h["runners"][1]["error"]


def test_the_apps_health_lists_the_runners_and_fails_without_one(two_hosts, pooled, app_db):
    from tests.asgi_app import client

    async def get_health():
        async with client() as c:
            return await c.get("/health")

    a, b = two_hosts
    pooled(a, b)
    r = run_async(get_health())
    assert r.status_code == 200 and [x["state"] for x in r.json()["sandbox"]["runners"]] == ["up", "up"], r.text
    a.kill()
    b.kill()
    from app.sandbox.runners import get_runners

    for runner in get_runners().runners:  # their last /health is older than RUNNER_HEALTH_MS
        runner.checked = float("-inf")
    r = run_async(get_health())
    assert r.status_code == 503 and r.json()["failing"] == ["sandbox"], r.text
    assert [x["state"] for x in r.json()["sandbox"]["runners"]] == ["down", "down"]


def test_compiled_languages_judge_through_the_pool(two_hosts, pooled):
    """Java's and C++'s precompiled harness libraries are built on a runner and come back as collected files."""
    from app.judge import judge, service

    pooled(*two_hosts)
    service._libraries.clear()  # built here by earlier tests: build them on the runners now
    for lang in ("java", "cpp", "go"):
        r = run_async(judge("two-sum", lang, get("two-sum").solutions[lang], mode="submit"))
        assert r["verdict"] == "accepted", (lang, r)
    assert service._libraries["java"] and service._libraries["cpp"]  # not the source fallback


def test_runtimes_are_the_runners(two_hosts, pooled, app_db, monkeypatch):
    """A web worker with no toolchain of its own lists the runners' runtimes."""
    from app.auth import service as auth
    from app.sandbox import languages
    from tests.asgi_app import client

    monkeypatch.setattr(languages, "available", lambda lang: False)
    pooled(*two_hosts)
    me = auth.signup("runtimes@example.com", "runtimes-pw-1", "Rue")

    async def get_runtimes():
        async with client(me=me) as c:
            return await c.get("/api/v2/runtimes")

    r = run_async(get_runtimes())
    assert r.status_code == 200, r.text
    assert {"python", "java"} <= {x["language"] for x in r.json()}
    assert r.json() == two_hosts[0].server.client.get("/api/v2/runtimes", headers={
        "authorization": f"Bearer {TOKEN}"}).json()
