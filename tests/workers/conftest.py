"""Two app workers sharing one deployment: the full app on one port and a second backend process on another, both
on the same data dir (SQLite) and the same throw-away Redis, so a test decides which worker each client talks to."""
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


def start_second_worker(first: AppServer, **env) -> AppServer:
    """`reflex run --backend-only` on a free port with the first one's environment (its pages stay the first's)."""
    port = free_port()
    env = {**first.env, **env}
    log = first.data_dir / f"worker-{port}.log"
    proc = subprocess.Popen(
        [sys.executable, "-m", "reflex", "run", "--env", "prod", "--backend-only", "--backend-port", str(port),
         "--backend-host", "127.0.0.1"],
        cwd=ROOT, env=env, stdout=log.open("w"), stderr=subprocess.STDOUT, start_new_session=True)
    server = AppServer(f"http://127.0.0.1:{port}", port, first.data_dir, proc, log, env)
    try:
        _wait_ready(server.url, proc, log, timeout=180, page=False)
    except Exception:
        stop_app(server)
        raise
    return server


@pytest.fixture(scope="package")
def workers(redis_server):
    """One pair for the whole folder (each start costs about a minute); a test that kills one restarts it."""
    data_dir = Path(tempfile.mkdtemp(prefix="parley-workers-"))
    a = start_app(data_dir, {"REDIS_URL": redis_server.url})
    try:
        b = start_second_worker(a)
    except Exception:
        stop_app(a)
        raise
    pair = Workers(a, b)
    yield pair
    stop_app(pair.b)
    stop_app(pair.a)
    shutil.rmtree(data_dir, ignore_errors=True)
