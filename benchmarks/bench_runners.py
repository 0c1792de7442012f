"""Runner pool throughput: sustained Python judge submits/s (two-sum, 11 tests in two processes after one compile)
through RUNNER_URLS with one runner host, then two, on this box, against the in-process sandbox. The hosts are
real `python -m app.sandbox serve` processes on loopback sharing this machine's cores, so two hosts add slots and
queues, not CPU: a 2-core box cannot double. BENCH_SUBMITS (default 40) per configuration, BENCH_CONCURRENCY
(default 8) in flight."""
from __future__ import annotations

import asyncio
import os
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("PARLEY_DATA_DIR", tempfile.mkdtemp(prefix="parley-bench-"))
os.environ["RUNS_PER_MINUTE"] = "0"

import httpx  # noqa: E402

from app.config import settings  # noqa: E402
from app.judge import judge  # noqa: E402
from app.problems import get  # noqa: E402
from app.sandbox.runner import warm_boxes  # noqa: E402

SUBMITS = int(os.environ.get("BENCH_SUBMITS", 40))
CONCURRENCY = int(os.environ.get("BENCH_CONCURRENCY", 8))
TOKEN = "bench-runner-token-" + os.urandom(8).hex()
CODE = get("two-sum").solutions["python"]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_host() -> tuple[subprocess.Popen, str]:
    port = free_port()
    env = {**os.environ, "SANDBOX_TOKEN": TOKEN, "SANDBOX_ROOM_SLOTS": "0", "RUNNER_URLS": "",
           "PARLEY_DATA_DIR": tempfile.mkdtemp(prefix="parley-bench-host-")}
    proc = subprocess.Popen([sys.executable, "-m", "app.sandbox", "serve", "--port", str(port)], cwd=ROOT, env=env)
    url = f"http://127.0.0.1:{port}"
    for _ in range(300):
        try:
            if httpx.get(url + "/health", timeout=1).status_code == 200:
                return proc, url
        except httpx.HTTPError:
            time.sleep(0.1)
    proc.kill()
    raise SystemExit("runner host did not start")


async def sustained() -> tuple[float, float, float]:
    """(submits/s, p50 ms, p95 ms) of SUBMITS accepted submits, CONCURRENCY at a time."""
    gate = asyncio.Semaphore(CONCURRENCY)
    times: list[float] = []

    async def one() -> None:
        async with gate:
            t = time.perf_counter()
            verdict = (await judge("two-sum", "python", CODE, mode="submit", lane="room"))["verdict"]
            times.append((time.perf_counter() - t) * 1000)
            assert verdict == "accepted", verdict

    for _ in range(CONCURRENCY):  # warm: the library-free Python path, connections, boxes
        await one()
    times.clear()
    t0 = time.perf_counter()
    await asyncio.gather(*(one() for _ in range(SUBMITS)))
    wall = time.perf_counter() - t0
    times.sort()
    return SUBMITS / wall, statistics.median(times), times[int(0.95 * (len(times) - 1))]


def line(name: str, figures: tuple[float, float, float], base: float | None = None) -> None:
    rate, p50, p95 = figures
    ratio = f"  ({rate / base:.2f}x one host)" if base else ""
    print(f"  {name:<22} {rate:6.2f} submits/s   p50 {p50:7.0f} ms   p95 {p95:7.0f} ms{ratio}")


async def main() -> None:
    print(f"judge submits/s, two-sum Python, {SUBMITS} submits, {CONCURRENCY} in flight, {os.cpu_count()} cores; "
          f"{settings.workers} slots per host")
    async with warm_boxes():
        line("in-process sandbox", await sustained())
    hosts = [start_host(), start_host()]
    try:
        settings.sandbox_token = TOKEN
        settings.runner_urls = hosts[0][1]
        one = await sustained()
        line("1 runner host", one)
        settings.runner_urls = ",".join(url for _, url in hosts)
        line("2 runner hosts", await sustained(), one[0])
    finally:
        settings.runner_urls = ""
        for proc, _ in hosts:
            proc.send_signal(signal.SIGTERM)
        for proc, _ in hosts:
            proc.wait(timeout=30)


if __name__ == "__main__":
    asyncio.run(main())
