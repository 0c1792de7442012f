"""Two app workers sharing one deployment: the full app on 127.0.0.1 and a second worker (pages too) on 127.0.0.2,
same port, same data dir (SQLite), same throw-away Redis, so a test decides which worker each client talks to."""
from __future__ import annotations

import asyncio
import json
import shutil
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.conftest import ROOT, AppServer, _wait_ready, free_port, start_app, stop_app


RUNS_PER_MINUTE = 6  # low enough that a test can reach it; no other test here runs that often for one person


@dataclass
class Workers:
    a: AppServer
    b: AppServer


async def next_of(ws, kind: str, where=lambda m: True, timeout: float = 60) -> dict:
    """The next JSON message of `type` kind (and matching `where`) on a websocket; others are skipped."""
    async def find():
        while True:
            m = json.loads(await ws.recv())
            if m["type"] == kind and where(m):
                return m
    return await asyncio.wait_for(find(), timeout)


def start_second_worker(first: AppServer, *, pages: bool = False, **env) -> AppServer:
    """A second backend with the first one's environment: `reflex run --backend-only` on a free port, or with
    `pages` one that serves the pages too, on 127.0.0.2 and the first one's port (tests/workers/pages_worker.py), so
    browsers can be put on either worker."""
    env = {**first.env, **env}
    if pages:
        host, port = "127.0.0.2", first.port
        cmd = [sys.executable, "-m", "tests.workers.pages_worker", host, str(port)]
        env["REFLEX_ENV_MODE"] = "prod"
    else:
        host, port = "127.0.0.1", free_port()
        cmd = [sys.executable, "-m", "reflex", "run", "--env", "prod", "--backend-only", "--backend-port", str(port),
               "--backend-host", host]
    log = first.data_dir / f"worker-{host}-{port}.log"
    proc = subprocess.Popen(cmd, cwd=ROOT, env=env, stdout=log.open("w"), stderr=subprocess.STDOUT,
                            start_new_session=True)
    server = AppServer(f"http://{host}:{port}", port, first.data_dir, proc, log, env)
    try:
        _wait_ready(server.url, proc, log, timeout=180, page=pages)
    except Exception:
        stop_app(server)
        raise
    return server


@pytest.fixture(scope="package")
def workers(redis_server):
    """One pair for the whole folder (each start costs about a minute); a test that kills one restarts it."""
    data_dir = Path(tempfile.mkdtemp(prefix="parley-workers-"))
    a = start_app(data_dir, {"REDIS_URL": redis_server.url, "RUNS_PER_MINUTE": str(RUNS_PER_MINUTE)})
    try:
        b = start_second_worker(a, pages=True)
    except Exception:
        stop_app(a)
        raise
    pair = Workers(a, b)
    yield pair
    stop_app(pair.b)
    stop_app(pair.a)
    shutil.rmtree(data_dir, ignore_errors=True)
