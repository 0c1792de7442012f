"""The execution contract shared by the local runner, the Piston client and the judge."""
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


@dataclass
class ExecResult:
    language: str
    version: str
    run: Optional[StageResult]
    compile: Optional[StageResult] = None
    status: str = "ok"
    files: dict[str, bytes] = field(default_factory=dict)  # from ExecRequest.collect
