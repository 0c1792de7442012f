"""The sandbox's start-up, for the app's and the standalone server's lifespan: the slots come up (refusing weak
ones unless allowed, see slots.create), then a box proves it cannot see the server's private paths, then every
slot's box is built. A server whose box can see any of them refuses to start and names them."""
from __future__ import annotations

import contextlib
import json
import os
import sys

from app.config import ROOT, settings
from app.sandbox.errors import SandboxError

# Runs in a box: for each path it is given, the (device, inode) found there, or null when there is nothing.
PROBE = """import json, os, sys
def seen(p):
    try:
        st = os.stat(p)
        return [st.st_dev, st.st_ino]
    except OSError:
        return None
print(json.dumps({p: seen(p) for p in json.load(sys.stdin)}))"""


def private_paths() -> list[str]:
    """What no program may see: the project dir, its .env, the data dir, the database and the secret file."""
    data = settings.parley_data_dir
    paths = [ROOT, ROOT / ".env", data, data / "secret"]
    if settings.db_url.startswith("sqlite:///"):
        paths.append(ROOT / settings.db_url.removeprefix("sqlite:///"))
    return [str(p) for p in dict.fromkeys(paths) if p.exists()]


async def self_check() -> None:
    """Run PROBE in a box; SandboxError naming every private path whose very file (same device and inode) is
    reachable there."""
    from app.sandbox import ExecRequest, File, execute

    paths = private_paths()
    res = await execute(ExecRequest("python", [File("main.py", PROBE)], stdin=json.dumps(paths)), local=True,
                        lane="room")
    if res.status != "ok" or res.run is None:
        detail = (res.run.stderr if res.run else "")[-500:]
        raise SandboxError(f"refusing to start: the sandbox self-check could not run ({res.status}): {detail}")
    seen = json.loads(res.run.stdout)
    visible = [p for p in paths if seen.get(p) == [os.stat(p).st_dev, os.stat(p).st_ino]]
    if visible:
        raise SandboxError("refusing to start: a sandboxed program can see " + ", ".join(visible) +
                           " (move the data dir or the project out of the toolchain paths the sandbox binds)")


@contextlib.asynccontextmanager
async def serving():
    """Lifespan: start the slots, prove the sandbox private, keep boxes warm, free the slots at the end; refuse
    to start otherwise. With RUNNER_URLS nothing runs here: no slots, no bubblewrap, no root (the runner hosts
    proved themselves when they started)."""
    if settings.runner_urls:
        yield
        return
    from app.sandbox.pool import get_pool
    from app.sandbox.runner import warm_boxes

    try:
        get_pool()._ensure()
        await self_check()
    except SandboxError as e:
        print(f"parley sandbox: {e}", file=sys.stderr, flush=True)
        await get_pool().close()
        raise
    try:
        async with warm_boxes():
            yield
    finally:
        await get_pool().close()
