"""Fresh work dirs, whatever the last program left in them. As root a slot's work dir is its own tmpfs and is
swapped for a new one (lazy unmount, mount: O(1) however many files, however deep); the old one's files are freed
when the last reference to it goes, which `swap` keeps in an fd so that this happens in a thread. Without root an
iterative cleaner empties the dir, in a thread: no recursion and no path longer than one name (subdirectories are
moved up to the top and emptied there), links are removed and never followed, fifos and sockets are never
opened, and what a program locked (mode 000) is unlocked first."""
from __future__ import annotations

import ctypes
import os
import stat
import time
from pathlib import Path

MNT_DETACH = 2
MS_NOSUID, MS_NODEV = 2, 4
HOIST = ".~parley"  # prefix of the names subdirectories get when moved up to the top to be emptied

_libc = ctypes.CDLL(None, use_errno=True)


def _check(rc: int, what: str) -> None:
    if rc != 0:
        err = ctypes.get_errno()
        raise OSError(err, f"{what}: {os.strerror(err)}")


def mount_tmpfs(path: Path, size_mb: int, uid: int | None) -> None:
    """A new, empty tmpfs of `size_mb` on `path`, owned by `uid`, mode 0700, no setuid and no devices."""
    opts = f"size={size_mb}m,mode=0700" + (f",uid={uid},gid={uid}" if uid is not None else "")
    _check(_libc.mount(b"tmpfs", os.fsencode(path), b"tmpfs", MS_NOSUID | MS_NODEV, opts.encode()),
           f"mount tmpfs on {path}")


def unmount(path: Path) -> None:
    """Detach the mount on `path` now; the kernel frees it when the last box using it is gone."""
    _check(_libc.umount2(os.fsencode(path), MNT_DETACH), f"unmount {path}")


def swap(path: Path, size_mb: int, uid: int | None) -> int:
    """A new, empty tmpfs on `path` now (two quick syscalls: nothing is freed here); returns an fd holding the old
    one, whose files the kernel frees when that fd is closed (10^5 files: ~0.7 s; close it in a thread)."""
    old = os.open(path, os.O_PATH | os.O_DIRECTORY | os.O_NOFOLLOW)
    try:
        unmount(path)
        mount_tmpfs(path, size_mb, uid)
    except BaseException:
        os.close(old)
        raise
    return old


def renew(path: Path, size_mb: int, uid: int | None) -> None:
    """Replace the tmpfs on `path` with a new, empty one, freeing the old one here (call it from a thread)."""
    os.close(swap(path, size_mb, uid))


def empty(root: Path, deadline: float) -> None:
    """Remove everything under `root` (kept itself); TimeoutError past `deadline` (time.monotonic())."""
    _unlock(root)  # a program may have locked the work dir itself
    top = os.open(root, os.O_RDONLY | os.O_DIRECTORY | os.O_NOFOLLOW)
    try:
        hoisted = 0
        while True:
            pending = [e.name for e in os.scandir(top)]
            if not pending:
                return
            while pending:
                name = pending.pop()
                if _is_dir(top, name):
                    hoisted = _empty_dir(top, name, pending, hoisted, deadline)
                    os.rmdir(name, dir_fd=top)
                else:
                    _unlink(top, name)
                if time.monotonic() > deadline:
                    raise TimeoutError(f"cleaning {root} took too long")
    finally:
        os.close(top)


def _unlock(name: str | Path, dirfd: int | None = None) -> None:
    """chmod 0700 the directory `name` itself: opened without following a link, changed through its fd (a
    name swapped for a link meanwhile fails instead of unlocking what the link points at)."""
    fd = os.open(name, os.O_PATH | os.O_DIRECTORY | os.O_NOFOLLOW, dir_fd=dirfd)
    try:
        os.chmod(f"/proc/self/fd/{fd}", 0o700)
    finally:
        os.close(fd)


def _is_dir(dirfd: int, name: str) -> bool:
    try:
        return stat.S_ISDIR(os.stat(name, dir_fd=dirfd, follow_symlinks=False).st_mode)
    except FileNotFoundError:
        return False


def _unlink(dirfd: int, name: str) -> None:
    try:
        os.unlink(name, dir_fd=dirfd)
    except FileNotFoundError:
        pass


def _empty_dir(top: int, name: str, pending: list[str], hoisted: int, deadline: float) -> int:
    """Unlink the non-directories in top/name and move its subdirectories up to top (added to `pending`)."""
    _unlock(name, top)
    fd = os.open(name, os.O_RDONLY | os.O_DIRECTORY | os.O_NOFOLLOW, dir_fd=top)
    try:
        for i, entry in enumerate(os.scandir(fd)):
            if entry.is_dir(follow_symlinks=False):
                _unlock(entry.name, fd)  # moving a directory rewrites its ".." entry
                hoisted = _hoist(fd, entry.name, top, pending, hoisted)
            else:
                _unlink(fd, entry.name)
            if i % 1024 == 1023 and time.monotonic() > deadline:
                raise TimeoutError("cleaning a work dir took too long")
    finally:
        os.close(fd)
    return hoisted


def _hoist(src: int, name: str, top: int, pending: list[str], hoisted: int) -> int:
    """Move directory src/name to top under a fresh name; a name the program already used is skipped."""
    for _ in range(1000):
        new = f"{HOIST}{hoisted}"
        hoisted += 1
        try:
            os.stat(new, dir_fd=top, follow_symlinks=False)
            continue  # taken (the program chose it, or it is waiting in `pending`)
        except FileNotFoundError:
            pass
        os.rename(name, new, src_dir_fd=src, dst_dir_fd=top)
        pending.append(new)
        return hoisted
    raise OSError(f"no free name to move {name!r} to")
