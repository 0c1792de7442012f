"""How one sandboxed process is started: the bubblewrap command line, the seccomp filter, and the privilege drop
plus rlimits applied in the child before bwrap runs (bwrap must never run as root: the sandbox uid would map to
host root and RLIMIT_NPROC would not apply)."""
from __future__ import annotations

import errno
import json
import os
import resource
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


def bwrap_argv(cmd: list[str], workdir: str, binds: tuple[str, ...], env: dict[str, str], seccomp_fd: int | None,
               tmp_mb: int) -> list[str]:
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
    for k, v in {**SANDBOX_ENV, **env}.items():
        argv += ["--setenv", k, v]
    if seccomp_fd is not None:
        argv += ["--seccomp", str(seccomp_fd)]
    return argv + ["--", *cmd]


def seccomp_fd() -> int | None:
    """A fresh readable fd holding the filter (bwrap consumes it)."""
    prog = seccomp_program()
    if prog is None:
        return None
    r, w = os.pipe()
    os.write(w, prog)
    os.close(w)
    return r


# A process started ahead of a run, already in the slot's cgroups, as the slot's uid, with its fixed rlimits;
# it reads one length-prefixed JSON header from stdin (argv, env, per-run rlimits) and execs bwrap, leaving
# the rest of stdin to the program. Joining a cgroup costs ~12 ms on cgroup v1 (the kernel waits for an RCU
# grace period): done between runs, it is off the path of the next one.
LAUNCHER = """import json, os, resource
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
LAUNCHER_ARGV = ("/usr/bin/python3.11", "-I", "-S", "-c", LAUNCHER)


def launch_header(argv: list[str], env: dict[str, str], rlimits: dict[int, int]) -> bytes:
    body = json.dumps({"argv": argv, "env": env, "rlimits": sorted(rlimits.items())}).encode()
    return len(body).to_bytes(4, "big") + body


def make_preexec(uid: int | None, procs_files: list[str], limits: dict[int, int]):
    """Runs in the child between fork and exec: join the slot's cgroups (as root), drop to the slot's uid, then
    apply rlimits (RLIMIT_NPROC counts per host uid, so one uid per slot makes it per job)."""
    def preexec() -> None:
        pid = str(os.getpid())
        for f in procs_files:
            with open(f, "w") as fh:
                fh.write(pid)
        if uid is not None:
            os.setgroups([])
            os.setgid(uid)
            os.setuid(uid)
        for res, value in limits.items():
            resource.setrlimit(res, (value, value))
    return preexec
