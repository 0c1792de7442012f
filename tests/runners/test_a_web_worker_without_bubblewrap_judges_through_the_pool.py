"""A web worker needs neither bubblewrap nor root with RUNNER_URLS: a process running as nobody, in a mount
namespace where /usr/bin/bwrap is masked, goes through the app's sandbox start-up and judges Python and Java
submits (Java's precompiled library comes back from a runner as collected files) on two runner hosts."""
import json
import os
import shutil
import subprocess
import sysconfig
import tempfile

from tests.conftest import ROOT
from tests.runners.conftest import TOKEN

NOBODY = 65534
WORKER = """
import asyncio, json, os, shutil
from app.problems import get
from app.sandbox import pool, startup
from app.judge import judge

async def main():
    out = {"uid": os.getuid(), "bwrap": shutil.which("bwrap") or os.access("/usr/bin/bwrap", os.X_OK)}
    async with startup.serving():
        for lang in ("python", "java"):
            out[lang] = (await judge("two-sum", lang, get("two-sum").solutions[lang], mode="submit"))["verdict"]
        wrong = "class Solution:\\n    def twoSum(self, nums, target):\\n        return [0, 0]\\n"
        out["wrong"] = (await judge("two-sum", "python", wrong, mode="submit"))["verdict"]
    out["local_slots"] = pool._pool is not None
    print(json.dumps(out))

asyncio.run(main())
"""


def test_a_worker_without_bubblewrap_or_root_judges_through_the_pool(two_hosts):
    data = tempfile.mkdtemp(prefix="parley-worker-", dir="/tmp")
    os.chown(data, NOBODY, NOBODY)
    try:
        env = {"PATH": "/usr/bin:/bin", "HOME": data, "PARLEY_DATA_DIR": data, "SANDBOX_TOKEN": TOKEN,
               "RUNNER_URLS": ",".join(h.url for h in two_hosts), "RUNS_PER_MINUTE": "0",
               "PYTHONPATH": os.pathsep.join([sysconfig.get_paths()["purelib"], str(ROOT)])}
        script = ("mount --bind /dev/null /usr/bin/bwrap && exec /usr/bin/setpriv --reuid=65534 --regid=65534 "
                  "--clear-groups -- /usr/bin/python3.11 -c \"$WORKER\"")
        before = [h.stats()["runs"] for h in two_hosts]
        p = subprocess.run(["/usr/bin/unshare", "--mount", "--propagation", "private", "/bin/sh", "-c", script],
                           cwd=ROOT, env={**env, "WORKER": WORKER}, capture_output=True, text=True, timeout=300)
        assert p.returncode == 0, p.stderr[-3000:]
        out = json.loads(p.stdout.strip().splitlines()[-1])
        assert out == {"uid": NOBODY, "bwrap": False, "python": "accepted", "java": "accepted",
                       "wrong": "wrong_answer", "local_slots": False}, (out, p.stderr[-2000:])
        assert sum(h.stats()["runs"] for h in two_hosts) >= sum(before) + 4  # Java's library build, 3 submits
    finally:
        shutil.rmtree(data, ignore_errors=True)
