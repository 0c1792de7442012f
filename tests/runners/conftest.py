"""Runner hosts for the pool: real sandbox servers (`python -m app.sandbox serve` with SANDBOX_TOKEN) on free
loopback ports, and this process's settings pointed at them (RUNNER_URLS, the token)."""
from __future__ import annotations

import ctypes
import os
import signal
from pathlib import Path

import httpx
import pytest

from app.sandbox import cgroups

from tests.sandbox.conftest import start_server

TOKEN = "runner-pool-token-for-these-tests-7d2c"


class Host:
    def __init__(self, proc, server, sandbox_dir: Path):
        self.proc, self.server, self.sandbox_dir = proc, server, sandbox_dir
        self.url = server.url

    def stats(self) -> dict:
        return httpx.get(self.url + "/health", timeout=10).json()["sandbox"]

    def kill(self) -> None:
        """SIGKILL, as a host dies: nothing is cleaned up by the server (see free_killed)."""
        os.kill(self.proc.pid, signal.SIGKILL)
        self.proc.wait(timeout=20)
        free_killed(self.proc.pid, self.sandbox_dir)

    def stop(self) -> None:
        if self.proc.poll() is None:
            self.proc.terminate()
            self.proc.wait(timeout=30)


def start_host(tmp_path: Path, name: str, **env: str) -> Host:
    data = tmp_path / name
    data.mkdir()
    sandbox_dir = Path("/run/parley-sandbox")  # the root server's default (slot uids must reach their dirs)
    env = {"SANDBOX_TOKEN": TOKEN, "SANDBOX_ROOM_SLOTS": "0", **env}
    proc, server = start_server(data, **{k: v for k, v in env.items() if v is not None})
    return Host(proc, server, sandbox_dir)


def free_killed(pid: int, sandbox_dir: Path) -> None:
    """What a SIGKILLed server leaves: its slots' tmpfs mounts and cgroups (their boxes died with it)."""
    libc = ctypes.CDLL(None, use_errno=True)
    base = str(sandbox_dir / str(pid))
    with open("/proc/self/mounts") as f:
        mounts = [line.split()[1] for line in f if line.split()[1].startswith(base + "/")]
    for m in mounts:
        libc.umount2(os.fsencode(m), 2)  # MNT_DETACH
    for d in sorted(Path(base).glob("slot*")) + [Path(base)]:
        try:
            d.rmdir()
        except OSError:
            pass
    for ctl in ("memory", "pids", "cpuacct", "unified"):
        group = Path("/sys/fs/cgroup") / ctl / cgroups.GROUP
        cgroups._rmdir(*(group.glob(f"{pid}-*") if group.is_dir() else ()))


@pytest.fixture
def pooled(monkeypatch):
    """Point this process at runner hosts: call it with the hosts (or URLs) to use."""
    from app.config import settings
    from app.sandbox import pool

    monkeypatch.setattr(pool.limiter, "per_minute", 0)
    monkeypatch.setattr(settings, "sandbox_token", TOKEN)

    def use(*hosts, token: str = TOKEN) -> None:
        monkeypatch.setattr(settings, "sandbox_token", token)
        monkeypatch.setattr(settings, "runner_urls", ",".join(getattr(h, "url", h) for h in hosts))

    return use


@pytest.fixture
def two_hosts(tmp_path):
    hosts = [start_host(tmp_path, "a"), start_host(tmp_path, "b")]
    yield hosts
    for h in hosts:
        h.stop()
