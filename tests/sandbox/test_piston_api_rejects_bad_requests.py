"""Bad requests get a 400 naming the problem (or 413 for oversize bodies); limits clamp to server maxima."""
import json

import httpx


def post(server, body, raw=None):
    content = raw if raw is not None else json.dumps(body)
    return server.client.post("/api/v2/execute", content=content, headers={"content-type": "application/json"})


def test_unknown_language_lists_known_ones(sandbox_server):
    r = post(sandbox_server, {"language": "cobol", "files": [{"content": "x"}]})
    assert r.status_code == 400
    assert "cobol" in r.json()["message"] and "python" in r.json()["message"] and "java" in r.json()["message"]


def test_missing_files(sandbox_server):
    r = post(sandbox_server, {"language": "python"})
    assert r.status_code == 400 and "files" in r.json()["message"]


def test_code_over_the_size_limit(sandbox_server):
    r = post(sandbox_server, {"language": "python", "files": [{"content": "#" * 70_000}]})
    assert r.status_code == 400 and "limit" in r.json()["message"]


def test_malformed_json(sandbox_server):
    r = post(sandbox_server, None, raw="{not json")
    assert r.status_code == 400 and "malformed JSON" in r.json()["message"]


def test_oversize_body_is_413(sandbox_server):
    r = post(sandbox_server, None, raw=json.dumps({"language": "python", "files": [{"content": "#" * 2_000_000}]}))
    assert r.status_code == 413


def test_bad_file_name_and_wrong_types(sandbox_server):
    r = post(sandbox_server, {"language": "python", "files": [{"name": "../etc/x", "content": "print(1)"}]})
    assert r.status_code == 400 and "name" in r.json()["message"]
    r = post(sandbox_server, {"language": "python", "files": [{"content": "print(1)"}], "args": "nope"})
    assert r.status_code == 400 and "args" in r.json()["message"]


def test_requested_limits_cannot_exceed_server_maxima(sandbox_server):
    # Asking for a 60 s run timeout still stops at the server's 3 s maximum.
    r = sandbox_server.execute("python", "import time\ntime.sleep(30)", run_timeout=60_000)
    assert r["status"] == "time_limit" and r["run"]["wall_time"] < 6000
    low = sandbox_server.execute("python", "import time\ntime.sleep(1)", run_timeout=300)
    assert low["status"] == "time_limit" and low["run"]["wall_time"] < 1000


def test_piston_response_shape(sandbox_server):
    r = sandbox_server.execute("cpp", "#include <cstdio>\nint main(){ printf(\"a\"); fprintf(stderr, \"b\"); }")
    assert r["language"] == "cpp" and r["version"]
    assert r["run"]["output"] == "ab" and r["run"]["code"] == 0 and r["run"]["signal"] is None
    assert r["compile"]["code"] == 0
    assert {"status", "wall_time", "cpu_time", "memory"} <= set(r)


def test_bad_file_encoding_and_content(sandbox_server):
    r = post(sandbox_server, {"language": "python", "files": [{"content": "print(1)", "encoding": "rot13"}]})
    assert r.status_code == 400 and "encoding" in r.json()["message"]
    r = post(sandbox_server, {"language": "python", "files": [{"content": "print(1)"},
                                                               {"name": "d.bin", "content": "@@@", "encoding": "base64"}]})
    assert r.status_code == 400 and "not valid base64" in r.json()["message"]
