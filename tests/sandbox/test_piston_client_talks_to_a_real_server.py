"""With PISTON_URL set, execution goes through a Piston v2 server: here our own, started on loopback."""
import os
import subprocess
import sys

from tests.conftest import ROOT, run_async


def test_client_runs_and_maps_statuses(sandbox_server):
    from app.sandbox.piston import PistonClient
    from app.sandbox.types import ExecRequest, File

    client = PistonClient(sandbox_server.url)

    async def go():
        ok = await client.execute(ExecRequest("python", [File("main.py", "print(input())")], stdin="hey"))
        ce = await client.execute(ExecRequest("c", [File("main.c", "int main(){ return x; }")]))
        rts = await client.runtimes()
        return ok, ce, rts

    ok, ce, rts = run_async(go())
    assert ok.status == "ok" and ok.run.stdout == "hey\n"
    assert ce.status == "compile_error" and ce.run is None and "x" in ce.compile.stderr
    assert any(r["language"] == "python" for r in rts)


def test_execute_uses_piston_url_when_set(sandbox_server, tmp_path):
    code = ("import asyncio; from app.sandbox import execute, ExecRequest, File;"
            "r = asyncio.run(execute(ExecRequest('javascript', [File('', 'console.log(6*7)')])));"
            "print(r.status, r.run.stdout.strip())")
    env = {**os.environ, "PISTON_URL": sandbox_server.url, "PARLEY_DATA_DIR": str(tmp_path),
           "SANDBOX_DIR": "/nonexistent-proves-no-local-runner"}
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True,
                         timeout=60)
    assert out.stdout.strip() == "ok 42", out.stderr


def test_binary_files_travel_base64_encoded(sandbox_server):
    import base64

    from app.sandbox.piston import PistonClient
    from app.sandbox.types import ExecRequest, File

    data = bytes(range(256))
    req = ExecRequest("python", [File("main.py", "print(open('data.bin', 'rb').read().hex())"),
                                 File("data.bin", base64.b64encode(data).decode(), "base64")])
    r = run_async(PistonClient(sandbox_server.url).execute(req))
    assert r.status == "ok" and r.run.stdout.strip() == data.hex()


def test_the_judge_stays_on_the_local_sandbox_with_piston_url_set(monkeypatch):
    """Judging needs the result file a run writes, which a Piston server does not return: the judge keeps
    to this machine's sandbox (PISTON_URL serves plain runs), Java's precompiled library included."""
    from app.config import settings
    from app.judge import judge, service
    from app.problems import get

    monkeypatch.setattr(settings, "piston_url", "http://127.0.0.1:9")  # nothing listens: any use would fail
    monkeypatch.setattr(service, "_libraries", {})
    r = run_async(judge("two-sum", "java", get("two-sum").solutions["java"], mode="submit"))
    assert r["verdict"] == "accepted" and service._libraries["java"] is not None
