"""The execution contract shared by the local runner, the Piston client and the judge.

One request is one compile (if the language has one) followed by one run, or by several `runs`: each in a fresh
box, with its own files written just before it starts, its own stdin, args and collected files; the work dir
(compiled artefacts) persists between the runs of a request, and a run starts only if every earlier one ended
`ok`. A run may ask for a result `channel` (see Channel)."""
from __future__ import annotations

import base64
from dataclasses import dataclass, field
from typing import Optional

STATUSES = ("ok", "runtime_error", "time_limit", "memory_limit", "output_limit", "compile_error", "internal_error")


@dataclass
class File:
    name: str
    content: str
    encoding: str = "utf8"  # or "base64" / "hex" (binary files, as in Piston's API)

    def data(self) -> bytes:
        """The file's bytes; ValueError when `content` is not valid for its encoding."""
        if self.encoding == "base64":
            return base64.b64decode(self.content, validate=True)
        if self.encoding == "hex":
            return bytes.fromhex(self.content)
        return self.content.encode()


@dataclass
class Channel:
    """A run's result channel: fd 3 in the box is the write end of a pipe the supervisor reads line by line,
    stamping each line as it arrives with its own wall clock and the slot's CPU counter (clocks the program
    cannot touch). Once line j has arrived, `feed[j]` is written to the program's stdin (line 0 is the
    program saying it is ready), so the program gets its next input only after answering the last one. A watchdog
    stops the run (`time_limit`) when line 0 is not there `first_ms` after the start, or the next line is not
    there `gap_ms` (wall) or `gap_cpu_ms` (the slot's CPU) after the last one; more than len(feed) + 2 lines or
    more bytes than the server's MAX_CHANNEL_BYTES is `output_limit`."""
    feed: list[str] = field(default_factory=list)
    first_ms: int = 5000
    gap_ms: int = 3000
    gap_cpu_ms: int = 1000


@dataclass
class Record:
    """One channel line (without its newline) and the supervisor's clocks when it arrived."""
    data: bytes
    wall_ms: float                 # since the run started
    cpu_ms: Optional[float]        # the slot cgroup's CPU counter since the run started; None without a cgroup


@dataclass
class Run:
    """One run of a request's program (after its one compile)."""
    files: list["File"] = field(default_factory=list)    # written into the work dir just before this run
    stdin: str = ""
    args: list[str] = field(default_factory=list)
    collect: list[str] = field(default_factory=list)
    run_timeout_ms: Optional[int] = None                  # None = the request's; clamped to the maximum
    channel: Optional[Channel] = None


@dataclass
class ExecRequest:
    language: str
    files: list[File]
    version: str = "*"
    stdin: str = ""
    args: list[str] = field(default_factory=list)
    run_timeout_ms: Optional[int] = None      # None = server default; larger values are clamped to the maximum
    compile_timeout_ms: Optional[int] = None
    run_memory_mb: Optional[int] = None
    collect: list[str] = field(default_factory=list)  # work-dir files to read back (O_NOFOLLOW) after the run
    runs: list[Run] = field(default_factory=list)     # several runs after one compile; then run_timeout_ms is
    #                                                   the budget of all of them and stdin/args/collect unused


@dataclass
class StageResult:
    stdout: str = ""
    stderr: str = ""
    code: Optional[int] = None
    signal: Optional[str] = None
    status: str = "ok"
    wall_time_ms: float = 0.0
    cpu_time_ms: float = 0.0
    memory_kb: int = 0
    truncated: bool = False
    records: list[Record] = field(default_factory=list)   # the run's channel lines, if it had a channel
    files: dict[str, bytes] = field(default_factory=dict)  # the run's collected files


@dataclass
class ExecResult:
    language: str
    version: str
    run: Optional[StageResult]
    compile: Optional[StageResult] = None
    status: str = "ok"
    files: dict[str, bytes] = field(default_factory=dict)  # from ExecRequest.collect (the last run's)
    runs: list[StageResult] = field(default_factory=list)  # one per run started (`run` is the last)
