"""Run one program in one slot: write the files, compile once if the language needs it, then run it once or
several times (each run in a fresh box, with its own files, stdin and result channel), read back the files asked
for. Output is read incrementally and capped, so a flood never grows the server's memory."""
from __future__ import annotations

import asyncio
import contextlib
import os
import re
import resource
import signal
import stat
import time
from pathlib import Path

from app.config import settings
from app.sandbox import isolate, reaper
from app.sandbox.languages import LANGUAGES, Language, version
from app.sandbox.slots import Slot
from app.sandbox.types import Channel, ExecRequest, ExecResult, Record, Run, StageResult

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


def _fixed_limits() -> dict[int, int]:
    return {resource.RLIMIT_NPROC: settings.max_processes, resource.RLIMIT_FSIZE: settings.max_file_bytes,
            resource.RLIMIT_CORE: 0, resource.RLIMIT_NOFILE: 256}


_ENV = {"PATH": "/usr/bin:/bin"}


# Every toolchain's read-only paths, so one box fits whichever language the next run is in.
_BINDS = tuple(dict.fromkeys(path for lang in LANGUAGES.values() for path in lang.binds))


async def _box(slot: Slot) -> asyncio.subprocess.Process:
    """A sandbox in the slot (its cgroups, its uid, the fixed rlimits) with the waiter in it (see
    isolate.WAITER), ready to exec whatever run comes. The last run's processes are gone first (see settle)."""
    await reaper.settle(slot.uid)
    sfd = isolate.seccomp_fd()
    chan_r, chan_w = os.pipe()  # the result channel (see Channel): the box holds the write end
    if slot.uid is not None:  # so a runtime that can only open paths (the JVM: /proc/self/fd/3) may open it
        os.fchown(chan_w, slot.uid, slot.uid)
    argv = isolate.box_argv(str(slot.workdir), _BINDS, sfd, settings.sandbox_tmp_mb, channel_fd=chan_w)
    try:
        proc = await asyncio.create_subprocess_exec(
            *isolate.gate(slot.uid), *argv, stdin=asyncio.subprocess.PIPE, stdout=asyncio.subprocess.PIPE,
            stderr=asyncio.subprocess.PIPE, env=_ENV, pass_fds=(chan_w,) + ((sfd,) if sfd is not None else ()),
            start_new_session=True)
    except BaseException:
        os.close(chan_r)
        raise
    finally:
        os.close(chan_w)
    proc.parley_channel = chan_r
    reaper.track(proc.pid)
    if sfd is not None:
        os.close(sfd)
    try:  # joining cgroups blocks ~12 ms on cgroup v1 (an RCU grace period): a thread waits, not the server
        await asyncio.get_running_loop().run_in_executor(None, _enter, slot, proc.pid)
    except BaseException:
        _kill_box(proc)
        raise
    proc.stdin.write(b"\n")  # through the gate: bwrap starts inside the slot's cgroups
    return proc


def _enter(slot: Slot, pid: int) -> None:
    """Put the gate process in the slot's cgroups and give it the fixed rlimits; bwrap inherits both
    (RLIMIT_NPROC counts per host uid, so one uid per slot makes it per job)."""
    slot.cgroup.attach(pid)
    for res, value in _fixed_limits().items():
        resource.prlimit(pid, res, (value, value))


def _kill_box(proc: asyncio.subprocess.Process) -> None:
    """Kill a box nobody will use; its stdin closes, so a waiter that outlived bwrap exits at EOF."""
    for pid in reaper.tree(proc.pid):
        try:
            os.kill(pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
    reaper.untrack(proc.pid)
    proc.stdin.close()
    _channel_fd(proc, close=True)


def _channel_fd(proc: asyncio.subprocess.Process, close: bool = False) -> int | None:
    """Take the server's end of a box's result channel (closing it when nobody will read it)."""
    fd, proc.parley_channel = getattr(proc, "parley_channel", None), None
    if fd is not None and close:
        os.close(fd)
        return None
    return fd


def _ready(task: asyncio.Task | None) -> asyncio.subprocess.Process | None:
    """The box a finished spawn task produced; None while it runs or if it failed."""
    if task is None or not task.done() or task.cancelled() or task.exception() is not None:
        return None
    return task.result()


def _drop(task: asyncio.Task) -> None:
    """Kill a spare nobody will use (its event loop is gone, or it died); the reaper collects it."""
    spare = _ready(task)
    if spare is not None:
        _kill_box(spare)


async def _take_spare(slot: Slot) -> asyncio.subprocess.Process | None:
    """The slot's waiting box; None when there is none (not warm, first run, another loop, it died)."""
    task, slot.spare = slot.spare, None
    if task is None:
        return None
    if task.get_loop() is not asyncio.get_running_loop():
        _drop(task)
        return None
    try:
        spare = await task
    except Exception:  # could not start: the box built for the run will say what is wrong
        return None
    if spare.returncode is None and reaper.state(spare.pid) not in (None, "Z", "X"):
        return spare  # (asyncio may not have noticed an exit yet: the kernel's state says)
    _drop(task)  # killed while it waited (an admin, the OOM killer): never hand a dead one a run
    return None


_warm = False  # long-lived servers only (see warm_boxes): a loop that closes mid-spawn would hang


def rearm(slot: Slot) -> None:
    """Start building the slot's next box. The pool calls this once the work dir is fresh: a box binds the work
    dir it finds when it is built, so one built before a clean would still see the old one."""
    if _warm and slot.spare is None:
        slot.spare = asyncio.get_running_loop().create_task(_box(slot))


def discard_spare(slot: Slot) -> None:
    """Stop the slot's waiting box (its work dir is about to be replaced, or the slot retired)."""
    task, slot.spare = slot.spare, None
    if task is None:
        return
    if task.done():
        _drop(task)
    else:
        task.add_done_callback(_drop)


@contextlib.asynccontextmanager
async def warm_boxes():
    """For a server's lifespan: build each slot's box at start-up and its next one after every run. On shutdown,
    boxes being started are awaited (cancelling one mid-spawn leaves asyncio waiting on it) and all are stopped."""
    global _warm
    from app.sandbox.pool import get_pool

    _warm = True
    pool = get_pool()
    pool._ensure()
    for slot in pool._slots:  # so the first run after start-up finds its box built too
        if not slot.dirty:  # (a slot being cleaned gets its box when its clean is done)
            rearm(slot)
    try:
        yield
    finally:
        _warm = False
        for slot in get_pool()._slots or []:
            task, slot.spare = slot.spare, None
            if task is not None and task.get_loop() is asyncio.get_running_loop():
                await asyncio.wait([task])
                _drop(task)
                if (spare := _ready(task)) is not None:  # let asyncio see it exit and close up
                    with contextlib.suppress(asyncio.TimeoutError):
                        await asyncio.wait_for(spare.wait(), 5)


def spare_pids(slots: list[Slot]) -> list[int]:
    """Pids of the boxes waiting in slots, each with its processes (bwrap, its init, the waiter): they run as
    the slot's uid between runs by design."""
    return [pid for s in slots if (spare := _ready(s.spare)) is not None for pid in reaper.tree(spare.pid)]


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


class _ChannelReader(asyncio.Protocol):
    """The server's end of a run's result channel: stamps every line as it arrives with the supervisor's clocks
    (wall since the run started, the slot's CPU counter), writes the next feed chunk to the program's stdin, and
    stops the run on a flood (`overflow`) or, from `watch`, when the next line is overdue (`overdue`)."""

    def __init__(self, channel: Channel, start: float, cpu, stdin: asyncio.StreamWriter, stop):
        self.channel, self.start, self.cpu, self.stdin, self.stop = channel, start, cpu, stdin, stop
        self.records: list[Record] = []
        self.buf = bytearray()
        self.total = 0
        self.overflow = self.overdue = False
        self.last_wall, self.last_cpu = start, None
        self.closed = asyncio.get_running_loop().create_future()

    def data_received(self, data: bytes) -> None:
        if self.overflow:
            return
        now = time.monotonic()
        self.total += len(data)
        if self.total > settings.max_channel_bytes:
            return self._flood()
        self.buf += data
        if b"\n" not in data:
            return
        cpu = self.cpu()
        *lines, rest = self.buf.split(b"\n")
        self.buf = bytearray(rest)
        feed = self.channel.feed
        for line in lines:
            if len(self.records) >= len(feed) + 2:  # one line per chunk fed, plus "ready" and a last one
                return self._flood()
            self.records.append(Record(bytes(line), round((now - self.start) * 1000, 3), cpu))
            j = len(self.records) - 1
            if j < len(feed):
                self.stdin.write(feed[j].encode())
                if j == len(feed) - 1:
                    self.stdin.close()
        self.last_wall, self.last_cpu = now, cpu

    def _flood(self) -> None:
        self.overflow = True
        self.buf = bytearray()
        self.stop()

    def connection_lost(self, exc) -> None:
        if not self.closed.done():
            self.closed.set_result(None)

    async def watch(self) -> None:
        """Stop the run as soon as the line it owes is overdue. CPU grows at most os.cpu_count() times as fast
        as the wall clock, so sleeping for the CPU left divided by that never oversleeps a limit."""
        ch, cores = self.channel, os.cpu_count() or 1
        while True:
            now = time.monotonic()
            if not self.records:
                wall_left, cpu_left = ch.first_ms - (now - self.start) * 1000, float("inf")
            else:
                wall_left = ch.gap_ms - (now - self.last_wall) * 1000
                cpu = self.cpu()
                cpu_left = ch.gap_cpu_ms - ((now - self.last_wall) * 1000 if cpu is None else cpu - self.last_cpu)
            if wall_left <= 0 or cpu_left <= 0:
                self.overdue = True
                self.stop()
                return
            await asyncio.sleep(max(0.005, min(wall_left / 1000, cpu_left / 1000 / cores, 0.5)))


def _cpu_counter(slot: Slot):
    """The slot's CPU counter in ms (the kernel's accounting for everything in the box); None without a
    cgroup, where the watchdog and the judge fall back to the wall clock."""
    if slot.cgroup.kind == "none":
        return lambda: None
    return lambda: slot.cgroup.usage().cpu_ns / 1e6


async def run_stage(slot: Slot, cmd: list[str], lang: Language, stdin: bytes, timeout_ms: int, memory_mb: int,
                    compile_stage: bool = False, channel: Channel | None = None) -> StageResult:
    memory_bytes = memory_mb * 1024 * 1024
    proc = await _take_spare(slot) or await _box(slot)
    chan_fd = _channel_fd(proc, close=channel is None)
    slot.cgroup.prepare(memory_bytes + 32 * 1024 * 1024, settings.max_processes, keep=proc.pid)
    cpu_s = max(1, -(-timeout_ms // 1000))
    limits = {resource.RLIMIT_CPU: cpu_s + 1}  # this run's own; the box already has the fixed ones (_enter)
    if slot.cgroup.kind == "none":  # the address-space cap is then the only memory cap there is
        limits[resource.RLIMIT_AS] = max(lang.address_space_mb, memory_mb) * 1024 * 1024
    elif not lang.address_space_mb:  # reservation-hungry runtimes (JVM, V8, Go) are held by the cgroup alone
        limits[resource.RLIMIT_AS] = memory_mb * 4 * 1024 * 1024
    state: dict = {"truncated": False, "stdout": b"", "stderr": b""}
    start = time.monotonic()
    # the waiter execs the command with these
    proc.stdin.write(isolate.run_header(cmd, lang.env, limits, channel=channel is not None))

    def kill() -> None:
        try:
            os.killpg(proc.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
        slot.cgroup.kill_all()

    cap = settings.max_output_bytes
    pumps = [asyncio.create_task(_pump(proc.stdout, cap, state, "stdout", kill)),
             asyncio.create_task(_pump(proc.stderr, cap, state, "stderr", kill))]

    reader = transport = watchdog = None
    if channel is not None:
        reader = _ChannelReader(channel, start, _cpu_counter(slot), proc.stdin, kill)
        try:
            transport, _ = await asyncio.get_running_loop().connect_read_pipe(
                lambda: reader, os.fdopen(chan_fd, "rb", buffering=0))
        except BaseException:
            kill()
            raise
        watchdog = asyncio.create_task(reader.watch())
    keep_open = channel is not None and bool(channel.feed)  # the reader closes stdin after the last chunk

    async def feed() -> None:
        try:
            if stdin:
                proc.stdin.write(stdin)
                await proc.stdin.drain()
        except (BrokenPipeError, ConnectionResetError):
            pass
        finally:
            try:
                if not keep_open:
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
        if watchdog is not None:
            watchdog.cancel()
        slot.cgroup.kill_all()
        reaper.untrack(proc.pid)
    wall_ms = (time.monotonic() - start) * 1000
    waits = [*pumps, feeder] + ([reader.closed] if reader is not None else [])
    try:
        await asyncio.wait_for(asyncio.gather(*waits), timeout=5)
    except asyncio.TimeoutError:  # a grandchild kept a pipe open: it is dead now, stop waiting
        for t in waits:
            t.cancel()
    if transport is not None:
        transport.close()
        proc.stdin.close()
    usage = slot.cgroup.usage()
    if not _warm:  # (warm: the pool settles and builds the next box off this run's path, see rearm)
        await reaper.settle(slot.uid)
    code = proc.returncode
    sig = _signal_name(code)
    stderr = state["stderr"].decode("utf-8", "replace")
    cpu_ms = usage.cpu_ns / 1e6
    overdue, flooded = (reader.overdue, reader.overflow) if reader is not None else (False, False)
    if timed_out or overdue or sig in ("SIGXCPU",) or (cpu_ms and cpu_ms >= cpu_s * 1000):
        status = "time_limit"
    elif usage.oom_killed or (code != 0 and _MEMORY_ERRORS.search(stderr)):
        status = "memory_limit"
    elif state["truncated"] or flooded:
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
                       memory_kb=usage.memory_peak_bytes // 1024, truncated=state["truncated"],
                       records=reader.records if reader is not None else [])


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
    """Read back files the program wrote, refusing symlinks and anything but a regular file. All of them together
    hold at most _COLLECT_MAX bytes (hard links could show one file under every name): a file past what is left
    is left out whole, never cut, so a caller never takes a prefix for the file."""
    out: dict[str, bytes] = {}
    left = _COLLECT_MAX
    dirfd = os.open(slot.workdir, os.O_RDONLY | os.O_DIRECTORY)
    try:
        for name in dict.fromkeys(names):
            try:
                fd = os.open(name, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK, dir_fd=dirfd)
            except OSError:
                continue
            try:
                st = os.fstat(fd)
                if stat.S_ISREG(st.st_mode) and st.st_size <= left:
                    data = os.read(fd, left + 1)
                    if len(data) <= left:  # it did not grow since: a box still writing is gone by now
                        out[name] = data
                        left -= len(data)
            finally:
                os.close(fd)
    finally:
        os.close(dirfd)
    return out


def _write(slot: Slot, files) -> list[str]:
    """Write files into the work dir. After a run the program owns it: whatever it left under a file's name (a
    symlink out of the dir, a FIFO that would block the server, a directory) is moved aside or removed first, never
    followed or opened, and the file is created afresh."""
    dirfd = os.open(slot.workdir, os.O_RDONLY | os.O_DIRECTORY)
    try:
        for f in files:
            try:
                os.unlink(f.name, dir_fd=dirfd)
            except FileNotFoundError:
                pass
            except OSError:  # a directory (maybe deep: never walked on the server's path), or the like
                os.rename(f.name, f".aside-{os.urandom(6).hex()}", src_dir_fd=dirfd, dst_dir_fd=dirfd)
            fd = os.open(f.name, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW, 0o644, dir_fd=dirfd)
            with os.fdopen(fd, "wb") as out:
                os.fchmod(fd, 0o644)  # whatever the server's umask
                out.write(f.data())
    finally:
        os.close(dirfd)
    return [f.name for f in files]


async def execute_in_slot(slot: Slot, req: ExecRequest, lang: Language, limits: dict) -> ExecResult:
    names = _write(slot, req.files)  # the pool hands out a slot only with a fresh, empty work dir
    ext = Path(lang.source).suffix
    sources = [n for n in names if n.endswith((ext, *lang.link_inputs))] or names[:1]
    result = ExecResult(language=lang.id, version=version(lang), run=None)
    if lang.compiled:
        result.compile = await run_stage(slot, _expand(lang.compile, names, sources, lang.compile_memory_mb), lang,
                                         b"", limits["compile_timeout_ms"], lang.compile_memory_mb, True)
        if result.compile.status != "ok":
            result.status = "compile_error" if result.compile.status == "compile_error" else result.compile.status
            return result
    run_cmd = _expand(lang.run, names, sources, limits["run_memory_mb"])
    runs = req.runs or [Run(stdin=req.stdin, args=list(req.args), collect=list(req.collect))]
    timeouts = limits.get("run_timeouts") or [limits["run_timeout_ms"]]
    deadline = time.monotonic() + limits["run_timeout_ms"] / 1000  # with several runs: the budget of all
    for run, timeout_ms in zip(runs, timeouts):
        left = int((deadline - time.monotonic()) * 1000)
        if left <= 0:
            result.runs.append(StageResult(status="time_limit", stderr="[not started: no time left in the "
                                                                       "request's run_timeout]"))
            break
        _write(slot, run.files)  # after the earlier runs ended: they never saw these
        stage = await run_stage(slot, run_cmd + list(run.args), lang, run.stdin.encode(), min(timeout_ms, left),
                                limits["run_memory_mb"], channel=run.channel)
        if run.collect:
            stage.files = _collect(slot, run.collect)
        result.runs.append(stage)
        if stage.status != "ok":
            break
    result.run = result.runs[-1]
    result.status, result.files = result.run.status, result.run.files
    return result
