"""At start-up a box looks for the server's private paths (the project dir, the data dir, `.env`, the database
and the secret file); if it can see any of them, the server refuses to start and names it. Here the data dir
is put inside a subtree the box binds (the toolchains), as a careless install might do."""
import os
import shutil
import subprocess
import sys
import tempfile

import pytest

from app.sandbox.languages import TOOLCHAINS
from tests.conftest import ROOT, free_port
from tests.sandbox.conftest import server_command, server_env, start_server


@pytest.fixture
def data_dir_inside_a_bound_subtree():
    if not os.path.isdir(TOOLCHAINS):
        pytest.fail(f"{TOOLCHAINS} is missing: run `make setup`")
    d = tempfile.mkdtemp(prefix=".parley-selfcheck-", dir=TOOLCHAINS)
    os.chmod(d, 0o755)  # an older, loose install: what is inside can be read too
    with open(os.path.join(d, "parley.db"), "w") as f:
        f.write("pretend database")
    yield d
    shutil.rmtree(d, ignore_errors=True)


def test_sandbox_server_refuses_to_start_when_a_box_sees_the_data_dir(data_dir_inside_a_bound_subtree):
    data = data_dir_inside_a_bound_subtree
    out = subprocess.run(server_command(free_port()), cwd=ROOT, env=server_env(data), capture_output=True,
                         text=True, timeout=120)
    assert out.returncode != 0, out.stdout[-1000:]
    assert "refusing to start" in out.stderr and data in out.stderr, out.stderr[-3000:]
    assert f"{data}/parley.db" in out.stderr, out.stderr[-3000:]


def test_app_lifespan_refuses_to_start_when_a_box_sees_the_data_dir(data_dir_inside_a_bound_subtree):
    """The app (app.app) serves through the same self-checking lifespan; entering it refuses, naming the path."""
    code = ("import asyncio\nfrom app.app import app\nfrom app.sandbox.startup import serving\n"
            "assert serving in app.get_lifespan_tasks(), app.get_lifespan_tasks()\n"
            "async def main():\n    async with serving():\n        pass\nasyncio.run(main())")
    env = {**os.environ, "PARLEY_DATA_DIR": data_dir_inside_a_bound_subtree}
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True,
                         timeout=180)
    assert out.returncode != 0
    assert "refusing to start" in out.stderr and data_dir_inside_a_bound_subtree in out.stderr, out.stderr[-3000:]


def test_a_normal_start_passes_the_self_check(tmp_path):
    proc, server = start_server(tmp_path)
    try:
        assert server.execute("python", "print('up')")["run"]["stdout"] == "up\n"
    finally:
        proc.terminate()
        proc.wait(timeout=20)
