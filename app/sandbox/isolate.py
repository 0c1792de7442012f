"""How a sandbox is built: the bubblewrap command line, the seccomp filter, the waiter that execs the run inside
it, and the gate that holds bwrap back until the server has set the slot's cgroups and rlimits, then drops to
the slot's uid (bwrap must never run as root: the sandbox uid would map to host root and RLIMIT_NPROC would not
apply)."""
from __future__ import annotations

import errno
import json
import os
import tempfile
from functools import lru_cache

BWRAP = "/usr/bin/bwrap"
BOX = "/box"
# Syscalls no judged program needs and that widen the attack surface or let one process inspect another.
DENIED_SYSCALLS = ("ptrace", "process_vm_readv", "process_vm_writev", "kexec_load", "kexec_file_load",
                   "init_module", "finit_module", "delete_module", "mount", "umount2", "pivot_root", "swapon",
                   "swapoff", "reboot", "setns", "unshare", "bpf", "perf_event_open", "userfaultfd", "keyctl",
                   "add_key", "request_key", "acct", "quotactl", "lookup_dcookie", "open_by_handle_at",
                   "name_to_handle_at", "iopl", "ioperm", "syslog", "personality")
SANDBOX_ENV = {"PATH": "/usr/bin:/bin", "HOME": "/tmp", "LANG": "C.UTF-8", "TMPDIR": "/tmp"}


@lru_cache(maxsize=1)
def seccomp_program() -> bytes | None:
    """The BPF program (compiled once). None when libseccomp is unavailable: bwrap then runs without it."""
    try:
        import pyseccomp as sc
    except (ImportError, OSError):
        return None
    f = sc.SyscallFilter(defaction=sc.ALLOW)
    for name in DENIED_SYSCALLS:
        try:
            f.add_rule(sc.ERRNO(errno.EPERM), name)
        except (RuntimeError, ValueError, OSError):
            pass  # syscall unknown on this architecture
    with tempfile.TemporaryFile() as t:
        f.export_bpf(t)
        t.seek(0)
        return t.read()


def box_argv(workdir: str, binds: tuple[str, ...], seccomp_fd: int | None, tmp_mb: int) -> list[str]:
    """A sandbox with nothing running in it yet but WAITER, which execs the run's command when it comes."""
    argv = [BWRAP, "--unshare-all", "--unshare-user", "--disable-userns", "--die-with-parent", "--new-session",
            "--uid", "65534", "--gid", "65534", "--hostname", "sandbox",
            "--ro-bind", "/usr", "/usr",
            "--symlink", "usr/bin", "/bin", "--symlink", "usr/lib", "/lib", "--symlink", "usr/sbin", "/sbin"]
    if os.path.exists("/usr/lib64"):
        argv += ["--symlink", "usr/lib64", "/lib64"]
    for path in ("/etc/ld.so.cache", "/etc/alternatives", "/etc/localtime", *binds):
        if os.path.exists(path):
            argv += ["--ro-bind", path, path]
    argv += ["--proc", "/proc", "--dev", "/dev", "--size", str(tmp_mb * 1024 * 1024), "--tmpfs", "/tmp",
             "--bind", workdir, BOX, "--chdir", BOX, "--remount-ro", "/", "--clearenv"]
    if seccomp_fd is not None:
        argv += ["--seccomp", str(seccomp_fd)]
    return argv + ["--", *WAITER_ARGV]


def seccomp_fd() -> int | None:
    """A fresh readable fd holding the filter (bwrap consumes it)."""
    prog = seccomp_program()
    if prog is None:
        return None
    r, w = os.pipe()
    os.write(w, prog)
    os.close(w)
    return r


# The first process in a box: it reads one length-prefixed JSON header from stdin (the run's argv, environment and
# rlimits) and execs the command, leaving the rest of stdin to the program. Everything that costs time (joining
# the slot's cgroups, ~12 ms on cgroup v1; bwrap's namespaces and mounts, ~20 ms) is done before the run comes:
# a long-lived server starts each slot's next box between runs. It runs under the box's seccomp filter, as the
# sandbox uid, so nothing it does is more privileged than the program that replaces it.
WAITER = """import json, os, resource
def take(n):
    b = b""
    while len(b) < n:
        c = os.read(0, n - len(b))
        if not c:
            os._exit(0)
        b += c
    return b
m = json.loads(take(int.from_bytes(take(4), "big")))
for k, v in m["rlimits"]:
    resource.setrlimit(k, (v, v))
os.execve(m["argv"][0], m["argv"], m["env"])
"""
WAITER_ARGV = ("/usr/bin/python3.11", "-I", "-S", "-c", WAITER)


def run_header(argv: list[str], env: dict[str, str], rlimits: dict[int, int]) -> bytes:
    body = json.dumps({"argv": argv, "env": {**SANDBOX_ENV, **env}, "rlimits": sorted(rlimits.items())}).encode()
    return len(body).to_bytes(4, "big") + body


def gate(uid: int | None) -> tuple[str, ...]:
    """The command a box starts as: a shell that waits for one line on stdin, then becomes the slot's uid and
    execs bwrap. Spawning it needs no uid change or preexec hook, so Python vforks (0.3 ms) instead of forking
    the whole server (~11 ms with a server-sized heap, on the event loop); meanwhile the server puts it in the
    slot's cgroups and sets its rlimits from a thread. dash reads a pipe byte by byte: the rest is the run's."""
    drop = ("/usr/bin/setpriv", f"--reuid={uid}", f"--regid={uid}", "--clear-groups", "--") if uid is not None else ()
    return ("/bin/sh", "-c", 'read -r _ && exec "$@"', "gate", *drop)
