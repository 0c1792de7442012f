"""A slot whose work dir cannot be made fresh (here: its mount point vanished under it while it ran, as a tmp
cleaner or an operator might do) leaves the pool and a new slot takes its place: every later run succeeds, and
/health counts the retired slot."""
import asyncio
import os
import subprocess

import httpx

from app.config import settings
from tests.conftest import run_async
from tests.sandbox.conftest import start_server
from tests.sandbox.leftovers import CHECK, FRESH, post


def _health(url: str) -> dict:
    return httpx.get(url + "/health", timeout=10).json()


def test_a_slot_whose_work_dir_vanished_is_retired_and_replaced(tmp_path):
    proc, server = start_server(tmp_path)
    try:
        base = f"/run/parley-sandbox/{proc.pid}"
        before = _health(server.url)["sandbox"]
        assert before == {"slots": settings.workers, "free": settings.workers, "retired": 0, "runs": 1}, before
        victim = f"{base}/slot0"
        assert os.path.ismount(victim)

        async def busy_everywhere():
            async with httpx.AsyncClient(base_url=server.url, timeout=60) as c:
                runs = [asyncio.create_task(c.post("/api/v2/execute", json={
                    "language": "python", "files": [{"content": "import time\ntime.sleep(1.5)\nprint('slept')"}]}))
                        for _ in range(settings.workers)]
                await asyncio.sleep(0.7)  # every slot (slot0 too) is running a program now
                subprocess.run(["umount", "-l", victim], check=True)
                os.rmdir(victim)
                with open(victim, "w") as f:  # nothing can be mounted on a file
                    f.write("not a directory")
                return await asyncio.gather(*runs)

        for r in run_async(busy_everywhere()):
            assert r.status_code == 200 and r.json()["run"]["stdout"] == "slept\n", r.text
        with httpx.Client(base_url=server.url, timeout=60) as c:
            for i in range(3 * settings.workers):
                r = post(c, CHECK)
                assert r.status_code == 200, (i, r.text[:300])
                assert r.json()["run"]["stdout"].strip() == FRESH, r.json()
        after = _health(server.url)["sandbox"]
        assert after["retired"] == 1 and after["slots"] == settings.workers, after
        assert os.path.ismount(f"{base}/slot{settings.workers}"), "the replacement has its own fresh work dir"
    finally:
        proc.terminate()
        proc.wait(timeout=20)
