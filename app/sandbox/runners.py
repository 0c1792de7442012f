"""The runner pool (`RUNNER_URLS`): runs go to Parley's own sandbox servers (`python -m app.sandbox serve`, each
with this SANDBOX_TOKEN) instead of this machine, so a web worker needs neither bubblewrap nor root.

Each run goes to the runner with the most free slots: its /health answer (reused for RUNNER_HEALTH_MS) less the
runs this process sent there since. A runner that refuses the connection, the token or the run (busy) ran
nothing: the next one is tried. One whose connection drops before it answers (it died mid-run) costs the run
its one retry, on another runner. An answer - any verdict, or an error the request caused - is never retried:
a program gets one try."""
from __future__ import annotations

import asyncio
import base64
import binascii
import itertools
import logging
import time
from typing import Any

import httpx

from app.config import settings
from app.sandbox.errors import BadRequest, SandboxBusy, SandboxError, TooLarge
from app.sandbox.piston import _stage, parse_result, request_body
from app.sandbox.types import ExecRequest, ExecResult, Record

log = logging.getLogger(__name__)
QUEUE_MARGIN_S = 60  # a run may wait this long in a runner's queue on top of its own time budget


class _Skipped(Exception):
    """Nothing ran on that runner (down, token refused, busy): another may take the run."""

    def __init__(self, why: str, retry_after: int | None = None):
        super().__init__(why)
        self.retry_after = retry_after


class _Dropped(Exception):
    """The runner took the run and its connection dropped before an answer: it died mid-run."""


def wire_body(req: ExecRequest, limits: dict, lane: str, maxima: dict) -> dict[str, Any]:
    """The sandbox server's request body for `req`: Piston's fields, the runs extension and the pool's lane and
    raised maxima (which the runner caps at its own)."""
    body = request_body(req, limits)
    if req.collect:
        body["collect"] = list(req.collect)
    if req.runs:
        body["runs"] = [{"files": [{"name": f.name, "content": f.content, "encoding": f.encoding} for f in r.files],
                         "stdin": r.stdin, "args": list(r.args), "collect": list(r.collect),
                         **({} if r.run_timeout_ms is None else {"run_timeout": r.run_timeout_ms}),
                         **({} if r.channel is None else {"channel": {
                             "feed": list(r.channel.feed), "first_timeout": r.channel.first_ms,
                             "gap_timeout": r.channel.gap_ms, "gap_cpu_time": r.channel.gap_cpu_ms}})}
                        for r in req.runs]
    body["parley"] = {"lane": lane, "maxima": dict(maxima)}
    return body


def _files(d: Any) -> dict[str, bytes]:
    return {str(n): base64.b64decode(v, validate=True) for n, v in (d or {}).items()}


def wire_result(d: dict[str, Any], req: ExecRequest) -> ExecResult:
    """A sandbox server's answer → the ExecResult the local runner would have returned (runs, their channel
    records and collected files included). ValueError/KeyError/TypeError when it is malformed."""
    res = parse_result(d, req.language)
    for s in d.get("runs") or []:
        stage = _stage(s)
        stage.files = _files(s.get("files"))
        stage.records = [Record(base64.b64decode(x["data"], validate=True), float(x["wall_time"]),
                                None if x.get("cpu_time") is None else float(x["cpu_time"]))
                         for x in s.get("records") or []]
        res.runs.append(stage)
    if res.runs:
        res.run = res.runs[-1]
    res.files = _files(d["files"]) if "files" in d else (res.run.files if res.run else {})
    return res


class Runner:
    """One runner host as this process sees it."""

    def __init__(self, url: str):
        self.url = url
        self.state = "unknown"  # up | down | refused | unknown (not asked yet)
        self.error = ""
        self.slots = self.free = self.retired = 0
        self.inflight = 0         # runs this process has there now
        self._inflight_then = 0   # ... when its /health last answered
        self.checked = float("-inf")
        self._checking = False

    def estimate(self) -> int:
        """Free slots now, as far as this process can tell."""
        return min(self.slots - self.inflight, self.free - (self.inflight - self._inflight_then))

    def mark(self, state: str, error: str = "") -> None:
        if state != "up" and self.state != state:
            log.warning("runner %s is %s: %s", self.url, state, error)
        self.state, self.error, self.checked = state, error, time.monotonic()

    def view(self) -> dict:
        return {"url": self.url, "state": self.state, "slots": self.slots, "free": max(self.free, 0),
                "running": self.inflight, "error": self.error}


class RunnerPool:
    def __init__(self, urls: list[str]):
        self.urls = list(urls)
        self.runners = [Runner(u) for u in urls]
        self._turn = itertools.count()
        self._client: httpx.AsyncClient | None = None
        self._loop = None

    def client(self) -> httpx.AsyncClient:
        """One connection pool per event loop (tests run several loops)."""
        loop = asyncio.get_running_loop()
        if self._client is None or self._loop is not loop:
            self._client = httpx.AsyncClient(headers={"Authorization": f"Bearer {settings.sandbox_token}"},
                                             limits=httpx.Limits(max_connections=None, max_keepalive_connections=64))
            self._loop = loop
        return self._client

    async def _check(self, runner: Runner) -> None:
        """Ask its /health for its slots (a runner refusing our token stays `refused` until a run goes through)."""
        runner._checking = True
        try:
            r = await self.client().get(runner.url + "/health",
                                        timeout=settings.runner_connect_timeout_ms / 1000)
            stats = r.json()["sandbox"] if r.status_code == 200 else None
            inflight = runner.inflight
            runner.slots, runner.free = int(stats["slots"]), int(stats["free"])
            runner.retired, runner._inflight_then = int(stats.get("retired", 0)), inflight
            if runner.state != "refused":
                runner.mark("up")
            runner.checked = time.monotonic()
        except (httpx.HTTPError, ValueError, KeyError, TypeError) as e:
            runner.slots = runner.free = 0
            runner.mark("down", f"/health: {type(e).__name__}: {e}"[:300])
        finally:
            runner._checking = False

    async def refresh(self) -> None:
        """Ask every runner whose /health is older than RUNNER_HEALTH_MS (and not being asked already)."""
        stale = time.monotonic() - settings.runner_health_ms / 1000
        due = [r for r in self.runners if r.checked < stale and not r._checking]
        if due:
            await asyncio.gather(*(self._check(r) for r in due))

    async def _order(self, tried: set) -> list[Runner]:
        """Runners to try, best first: up ones by free slots, then any not known to be down."""
        await self.refresh()
        n, turn = len(self.runners), next(self._turn)
        rank = {id(r): (i - turn) % n for i, r in enumerate(self.runners)}  # ties take turns
        left = [r for r in self.runners if r not in tried and r.state != "down"]
        return sorted(left, key=lambda r: (r.state != "up", -r.estimate(), r.inflight, rank[id(r)]))

    async def execute(self, req: ExecRequest, limits: dict, lane: str, maxima: dict) -> ExecResult:
        """Run `req` (already validated, `limits` resolved) on the best runner; see the module docstring."""
        body = wire_body(req, limits, lane, maxima)
        budget_s = (limits["compile_timeout_ms"] + limits["run_timeout_ms"]) / 1000 + QUEUE_MARGIN_S
        timeout = httpx.Timeout(budget_s, connect=settings.runner_connect_timeout_ms / 1000)
        tried: set = set()
        why, busy, dropped = [], [], 0
        while True:
            order = await self._order(tried)
            if not order:
                break
            runner = order[0]
            tried.add(runner)
            try:
                return await self._send(runner, body, timeout, req)
            except _Skipped as e:
                why.append(f"{runner.url}: {e}")
                if e.retry_after is not None:
                    busy.append(e.retry_after)
            except _Dropped as e:
                why.append(f"{runner.url}: {e}")
                dropped += 1
                if dropped > 1:
                    break
        down = [f"{r.url}: {r.error}" for r in self.runners if r.state == "down" and r not in tried]
        if busy and not dropped:
            raise SandboxBusy("every runner host is busy; retry shortly", min(busy))
        raise SandboxError("no runner host could run this; retry shortly (" + "; ".join(why + down)[:600] + ")")

    async def _send(self, runner: Runner, body: dict, timeout: httpx.Timeout, req: ExecRequest) -> ExecResult:
        runner.inflight += 1
        try:
            r = await self.client().post(runner.url + "/api/v2/execute", json=body, timeout=timeout)
        except httpx.TimeoutException as e:
            if isinstance(e, httpx.ConnectTimeout):
                runner.mark("down", "connect timed out")
                raise _Skipped("connect timed out") from e
            # It may be running it still: a second try elsewhere could give the program two.
            raise SandboxError(f"runner host {runner.url} did not answer in time") from e
        except httpx.ConnectError as e:
            runner.mark("down", f"connect: {e}"[:300])
            raise _Skipped(f"connect: {e}") from e
        except httpx.TransportError as e:
            runner.mark("down", f"dropped mid-run: {type(e).__name__}: {e}"[:300])
            raise _Dropped(f"dropped mid-run ({type(e).__name__})") from e
        finally:
            runner.inflight -= 1
        detail = _detail(r)
        if r.status_code in (401, 403):
            runner.mark("refused", f"{r.status_code}: {detail}"[:300])
            raise _Skipped(f"refused ({r.status_code}): {detail}")
        if r.status_code == 429:
            retry = r.headers.get("retry-after", "1")
            raise _Skipped("busy", int(retry) if retry.isdigit() else 1)
        if r.status_code == 400:
            raise BadRequest(detail)
        if r.status_code == 413:
            raise TooLarge(detail)
        if r.status_code != 200:
            raise SandboxError(f"runner host {runner.url} answered {r.status_code}: {detail[:200]}")
        runner.mark("up")
        try:
            return wire_result(r.json(), req)
        except (ValueError, KeyError, TypeError, AttributeError, binascii.Error) as e:
            raise SandboxError(f"runner host {runner.url} sent a malformed answer: {e}"[:300]) from e

    async def runtimes(self) -> list[dict]:
        """The first runner's that answers, best first ([] when none does)."""
        for runner in await self._order(set()):
            try:
                r = await self.client().get(runner.url + "/api/v2/runtimes",
                                            timeout=settings.runner_connect_timeout_ms / 1000)
                if r.status_code == 200 and isinstance(r.json(), list):
                    return r.json()
            except (httpx.HTTPError, ValueError) as e:
                log.warning("runner %s: runtimes: %s", runner.url, e)
        return []

    async def health(self) -> dict:
        """Sums over the runners that are up, and each runner's view (states asked within RUNNER_HEALTH_MS)."""
        await self.refresh()
        up = [r for r in self.runners if r.state == "up"]
        return {"slots": sum(r.slots for r in up), "free": sum(max(r.free, 0) for r in up),
                "retired": sum(r.retired for r in up), "runners": [r.view() for r in self.runners]}


def _detail(r: httpx.Response) -> str:
    try:
        return str(r.json().get("detail") or r.json().get("message") or "")[:300]
    except (ValueError, AttributeError):
        return r.text[:300]


_pool: RunnerPool | None = None


def get_runners() -> RunnerPool:
    """The pool for the RUNNER_URLS in force (a new one when they change)."""
    global _pool
    urls = settings.runner_url_list
    if _pool is None or _pool.urls != urls:
        _pool = RunnerPool(urls)
    return _pool
