"""The app's own /api/v2/execute (cookie-signed-in, the same router as the sandbox server): one run at a time per
person (the second is refused at once with 429 saying a run is in progress, not queued), JSON only, and the
app's /health counts the sandbox's slots."""
import asyncio
import time
import uuid

import httpx

from app.config import settings
from tests.conftest import run_async

SLOW = {"language": "python", "files": [{"content": "import time\ntime.sleep(2.5)\nprint('slow')"}]}


def _signed_in(app_server) -> dict:
    with httpx.Client(base_url=app_server.url, timeout=30) as c:
        r = c.post("/api/auth/signup", json={"email": f"runner-{uuid.uuid4().hex[:8]}@example.com",
                                             "password": "runner-password", "display_name": "Runner"})
        assert r.status_code == 201, r.text
        return dict(c.cookies)


def test_a_second_run_by_the_same_person_is_refused_at_once(app_server):
    cookies = _signed_in(app_server)

    async def two():
        async with httpx.AsyncClient(base_url=app_server.url, cookies=cookies, timeout=60) as c:
            first = asyncio.create_task(c.post("/api/v2/execute", json=SLOW))
            await asyncio.sleep(0.5)
            t = time.monotonic()
            second = await c.post("/api/v2/execute", json=SLOW)
            first_still_running = not first.done()
            return await first, second, time.monotonic() - t, first_still_running

    first, second, waited, first_still_running = run_async(two())
    assert first.status_code == 200 and first.json()["run"]["stdout"] == "slow\n", first.text
    assert second.status_code == 429 and second.json()["error"] == "run_in_progress", second.text
    assert "already in progress" in second.json()["detail"] and int(second.headers["retry-after"]) >= 1
    assert first_still_running, f"the refusal waited for the first run ({waited:.2f}s) instead of answering at once"
    again = httpx.post(app_server.url + "/api/v2/execute", json=SLOW, cookies=cookies, timeout=60)
    assert again.status_code == 200, again.text


def test_the_apps_execute_api_takes_json_only(app_server):
    cookies = _signed_in(app_server)
    r = httpx.post(app_server.url + "/api/v2/execute", content='{"language": "python"}', cookies=cookies,
                   headers={"content-type": "text/plain", "origin": app_server.url}, timeout=30)
    assert r.status_code == 415 and r.json()["error"] == "unsupported_media_type", r.text


def test_health_counts_the_sandbox_slots(app_server):
    for _ in range(100):  # a slot is free again once its work dir is fresh, a moment after its last run
        body = app_server.get("/health").json()
        if body["sandbox"]["free"] == settings.workers:
            break
        time.sleep(0.1)
    assert body["status"] == "ok"
    counts = {k: body["sandbox"][k] for k in ("slots", "free", "retired")}
    assert counts == {"slots": settings.workers, "free": settings.workers, "retired": 0}, body
    assert body["sandbox"]["runs"] >= 1 and "runners" not in body["sandbox"]  # its self-check ran here
