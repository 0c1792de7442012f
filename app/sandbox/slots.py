"""Worker slots: each has its own unprivileged uid, its own pooled cgroup and its own size-capped work dir
(a tmpfs mounted once when the server is root; RLIMIT_FSIZE alone caps one file, not a disk fill)."""
from __future__ import annotations

import atexit
import os
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

from app.config import settings
from app.sandbox import cgroups

UID_BASE = 200_000  # far above any real account; no /etc/passwd entry is needed


@dataclass
class Slot:
    index: int
    uid: int | None
    workdir: Path
    cgroup: object
    mounted: bool = False
    spare: object = None  # asyncio.Task -> the box (bwrap + waiter) for the next run, started between runs

    def reset(self) -> None:
        """Empty the work dir without following anything the last program left there."""
        for entry in os.scandir(self.workdir):
            if entry.is_dir(follow_symlinks=False):
                shutil.rmtree(entry.path, ignore_errors=True)
            else:
                try:
                    os.unlink(entry.path)
                except FileNotFoundError:
                    pass
        if self.uid is not None:
            os.chown(self.workdir, self.uid, self.uid)
        os.chmod(self.workdir, 0o700)

    def close(self) -> None:
        self.cgroup.kill_all()
        if self.mounted:
            subprocess.run(["umount", "-l", str(self.workdir)], capture_output=True)
        shutil.rmtree(self.workdir, ignore_errors=True)


def slot_uids(pid: int, count: int = 64) -> range:
    """The uids a server process gives its slots: distinct per process, so two servers on one machine never
    share an RLIMIT_NPROC budget."""
    start = UID_BASE + (pid % 10_000) * 64
    return range(start, start + count)


def _base_dir() -> Path:
    root = Path(settings.sandbox_dir) if settings.sandbox_dir else (
        Path("/run/parley-sandbox") if os.geteuid() == 0 else Path(settings.parley_data_dir) / "sandbox")
    base = root / str(os.getpid())
    base.mkdir(parents=True, exist_ok=True)
    os.chmod(root, 0o711)
    os.chmod(base, 0o711)
    return base


def create(count: int) -> list[Slot]:
    from app.sandbox import reaper

    reaper.enable_subreaper()
    base = _base_dir()
    root = os.geteuid() == 0
    uid0 = slot_uids(os.getpid()).start
    slots = []
    for i in range(count):
        wd = base / f"slot{i}"
        wd.mkdir(exist_ok=True)
        mounted = False
        if root:
            r = subprocess.run(["mount", "-t", "tmpfs", "-o",
                                f"size={settings.workdir_mb}m,mode=0700,nosuid,nodev", "tmpfs", str(wd)],
                               capture_output=True)
            mounted = r.returncode == 0
        slot = Slot(i, uid0 + i if root else None, wd, cgroups.make(f"{os.getpid()}-{i}"), mounted)
        slot.reset()
        slots.append(slot)
    atexit.register(lambda: [s.close() for s in slots])
    return slots
