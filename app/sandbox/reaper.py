"""bwrap's helper process outlives it and is re-parented to PID 1, which in a container often never reaps:
zombies pile up. The server makes itself a child subreaper so they come back to it, and reaps them by pid
(never `waitpid(-1)`, which would steal exit statuses asyncio is waiting for)."""
from __future__ import annotations

import ctypes
import os

PR_SET_CHILD_SUBREAPER = 36
_active: set[int] = set()


def enable_subreaper() -> bool:
    try:
        return ctypes.CDLL(None, use_errno=True).prctl(PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0) == 0
    except (OSError, AttributeError):
        return False


def track(pid: int) -> None:
    _active.add(pid)


def untrack(pid: int) -> None:
    _active.discard(pid)


def _stat(pid: int | str) -> list[str] | None:
    """/proc/PID/stat after the command name: [state, ppid, ...]; None when there is no such process."""
    try:
        with open(f"/proc/{pid}/stat") as f:
            return f.read().rsplit(")", 1)[1].split()
    except (OSError, IndexError):
        return None


def state(pid: int) -> str | None:
    """The process's state letter (R, S, Z, ...); None when there is no such process."""
    fields = _stat(pid)
    return fields[0] if fields else None


def descends(pid: int, root: int) -> bool:
    """Whether `pid` is `root` or below it (a box is bwrap, its init and the program: three levels)."""
    for _ in range(8):
        if pid == root:
            return True
        fields = _stat(pid)
        if not fields or int(fields[1]) <= 1:
            return False
        pid = int(fields[1])
    return False


def tree(root: int) -> list[int]:
    """`root` and every process below it."""
    return [int(e) for e in os.listdir("/proc") if e.isdigit() and descends(int(e), root)]


def reap_orphans() -> int:
    """Reap zombie children that no running job is waiting for; returns how many."""
    me, reaped = os.getpid(), 0
    for entry in os.listdir("/proc"):
        if not entry.isdigit() or int(entry) in _active:
            continue
        fields = _stat(entry)
        if fields and fields[0] == "Z" and int(fields[1]) == me:
            try:
                os.waitpid(int(entry), os.WNOHANG)
                reaped += 1
            except ChildProcessError:
                pass
    return reaped


def _uid_alive(uid: int) -> bool:
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                if os.stat(f"/proc/{entry}").st_uid == uid:
                    return True
            except OSError:
                pass
    return False


async def settle(uid: int | None, timeout: float = 1.0) -> None:
    """After a run: reap bwrap's helper once it exits, so nothing of the slot's uid is left for the next run."""
    import asyncio

    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout
    while True:
        reap_orphans()
        if uid is None or not _uid_alive(uid) or loop.time() > deadline:
            return
        await asyncio.sleep(0.005)
