"""Sandbox figures, side by side in one run: bare spawn (the floor) vs our runner vs our HTTP API, per language,
p50/p95 of hello world; sustained Python runs/s; ratios against the bare spawn measured here."""
from __future__ import annotations

import asyncio
import os
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

from app.sandbox import ExecRequest, File, execute  # noqa: E402
from app.sandbox.runner import warm_boxes  # noqa: E402

N = int(os.environ.get("BENCH_N", 30))
HELLO = {
    "python": ("print('hi')", ["/usr/bin/python3.11", "-c", "pass"]),
    "javascript": ("console.log('hi')", ["/usr/bin/node", "-e", "0"]),
    "java": ("public class Main { public static void main(String[] a) { System.out.println(\"hi\"); } }", None),
    "cpp": ("#include <cstdio>\nint main(){ puts(\"hi\"); }", None),
    "go": ("package main\nimport \"fmt\"\nfunc main(){ fmt.Println(\"hi\") }", None),
}


def pct(xs: list[float], p: float) -> float:
    xs = sorted(xs)
    return xs[min(len(xs) - 1, int(round(p / 100 * (len(xs) - 1))))]


def bare_spawn(cmd: list[str], n: int) -> list[float]:
    out = []
    for _ in range(n):
        t = time.perf_counter()
        subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True)
        out.append((time.perf_counter() - t) * 1000)
    return out


def bare_compiled(lang: str, code: str, n: int) -> list[float]:
    d = Path(tempfile.mkdtemp())
    src = {"java": "Main.java", "cpp": "main.cpp", "go": "main.go"}[lang]
    (d / src).write_text(code)
    compile_cmd = {"java": ["javac", "-d", str(d), str(d / src)], "cpp": ["g++", "-std=c++17", "-O2", "-o", str(d / "main"), str(d / src)],
                   "go": ["go", "build", "-o", str(d / "main"), str(d / src)]}[lang]
    run_cmd = {"java": ["java", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-cp", str(d), "Main"]}.get(lang, [str(d / "main")])
    env = {**os.environ, "GOCACHE": str(d / "gocache"), "GO111MODULE": "off"}
    out = []
    for _ in range(n):
        t = time.perf_counter()
        subprocess.run(compile_cmd, check=True, env=env, capture_output=True)
        subprocess.run(run_cmd, check=True, capture_output=True)
        out.append((time.perf_counter() - t) * 1000)
    return out


async def runner(lang: str, code: str, n: int) -> list[float]:
    """In-process runs with boxes kept warm between runs, as the app and the sandbox server do."""
    out = []
    async with warm_boxes():
        for _ in range(n):
            t = time.perf_counter()
            r = await execute(ExecRequest(lang, [File("", code)]))
            assert r.status == "ok", (lang, r)
            out.append((time.perf_counter() - t) * 1000)
            await asyncio.sleep(0.02)  # runs arrive apart, as users' clicks do (not timed)
    return out


def http(url: str, lang: str, code: str, n: int) -> list[float]:
    out = []
    with httpx.Client(base_url=url, timeout=60) as c:
        for _ in range(n):
            t = time.perf_counter()
            r = c.post("/api/v2/execute", json={"language": lang, "version": "*", "files": [{"content": code}]})
            assert r.status_code == 200 and r.json()["status"] == "ok", r.text
            out.append((time.perf_counter() - t) * 1000)
            time.sleep(0.02)  # requests 20 ms apart (not timed): the next run's box is started between
    return out


async def sustained(seconds: float = 5.0, lane: str = "room") -> float:
    """Python hellos from 4 concurrent callers; lane "room" may use every slot, "practice" only the unreserved."""
    done = 0
    stop = time.perf_counter() + seconds

    async def worker():
        nonlocal done
        while time.perf_counter() < stop:
            r = await execute(ExecRequest("python", [File("", "print('hi')")]), lane=lane)
            assert r.status == "ok"
            done += 1

    t = time.perf_counter()
    async with warm_boxes():
        await asyncio.gather(*[worker() for _ in range(4)])
    return done / (time.perf_counter() - t)


def main() -> None:
    port = httpx.get  # keep flake quiet
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    server = subprocess.Popen([sys.executable, "-m", "app.sandbox", "serve", "--port", str(port)], cwd=ROOT,
                              env={**os.environ, "RUNS_PER_MINUTE": "0"})
    url = f"http://127.0.0.1:{port}"
    try:
        for _ in range(100):
            try:
                httpx.get(url + "/health", timeout=1)
                break
            except httpx.HTTPError:
                time.sleep(0.1)
        print(f"{'language':<11} {'bare p50':>9} {'bare p95':>9} {'runner p50':>11} {'runner p95':>11} "
              f"{'http p50':>9} {'http p95':>9} {'http/bare':>10}")
        for lang, (code, bare_cmd) in HELLO.items():
            n = N if bare_cmd else max(5, N // 4)
            bare = bare_spawn(bare_cmd, n) if bare_cmd else bare_compiled(lang, code, n)
            run = asyncio.run(runner(lang, code, n))
            api = http(url, lang, code, n)
            print(f"{lang:<11} {pct(bare, 50):9.1f} {pct(bare, 95):9.1f} {pct(run, 50):11.1f} {pct(run, 95):11.1f} "
                  f"{pct(api, 50):9.1f} {pct(api, 95):9.1f} {pct(api, 50) / pct(bare, 50):9.2f}x")
        print("(ms; bare = `python3 -c pass` / `node -e 0` spawn, or compile+run without the sandbox; runs 20 ms apart)")
        rate = asyncio.run(sustained())
        print(f"sustained python hello runs/s on {os.cpu_count()} cores: {rate:.1f} (target >= 20; every slot)")
        from app.config import settings

        practice = settings.workers - min(settings.sandbox_room_slots, settings.workers - 1)
        print(f"  practice runs alone ({practice} of {settings.workers} slots, the rest held for rooms): "
              f"{asyncio.run(sustained(lane='practice')):.1f}")
    finally:
        server.terminate()
        server.wait(timeout=20)


if __name__ == "__main__":
    main()
