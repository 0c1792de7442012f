"""How a sandbox is built: the bubblewrap command line, the seccomp filter, the waiter that execs the run inside
it, and the gate that holds bwrap back until the server has set the slot's cgroups and rlimits, then drops to
the slot's uid (bwrap must never run as root: the sandbox uid would map to host root and RLIMIT_NPROC would not
apply)."""
from __future__ import annotations

import errno
import json
import os
import sysconfig
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


# What every box needs whatever the language: the dynamic loader and shared libraries, the C.UTF-8 locale, and
# the waiter's Python. Everything else of /usr comes from the languages' `binds`.
MULTIARCH = sysconfig.get_config_var("MULTIARCH") or f"{os.uname().machine}-linux-gnu"
BASE_BINDS = (f"/usr/lib/{MULTIARCH}", "/usr/lib64", "/usr/lib/locale", "/etc/ld.so.cache", "/etc/localtime",
              "/usr/bin/python3.11", "/usr/lib/python3.11")


def bind_args(paths: tuple[str, ...]) -> list[str]:
    """Read-only binds of exactly `paths` (those that exist). A symlink is recreated as the same link and what it
    points at is bound too, so a toolchain finds itself where it expects to (g++ -> g++-12 -> ...); anything
    inside a bound directory is there already. Never `/` or all of `/usr`."""
    links: dict[str, str] = {}
    real: set[str] = set()
    for path in paths:
        for _ in range(16):
            path = os.path.normpath(path)
            if not os.path.islink(path):
                if os.path.exists(path) and path not in ("/", "/usr"):
                    real.add(path)
                break
            links[path] = os.readlink(path)
            path = os.path.join(os.path.dirname(path), links[path])

    def inside(p: str, dirs) -> bool:
        return any(p.startswith(d + "/") for d in dirs)

    kept = sorted(p for p in real if not inside(p, real))
    out = [arg for p in kept for arg in ("--ro-bind", p, p)]
    return out + [arg for p, t in sorted(links.items()) if not inside(p, kept) for arg in ("--symlink", t, p)]


def box_argv(workdir: str, binds: tuple[str, ...], seccomp_fd: int | None, tmp_mb: int,
             channel_fd: int | None = None) -> list[str]:
    """A sandbox with nothing running in it yet but WAITER, which execs the run's command when it comes.
    `channel_fd`: the write end of the box's result channel, inherited under that number (the waiter moves it
    to fd 3 for a run that asks for a channel and closes it for one that does not)."""
    argv = [BWRAP, "--unshare-all", "--unshare-user", "--disable-userns", "--die-with-parent", "--new-session",
            "--uid", "65534", "--gid", "65534", "--hostname", "sandbox",
            "--symlink", "usr/bin", "/bin", "--symlink", "usr/lib", "/lib"]
    if os.path.exists("/usr/lib64"):
        argv += ["--symlink", "usr/lib64", "/lib64"]
    argv += bind_args((*BASE_BINDS, *binds))
    argv += ["--proc", "/proc", "--dev", "/dev", "--size", str(tmp_mb * 1024 * 1024), "--tmpfs", "/tmp",
             "--bind", workdir, BOX, "--chdir", BOX, "--remount-ro", "/", "--clearenv"]
    if seccomp_fd is not None:
        argv += ["--seccomp", str(seccomp_fd)]
    return argv + ["--", *WAITER_ARGV, str(-1 if channel_fd is None else channel_fd)]


def seccomp_fd() -> int | None:
    """A fresh readable fd holding the filter (bwrap consumes it)."""
    prog = seccomp_program()
    if prog is None:
        return None
    r, w = os.pipe()
    os.write(w, prog)
    os.close(w)
    return r


# The first process in a box: it reads one length-prefixed JSON header from stdin (the run's argv, environment,
# rlimits and whether it has a result channel) and execs the command, leaving the rest of stdin to the program.
# Every fd but 0-2 (and the channel, as fd 3, when the run asked for it) is closed first. Everything that costs
# time (joining the slot's cgroups, ~12 ms on cgroup v1; bwrap's namespaces and mounts, ~20 ms) is done before the run comes:
# a long-lived server starts each slot's next box between runs. It runs under the box's seccomp filter, as the
# sandbox uid, so nothing it does is more privileged than the program that replaces it.
WAITER = """import json, os, resource, sys
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
ch = int(sys.argv[1])
if m.get("channel") and ch >= 0:
    if ch != 3:
        os.dup2(ch, 3)
    os.set_inheritable(3, True)
    os.closerange(4, 1 << 16)
else:
    os.closerange(3, 1 << 16)
os.execve(m["argv"][0], m["argv"], m["env"])
"""
WAITER_ARGV = ("/usr/bin/python3.11", "-I", "-S", "-c", WAITER)


def run_header(argv: list[str], env: dict[str, str], rlimits: dict[int, int], channel: bool = False) -> bytes:
    body = json.dumps({"argv": argv, "env": {**SANDBOX_ENV, **env}, "rlimits": sorted(rlimits.items()),
                       "channel": channel}).encode()
    return len(body).to_bytes(4, "big") + body


def gate(uid: int | None) -> tuple[str, ...]:
    """The command a box starts as: a shell that waits for one line on stdin, then becomes the slot's uid and
    execs bwrap. Spawning it needs no uid change or preexec hook, so Python vforks (0.3 ms) instead of forking
    the whole server (~11 ms with a server-sized heap, on the event loop); meanwhile the server puts it in the
    slot's cgroups and sets its rlimits from a thread. dash reads a pipe byte by byte: the rest is the run's."""
    drop = ("/usr/bin/setpriv", f"--reuid={uid}", f"--regid={uid}", "--clear-groups", "--") if uid is not None else ()
    return ("/bin/sh", "-c", 'read -r _ && exec "$@"', "gate", *drop)
