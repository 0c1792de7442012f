"""Run one program in one slot: write the files, compile once if the language needs it, run, read back the
files asked for. Output is read incrementally and capped, so a flood never grows the server's memory."""
from __future__ import annotations

import asyncio
import os
import re
import resource
import signal
import stat
import time
from pathlib import Path

from app.config import settings
from app.sandbox import isolate, reaper
from app.sandbox.languages import Language, version
from app.sandbox.slots import Slot
from app.sandbox.types import ExecRequest, ExecResult, StageResult

_MEMORY_ERRORS = re.compile(r"MemoryError|std::bad_alloc|OutOfMemoryError|heap out of memory|"
                            r"Cannot allocate memory|out of memory", re.I)
_COLLECT_MAX = 8 * 1024 * 1024


async def _pump(stream: asyncio.StreamReader, cap: int, state: dict, key: str, on_overflow) -> None:
    buf = bytearray()
    while True:
        chunk = await stream.read(65536)
        if not chunk:
            break
        room = cap - len(buf)
        if room > 0:
            buf += chunk[:room]
        if len(chunk) > room:
            state["truncated"] = True
            on_overflow()
    state[key] = bytes(buf)


def _signal_name(code: int | None) -> str | None:
    # bwrap reports a child killed by signal N as exit status 128+N.
    if code is not None and 128 < code <= 128 + 64:
        try:
            return signal.Signals(code - 128).name
        except ValueError:
            return None
    if code is not None and code < 0:
        return signal.Signals(-code).name
    return None


async def run_stage(slot: Slot, cmd: list[str], lang: Language, stdin: bytes, timeout_ms: int, memory_mb: int,
                    compile_stage: bool = False) -> StageResult:
    memory_bytes = memory_mb * 1024 * 1024
    slot.cgroup.prepare(memory_bytes + 32 * 1024 * 1024, settings.max_processes)
    cpu_s = max(1, -(-timeout_ms // 1000))
    limits = {resource.RLIMIT_NPROC: settings.max_processes, resource.RLIMIT_FSIZE: settings.max_file_bytes,
              resource.RLIMIT_CORE: 0, resource.RLIMIT_NOFILE: 256, resource.RLIMIT_CPU: cpu_s + 1}
    if slot.cgroup.kind == "none":  # the address-space cap is then the only memory cap there is
        limits[resource.RLIMIT_AS] = max(lang.address_space_mb, memory_mb) * 1024 * 1024
    elif not lang.address_space_mb:  # reservation-hungry runtimes (JVM, V8, Go) are held by the cgroup alone
        limits[resource.RLIMIT_AS] = memory_mb * 4 * 1024 * 1024
    sfd = isolate.seccomp_fd()
    argv = isolate.bwrap_argv(cmd, str(slot.workdir), lang.binds, lang.env, sfd, settings.sandbox_tmp_mb)
    state: dict = {"truncated": False, "stdout": b"", "stderr": b""}
    start = time.monotonic()
    proc = await asyncio.create_subprocess_exec(
        *argv, stdin=asyncio.subprocess.PIPE, stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE,
        env={"PATH": "/usr/bin:/bin"}, pass_fds=(sfd,) if sfd is not None else (), start_new_session=True,
        preexec_fn=isolate.make_preexec(slot.uid, slot.cgroup.procs_files(), limits))
    reaper.track(proc.pid)
    if sfd is not None:
        os.close(sfd)

    def kill() -> None:
        try:
            os.killpg(proc.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
        slot.cgroup.kill_all()

    cap = settings.max_output_bytes
    pumps = [asyncio.create_task(_pump(proc.stdout, cap, state, "stdout", kill)),
             asyncio.create_task(_pump(proc.stderr, cap, state, "stderr", kill))]

    async def feed() -> None:
        try:
            if stdin:
                proc.stdin.write(stdin)
                await proc.stdin.drain()
        except (BrokenPipeError, ConnectionResetError):
            pass
        finally:
            try:
                proc.stdin.close()
            except (BrokenPipeError, ConnectionResetError):
                pass

    feeder = asyncio.create_task(feed())
    timed_out = False
    try:
        await asyncio.wait_for(proc.wait(), timeout_ms / 1000)
    except asyncio.TimeoutError:
        timed_out = True
        kill()
        await proc.wait()
    finally:
        slot.cgroup.kill_all()
        reaper.untrack(proc.pid)
    wall_ms = (time.monotonic() - start) * 1000
    try:
        await asyncio.wait_for(asyncio.gather(*pumps, feeder), timeout=5)
    except asyncio.TimeoutError:  # a grandchild kept a pipe open: it is dead now, stop waiting
        for t in (*pumps, feeder):
            t.cancel()
    await reaper.settle(slot.uid)
    usage = slot.cgroup.usage()
    code = proc.returncode
    sig = _signal_name(code)
    stderr = state["stderr"].decode("utf-8", "replace")
    cpu_ms = usage.cpu_ns / 1e6
    if timed_out or sig in ("SIGXCPU",) or (cpu_ms and cpu_ms >= cpu_s * 1000):
        status = "time_limit"
    elif usage.oom_killed or (code != 0 and _MEMORY_ERRORS.search(stderr)):
        status = "memory_limit"
    elif state["truncated"]:
        status = "output_limit"
    elif code != 0:
        status = "compile_error" if compile_stage else "runtime_error"
    else:
        status = "ok"
    if sig == "SIGXFSZ" and status == "runtime_error":
        stderr += "\n[file size limit exceeded]"
    return StageResult(stdout=state["stdout"].decode("utf-8", "replace"), stderr=stderr,
                       code=None if sig else code, signal=sig or ("SIGKILL" if timed_out else None), status=status,
                       wall_time_ms=round(wall_ms, 2), cpu_time_ms=round(cpu_ms, 2),
                       memory_kb=usage.memory_peak_bytes // 1024, truncated=state["truncated"])


def _expand(template: tuple[str, ...], files: list[str], sources: list[str], memory_mb: int) -> list[str]:
    out: list[str] = []
    for part in template:
        if part == "{files}":
            out += sources
        else:
            out.append(part.replace("{main}", files[0]).replace("{class}", Path(files[0]).stem)
                       .replace("{heap}", str(max(32, memory_mb * 3 // 4))))
    return out


def _collect(slot: Slot, names: list[str]) -> dict[str, bytes]:
    """Read back files the program wrote, refusing symlinks and anything but a regular file."""
    out: dict[str, bytes] = {}
    dirfd = os.open(slot.workdir, os.O_RDONLY | os.O_DIRECTORY)
    try:
        for name in names:
            try:
                fd = os.open(name, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK, dir_fd=dirfd)
            except OSError:
                continue
            try:
                if stat.S_ISREG(os.fstat(fd).st_mode):
                    out[name] = os.read(fd, _COLLECT_MAX)
            finally:
                os.close(fd)
    finally:
        os.close(dirfd)
    return out


async def execute_in_slot(slot: Slot, req: ExecRequest, lang: Language, limits: dict) -> ExecResult:
    slot.reset()
    names = []
    for f in req.files:
        path = slot.workdir / f.name
        path.write_bytes(f.data())
        os.chmod(path, 0o644)
        names.append(f.name)
    ext = Path(lang.source).suffix
    sources = [n for n in names if n.endswith(ext)] or names[:1]
    result = ExecResult(language=lang.id, version=version(lang), run=None)
    if lang.compiled:
        result.compile = await run_stage(slot, _expand(lang.compile, names, sources, lang.compile_memory_mb), lang,
                                         b"", limits["compile_timeout_ms"], lang.compile_memory_mb, True)
        if result.compile.status != "ok":
            result.status = "compile_error" if result.compile.status == "compile_error" else result.compile.status
            return result
    run_cmd = _expand(lang.run, names, sources, limits["run_memory_mb"]) + list(req.args)
    result.run = await run_stage(slot, run_cmd, lang, req.stdin.encode(), limits["run_timeout_ms"],
                                 limits["run_memory_mb"])
    result.status = result.run.status
    if req.collect:
        result.files = _collect(slot, req.collect)
    return result
