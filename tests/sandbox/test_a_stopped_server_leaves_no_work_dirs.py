"""A sandbox server stopped with SIGTERM unmounts and removes its slots' work dirs (uvicorn re-raises the signal
after its graceful shutdown, so an atexit hook never ran: every stop used to leave its tmpfs mounts behind)."""
import os

from tests.sandbox.conftest import start_server


def _mounts_under(path: str) -> list[str]:
    with open("/proc/mounts") as f:
        return [line.split()[1] for line in f if line.split()[1].startswith(path + "/")]


def test_sigterm_leaves_no_mounts_or_dirs(tmp_path):
    proc, server = start_server(tmp_path)
    base = f"/run/parley-sandbox/{proc.pid}"
    assert server.execute("python", "print('ran')")["run"]["stdout"] == "ran\n"
    assert len(_mounts_under(base)) >= 1
    proc.terminate()
    proc.wait(timeout=30)
    assert _mounts_under(base) == []
    assert not os.path.exists(base), os.listdir(base)
