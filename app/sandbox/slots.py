"""Worker slots: each has its own unprivileged uid, its own pooled cgroup and its own size-capped work dir (a
tmpfs, replaced by a fresh one after every run: RLIMIT_FSIZE alone caps one file, not a disk fill). Without root
nothing caps a work dir: the sandbox then refuses to start unless SANDBOX_ALLOW_WEAK=1."""
from __future__ import annotations

import atexit
import logging
import os
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

from app.config import private_dir, settings
from app.sandbox import cgroups, workdir
from app.sandbox.errors import SandboxError

UID_BASE = 200_000  # far above any real account; no /etc/passwd entry is needed
UIDS_PER_PROCESS = 64
log = logging.getLogger(__name__)


@dataclass(eq=False)
class Slot:
    index: int
    uid: int | None
    workdir: Path
    cgroup: object
    mounted: bool = False
    spare: object = None  # asyncio.Task -> the box (bwrap + waiter) for the next run, started between runs
    dirty: bool = False   # a run has used the work dir since it was last made fresh
    lock: threading.Lock = field(default_factory=threading.Lock, repr=False)  # one clean at a time

    def clean(self, timeout_s: float) -> None:
        """Make the work dir fresh, in a thread; OSError or TimeoutError when it cannot be done in time."""
        deadline = time.monotonic() + timeout_s
        if not self.lock.acquire(timeout=timeout_s):  # a clean cut short on another event loop still runs
            raise TimeoutError(f"slot {self.index}: an earlier clean is still running")
        try:
            if self.mounted:
                workdir.renew(self.workdir, settings.workdir_mb, self.uid)
            else:
                workdir.empty(self.workdir, deadline)
                if self.uid is not None:
                    os.chown(self.workdir, self.uid, self.uid)
            self.dirty = False
        finally:
            self.lock.release()

    def swap_now(self) -> int | None:
        """A fresh tmpfs at once (see workdir.swap): the fd whose closing frees the old one; None when this slot
        has no tmpfs or a clean of it is running elsewhere (then `clean` it in a thread). OSError if it fails."""
        if not self.mounted or not self.lock.acquire(blocking=False):
            return None
        try:
            old = workdir.swap(self.workdir, settings.workdir_mb, self.uid)
            self.dirty = False
            return old
        finally:
            self.lock.release()

    def retire(self) -> None:
        """Out of service for good: kill what is left in it; its work dir is freed in the background."""
        _live.discard(self)  # (close_all at shutdown does not wait for it)
        self.cgroup.kill_all()
        threading.Thread(target=self.close, name=f"retire-slot{self.index}", daemon=True).start()

    def close(self, timeout_s: float = 600) -> None:
        """Kill what is left, unmount and remove the work dir, delete the cgroup (the slot is never used again)."""
        _live.discard(self)
        locked = self.lock.acquire(timeout=min(timeout_s, 5))  # let a clean in flight finish first
        self.cgroup.kill_all()
        try:
            if self.mounted:
                workdir.unmount(self.workdir)
            workdir.empty(self.workdir, time.monotonic() + timeout_s)
            self.workdir.rmdir()
        except (OSError, TimeoutError):
            pass  # a work dir that vanished or cannot go: nothing more to free here
        finally:
            if locked:
                self.lock.release()
        self.cgroup.remove()


_live: set[Slot] = set()
_bases: set[Path] = set()


def slot_uids(pid: int, count: int = UIDS_PER_PROCESS) -> range:
    """The uids a server process gives its slots: distinct per process, so two servers on one machine never
    share an RLIMIT_NPROC budget."""
    start = UID_BASE + (pid % 10_000) * UIDS_PER_PROCESS
    return range(start, start + count)


def _base_dir() -> Path:
    if settings.sandbox_dir:
        root = Path(settings.sandbox_dir)
    elif os.geteuid() == 0:
        root = Path("/run/parley-sandbox")
    else:
        root = private_dir(settings.parley_data_dir) / "sandbox"
    base = root / str(os.getpid())
    base.mkdir(parents=True, exist_ok=True)
    os.chmod(root, 0o711)  # slot uids must reach their own work dir, and list nothing
    os.chmod(base, 0o711)
    _bases.add(base)
    return base


def make(index: int) -> Slot:
    """A new slot: its own uid (as root), cgroup and fresh work dir. Its work dir is a tmpfs when mounting works;
    `mounted` says whether it is."""
    root = os.geteuid() == 0
    if root and index >= UIDS_PER_PROCESS:
        raise SandboxError(f"no uid left for a new sandbox slot ({UIDS_PER_PROCESS} per server process)")
    uid = slot_uids(os.getpid()).start + index if root else None
    wd = _base_dir() / f"slot{index}"
    wd.mkdir(exist_ok=True)
    mounted = False
    if root:
        try:
            workdir.mount_tmpfs(wd, settings.workdir_mb, uid)
            mounted = True
        except OSError as e:
            log.warning("sandbox slot %d: %s; its work dir has no size cap", index, e)
            os.chown(wd, uid, uid)
    os.chmod(wd, 0o700)
    slot = Slot(index, uid, wd, cgroups.make(f"{os.getpid()}-{index}"), mounted)
    _live.add(slot)
    return slot


WEAK = ("refusing to start: the sandbox cannot cap the size of its work dirs here ({why}), so a program could "
        "fill the disk. Run the server as root (each slot's work dir is then its own tmpfs), or set "
        "SANDBOX_ALLOW_WEAK=1 to run anyway with per-file limits only.")


def create(count: int) -> list[Slot]:
    """The pool's first slots; SandboxError if their work dirs cannot be size-capped and that is not allowed."""
    from app.sandbox import reaper

    reaper.enable_subreaper()
    slots = [make(i) for i in range(count)]
    if not all(s.mounted for s in slots):
        why = "not running as root" if os.geteuid() != 0 else "mounting a tmpfs failed"
        if not settings.sandbox_allow_weak:
            for s in slots:
                _live.discard(s)
                s.close()
            raise SandboxError(WEAK.format(why=why))
        log.warning("SANDBOX_ALLOW_WEAK=1: %s; work dirs are capped per file only", why)
    return slots


def close_all() -> None:
    """Free every slot of this process and its base dir: at the end of a server's lifespan (uvicorn re-raises
    SIGTERM after its graceful shutdown, so atexit never runs there) and at exit."""
    for s in list(_live):
        s.close(timeout_s=5)
    for base in _bases:
        try:
            base.rmdir()
        except OSError:
            pass  # a retired slot's work dir is still being freed, or was replaced by something else


atexit.register(close_all)
