"""Memory / pids / CPU accounting groups, one per worker slot, created once and reused (creating and removing a
cgroup per run cost ~15 ms here). Supports cgroup v1 controllers, a v2 hierarchy with memory+pids, or neither
(rlimits still apply; memory is then capped by RLIMIT_AS only)."""
from __future__ import annotations

import os
import signal
import time
from dataclasses import dataclass
from pathlib import Path

from app.sandbox import reaper

V1 = Path("/sys/fs/cgroup")
V2_CANDIDATES = (Path("/sys/fs/cgroup"), Path("/sys/fs/cgroup/unified"))
GROUP = "parley-sandbox"


def _write(path: Path, value: str) -> None:
    with open(path, "w") as f:
        f.write(value)


def _read_int(path: Path, default: int = 0) -> int:
    try:
        return int(path.read_text().split()[0])
    except (OSError, ValueError, IndexError):
        return default


@dataclass
class Usage:
    memory_peak_bytes: int = 0
    cpu_ns: int = 0
    oom_killed: bool = False


class NoCgroup:
    kind = "none"

    def prepare(self, memory_bytes: int, pids: int, keep: int | None = None) -> None:
        pass

    def attach(self, pid: int) -> None:
        pass

    def usage(self) -> Usage:
        return Usage()

    def kill_all(self, keep: int | None = None) -> None:
        pass

    def remove(self) -> None:
        pass


class CgroupV1:
    kind = "v1"

    def __init__(self, slot: str):
        self.mem = V1 / "memory" / GROUP / slot
        self.pids = V1 / "pids" / GROUP / slot
        self.cpu = V1 / "cpuacct" / GROUP / slot
        for d in (self.mem, self.pids, self.cpu):
            d.mkdir(parents=True, exist_ok=True)
        self._oom_before = 0

    def _oom_kills(self) -> int:
        try:
            for line in (self.mem / "memory.oom_control").read_text().splitlines():
                if line.startswith("oom_kill "):
                    return int(line.split()[1])
        except OSError:
            pass
        return _read_int(self.mem / "memory.failcnt")

    def prepare(self, memory_bytes: int, pids: int, keep: int | None = None) -> None:
        """Set this run's limits and zero its counters; anything left in the group but the process tree under
        `keep` (the box the run will exec in) is killed."""
        self.kill_all(keep)
        swap = self.mem / "memory.memsw.limit_in_bytes"
        if swap.exists():  # memsw must stay >= the memory limit: lift it, set memory, then pin swap to zero
            _write(swap, "-1")
        _write(self.mem / "memory.limit_in_bytes", str(memory_bytes))
        if swap.exists():
            _write(swap, str(memory_bytes))
        _write(self.mem / "memory.max_usage_in_bytes", "0")
        _write(self.pids / "pids.max", str(pids))
        _write(self.cpu / "cpuacct.usage", "0")
        self._oom_before = self._oom_kills()

    def attach(self, pid: int) -> None:
        for d in (self.mem, self.pids, self.cpu):
            _write(d / "cgroup.procs", str(pid))

    def usage(self) -> Usage:
        return Usage(_read_int(self.mem / "memory.max_usage_in_bytes"), _read_int(self.cpu / "cpuacct.usage"),
                     self._oom_kills() > self._oom_before)

    def kill_all(self, keep: int | None = None) -> None:
        _kill_listed(self.pids / "cgroup.procs", keep)

    def remove(self) -> None:
        """Delete the slot's groups (once the slot is retired or the server stops)."""
        self.kill_all()
        _rmdir(self.mem, self.pids, self.cpu)


class CgroupV2:
    kind = "v2"

    def __init__(self, root: Path, slot: str):
        parent = root / GROUP
        parent.mkdir(exist_ok=True)
        _write(parent / "cgroup.subtree_control", "+memory +pids")
        self.dir = parent / slot
        self.dir.mkdir(exist_ok=True)
        self._oom_before = 0

    def _events(self) -> int:
        try:
            for line in (self.dir / "memory.events").read_text().splitlines():
                if line.startswith("oom_kill "):
                    return int(line.split()[1])
        except OSError:
            pass
        return 0

    def prepare(self, memory_bytes: int, pids: int, keep: int | None = None) -> None:
        """Set this run's limits and zero its counters; anything left in the group but the process tree under
        `keep` (the box the run will exec in) is killed."""
        self.kill_all(keep)
        _write(self.dir / "memory.max", str(memory_bytes))
        if (self.dir / "memory.swap.max").exists():
            _write(self.dir / "memory.swap.max", "0")
        if (self.dir / "memory.peak").exists():
            try:
                _write(self.dir / "memory.peak", "0")  # resettable on newer kernels
            except OSError:
                pass
        _write(self.dir / "pids.max", str(pids))
        self._oom_before = self._events()
        self._cpu_before = self._cpu()

    def _cpu(self) -> int:
        try:
            for line in (self.dir / "cpu.stat").read_text().splitlines():
                if line.startswith("usage_usec "):
                    return int(line.split()[1]) * 1000
        except OSError:
            pass
        return 0

    def attach(self, pid: int) -> None:
        _write(self.dir / "cgroup.procs", str(pid))

    def usage(self) -> Usage:
        return Usage(_read_int(self.dir / "memory.peak"), self._cpu() - getattr(self, "_cpu_before", 0),
                     self._events() > self._oom_before)

    def kill_all(self, keep: int | None = None) -> None:
        _kill_listed(self.dir / "cgroup.procs", keep)

    def remove(self) -> None:
        """Delete the slot's group (once the slot is retired or the server stops)."""
        self.kill_all()
        _rmdir(self.dir)


def _kill_listed(procs: Path, keep: int | None = None) -> None:
    """SIGKILL whatever is still in the group but the tree under `keep` (orphans that escaped the sandbox's pid
    namespace cannot exist, but a slow-dying tree can)."""
    for _ in range(5):
        try:
            pids = [int(p) for p in procs.read_text().split() if keep is None or not reaper.descends(int(p), keep)]
        except OSError:
            return
        if not pids:
            return
        for pid in pids:
            try:
                os.kill(pid, signal.SIGKILL)
            except ProcessLookupError:
                pass


def _rmdir(*dirs: Path) -> None:
    for d in dirs:
        for _ in range(50):  # a group empties a moment after its last process is killed
            try:
                d.rmdir()
                break
            except FileNotFoundError:
                break
            except OSError:
                time.sleep(0.01)


def make(slot: str):
    """The best cgroup kind this machine allows for one slot."""
    if os.geteuid() != 0:
        return NoCgroup()
    try:
        if (V1 / "memory" / "memory.limit_in_bytes").exists() and (V1 / "pids").is_dir():
            return CgroupV1(slot)
        for root in V2_CANDIDATES:
            ctrl = root / "cgroup.controllers"
            if ctrl.exists() and {"memory", "pids"} <= set(ctrl.read_text().split()):
                return CgroupV2(root, slot)
    except OSError:
        pass
    return NoCgroup()
