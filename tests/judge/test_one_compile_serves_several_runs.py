"""The sandbox runs one request as one compile and then several runs (what a Submit needs: visible tests, then
hidden ones in a process that never saw the visible one's data). Each run gets a fresh box (a fresh /tmp) and its
own files, written just before it starts; the work dir (compiled artefacts) persists between runs. A run may ask
for a result channel: fd 3 in the box, every line stamped by the supervisor with its wall clock and the slot's
CPU counter as it arrives, stdin fed one chunk per line; a run that did not ask for it has no fd but 0-2. A
watchdog stops a run whose current line is overdue (wall or CPU), a flood of the channel is `output_limit`, and
later runs start only after an `ok` one. The same extension works over the Piston v2 HTTP API."""
import base64

import httpx
import pytest

from app.sandbox import Channel, ExecRequest, File, Run, execute
from tests.conftest import run_async

FDS = "import os\nprint(sorted(int(f) for f in os.listdir('/proc/self/fd')))\n"


def _exec(req: ExecRequest):
    return run_async(execute(req, local=True))


def test_one_compile_then_runs_with_fresh_boxes_and_their_own_files():
    src = ("#include <cstdio>\n#include <unistd.h>\nint main(int c, char** v) {\n"
           "  printf(\"tmp:%d kept:%d second:%d\\n\", access(\"/tmp/mark\", 0) == 0, access(\"kept\", 0) == 0,"
           " access(\"second.txt\", 0) == 0);\n"
           "  if (c > 1) { fclose(fopen(\"/tmp/mark\", \"w\")); fclose(fopen(\"kept\", \"w\")); }\n  return 0;\n}\n")
    res = _exec(ExecRequest("cpp", [File("main.cpp", src)], runs=[
        Run(args=["mark"]), Run(files=[File("second.txt", "2")]), Run()]))
    assert res.compile is not None and res.compile.status == "ok"
    assert [r.stdout for r in res.runs] == ["tmp:0 kept:0 second:0\n", "tmp:0 kept:1 second:1\n",
                                            "tmp:0 kept:1 second:1\n"]
    assert res.run is res.runs[-1] and res.status == "ok"


def test_a_run_without_a_channel_has_only_stdio_and_one_with_it_has_fd_3():
    res = _exec(ExecRequest("python", [File("main.py", FDS)], runs=[Run(), Run(channel=Channel())]))
    plain, with_channel = (r.stdout.strip() for r in res.runs)
    assert plain == "[0, 1, 2, 3]"  # 3: the directory listdir itself opened
    assert with_channel == "[0, 1, 2, 3, 4]"


def test_channel_lines_carry_the_supervisors_clocks_and_feed_stdin():
    code = ("import os, sys, time\nfor n in ('perf_counter', 'monotonic', 'time', 'process_time'):\n"
            "    setattr(time, n, lambda: 0.0)\n"
            "os.write(3, b'ready\\n')\n"
            "for i in range(2):\n    got = sys.stdin.readline().strip()\n"
            "    x = 0\n    for _ in range(int(got) * 10 ** 6):\n        x += 1\n"
            "    os.write(3, f'done {got} 0us\\n'.encode())\n")
    res = _exec(ExecRequest("python", [File("main.py", code)], runs=[
        Run(channel=Channel(feed=["1\n", "6\n"], first_ms=5000, gap_ms=9000, gap_cpu_ms=9000))]))
    run = res.runs[0]
    assert run.status == "ok", run
    assert [r.data for r in run.records] == [b"ready", b"done 1 0us", b"done 6 0us"]
    walls = [r.wall_ms for r in run.records]
    assert walls == sorted(walls)
    if run.records[0].cpu_ms is not None:  # a cgroup: the kernel's CPU accounting
        small, big = (run.records[i + 1].cpu_ms - run.records[i].cpu_ms for i in range(2))
        assert big > 3 * small and big > 100, [r.cpu_ms for r in run.records]


def test_watchdog_stops_an_overdue_line_by_cpu_and_later_runs_do_not_start():
    spin = "import os\nos.write(3, b'ready\\n')\nwhile True:\n    pass\n"
    res = _exec(ExecRequest("python", [File("main.py", spin)], run_timeout_ms=20000, runs=[
        Run(run_timeout_ms=20000, channel=Channel(feed=["x\n"], first_ms=20000, gap_ms=20000, gap_cpu_ms=300)),
        Run()]))
    run = res.runs[0]
    assert len(res.runs) == 1 and run.status == "time_limit" and res.status == "time_limit"
    assert [r.data for r in run.records] == [b"ready"]
    if run.records[0].cpu_ms is not None:  # stopped by its CPU, long before the 20 s of wall time it was allowed
        assert 300 <= run.cpu_time_ms - run.records[0].cpu_ms < 1000, run.cpu_time_ms
    assert run.wall_time_ms < 15000, run.wall_time_ms


def test_watchdog_stops_an_overdue_line_by_wall_clock():
    sleep = "import os, time\nos.write(3, b'ready\\n')\ntime.sleep(60)\n"
    res = _exec(ExecRequest("python", [File("main.py", sleep)], runs=[
        Run(run_timeout_ms=20000, channel=Channel(feed=["x\n"], first_ms=20000, gap_ms=500, gap_cpu_ms=20000))]))
    run = res.runs[0]
    assert run.status == "time_limit" and 500 <= run.wall_time_ms - run.records[0].wall_ms < 5000, run


def test_a_silent_start_is_stopped_by_the_first_line_deadline():
    res = _exec(ExecRequest("python", [File("main.py", "import time\ntime.sleep(30)\n")], runs=[
        Run(run_timeout_ms=20000, channel=Channel(first_ms=400, gap_ms=9000, gap_cpu_ms=9000))]))
    assert res.runs[0].status == "time_limit" and 400 <= res.runs[0].wall_time_ms < 5000, res.runs[0]


def test_a_channel_flood_is_output_limit_and_stops_at_once():
    flood = "import os\nchunk = b'x' * 65536\nwhile True:\n    os.write(3, chunk)\n"
    res = _exec(ExecRequest("python", [File("main.py", flood)], runs=[
        Run(run_timeout_ms=20000, channel=Channel(first_ms=20000, gap_ms=20000, gap_cpu_ms=20000))]))
    assert res.runs[0].status == "output_limit" and res.runs[0].wall_time_ms < 10000, res.runs[0]


def test_more_lines_than_fed_chunks_is_output_limit():
    many = "import os\nfor i in range(100000):\n    os.write(3, b'.\\n')\n"
    res = _exec(ExecRequest("python", [File("main.py", many)], runs=[Run(channel=Channel(feed=["a\n"]))]))
    assert res.runs[0].status == "output_limit" and len(res.runs[0].records) <= 3


@pytest.fixture(scope="module")
def sandbox_http(tmp_path_factory):
    from tests.sandbox.conftest import start_server

    proc, server = start_server(tmp_path_factory.mktemp("sandbox-data"))
    yield server
    proc.terminate()
    proc.wait(timeout=20)


def test_runs_and_channels_over_the_piston_http_api(sandbox_http):
    code = ("import os, sys\nos.write(3, b'ready\\n')\nline = sys.stdin.readline()\n"
            "os.write(3, ('got ' + line.strip() + ' ' + str(os.path.exists('extra.txt'))).encode() + b'\\n')\n"
            "open('out.txt', 'w').write('written')\n")
    body = {"language": "python", "version": "*", "files": [{"name": "main.py", "content": code}],
            "runs": [{"channel": {"feed": ["hello\n"], "first_timeout": 5000, "gap_timeout": 5000,
                                  "gap_cpu_time": 5000}, "collect": ["out.txt"]},
                     {"stdin": "", "channel": {}, "files": [{"name": "extra.txt", "content": "aGk=",
                                                             "encoding": "base64"}]}]}
    r = httpx.post(sandbox_http.url + "/api/v2/execute", json=body, timeout=60).json()
    first, second = r["runs"]
    assert [base64.b64decode(x["data"]) for x in first["records"]] == [b"ready", b"got hello False"]
    assert [base64.b64decode(x["data"]) for x in second["records"]] == [b"ready", b"got  True"]
    assert all(isinstance(x["wall_time"], (int, float)) for x in first["records"])
    assert base64.b64decode(first["files"]["out.txt"]) == b"written"
    assert second["status"] == "ok" and r["run"]["status"] == "ok"
    plain = httpx.post(sandbox_http.url + "/api/v2/execute", timeout=60, json={
        "language": "python", "version": "*", "files": [{"content": "print('hi')"}]}).json()
    assert plain["run"]["stdout"] == "hi\n" and "runs" not in plain


def test_bad_runs_are_rejected_by_name(sandbox_http):
    for runs, field in (("x", "runs"), ([{"files": "x"}], "runs[0].files"),
                        ([{"channel": {"feed": [1]}}], "runs[0].channel.feed"),
                        ([{"collect": ["../x"]}], "collect"),
                        ([{"channel": {"gap_cpu_time": "fast"}}], "runs[0].channel.gap_cpu_time")):
        r = httpx.post(sandbox_http.url + "/api/v2/execute", timeout=60, json={
            "language": "python", "files": [{"content": "print(1)"}], "runs": runs})
        assert r.status_code == 400 and field in r.json()["message"], (runs, r.text)


def test_runs_are_refused_rather_than_dropped_on_an_external_piston(monkeypatch):
    """The Piston client does not forward runs: a request with runs for it is refused by name, not half-run."""
    from app.config import settings
    from app.sandbox import BadRequest

    monkeypatch.setattr(settings, "piston_url", "http://127.0.0.1:9")  # never contacted
    with pytest.raises(BadRequest, match="several runs"):
        run_async(execute(ExecRequest("python", [File("main.py", "print(1)")], runs=[Run(), Run()])))


def test_a_later_runs_files_are_written_past_anything_an_earlier_run_planted(tmp_path):
    """An earlier run owns the work dir: a symlink, a FIFO or a directory it leaves under the name of a later run's
    file must not make the (privileged) server write outside the work dir, block, or fail: the later run gets its
    own file, and the symlink's target is untouched."""
    victim = tmp_path / "victim"
    victim.write_text("original")
    victim.chmod(0o666)
    plant = (f"import os\nos.symlink({str(victim)!r}, 'link.txt')\nos.mkfifo('fifo.txt')\nos.mkdir('dir.txt')\n"
             "open('dir.txt/x', 'w').write('x')\n")
    show = "print(open('link.txt').read(), open('fifo.txt').read(), open('dir.txt').read())\n"
    res = _exec(ExecRequest("python", [File("main.py", "import sys\nexec(open(sys.argv[1]).read())\n"),
                                       File("plant.py", plant), File("show.py", show)], runs=[
        Run(args=["plant.py"]),
        Run(args=["show.py"], files=[File("link.txt", "mine"), File("fifo.txt", "mine too"), File("dir.txt", "3")])]))
    assert victim.read_text() == "original"
    assert [r.status for r in res.runs] == ["ok", "ok"], res.runs
    assert res.runs[1].stdout == "mine mine too 3\n"
