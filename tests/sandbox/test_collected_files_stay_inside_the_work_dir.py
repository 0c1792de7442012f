"""Files a run sends back (`collect`, how the judge gets its compiled libraries from a runner host) are only the
program's own regular files in its work dir: a symlink to /etc/shadow, a FIFO, a directory or a device is left
out (never followed, never blocking the server), and all of them together stay within the server's budget, a
file that does not fit being left out whole rather than cut."""
import base64

from app.sandbox.runner import _COLLECT_MAX

MB = 1024 * 1024
HOSTILE = f"""import os
os.symlink('/etc/shadow', 'shadow')
os.symlink('/etc/hostname', 'hostname')
os.mkfifo('fifo')
os.mkdir('dir')
os.symlink('/dev/zero', 'zero')
open('small', 'wb').write(b'own bytes')
big = b'x' * ({_COLLECT_MAX} // 2 + 1)
open('half', 'wb').write(big)
os.link('half', 'half2')  # the same file under a second name: the budget counts it again
try:
    with open('huge', 'wb') as f:  # toward 1 GB: the file-size limit stops it
        for _ in range(1024):
            f.write(b'y' * {MB})
except OSError:
    pass
print('left')
"""


def _files(body: dict) -> dict:
    return {n: base64.b64decode(v) for n, v in body["files"].items()}


def test_hostile_leftovers_are_not_collected(sandbox_server):
    names = ["shadow", "hostname", "fifo", "dir", "zero", "missing", "small", "half", "half2", "huge"]
    body = sandbox_server.execute("python", HOSTILE, collect=names)
    assert body["run"]["stdout"] == "left\n", body["run"]
    files = _files(body)
    assert files["small"] == b"own bytes"
    assert set(files) == {"small", "half"}, sorted(files)  # half2 would pass the budget; huge is over it alone
    assert files["half"] == b"x" * (_COLLECT_MAX // 2 + 1)
    assert sum(len(v) for v in files.values()) <= _COLLECT_MAX


def test_each_runs_collect_is_checked_the_same(sandbox_server):
    body = sandbox_server.execute("python", HOSTILE, runs=[{"collect": ["shadow", "fifo", "small", "small"]}])
    (run,) = body["runs"]
    assert {n: base64.b64decode(v) for n, v in run["files"].items()} == {"small": b"own bytes"}


def test_bad_collect_names_are_refused(sandbox_server):
    for bad in (["../etc/passwd"], ["/etc/shadow"], ["a/b"], [""], "small", [1]):
        r = sandbox_server.client.post("/api/v2/execute", json={
            "language": "python", "files": [{"content": "print(1)"}], "collect": bad})
        assert r.status_code == 400 and "collect" in r.json()["detail"], (bad, r.text)
