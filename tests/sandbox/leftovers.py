"""What a program can leave in its work dir for the next run, and the check that the next runs find it fresh.
Shared by the root server's test and the weak (non-root) server's test."""
from __future__ import annotations

import statistics
import threading
import time

import httpx

PY = "python"

# name -> a Python program that leaves something hard to clean behind, printing "left" when done.
LEFTOVERS = {
    "tree_3000_deep": "import os\nfor i in range(3000):\n    os.mkdir('d'); os.chdir('d')\n"
                      "open('bottom', 'w').write('x')\nos.chmod('.', 0)\nprint('left')",
    "files_100000": "import os\nfor i in range(100000):\n    os.mknod(f'f{i}')\nprint('left')",
    "mode_000_files_and_dirs": "import os\nos.mkdir('locked'); open('locked/inner', 'w').write('x')\n"
                               "os.mkdir('locked/sub'); open('locked/sub/deeper', 'w').write('x')\n"
                               "os.chmod('locked/sub', 0); os.chmod('locked', 0)\n"
                               "open('sealed', 'w').write('x'); os.chmod('sealed', 0)\n"
                               "print('left')",
    "directory_where_the_source_goes": "import os\nos.remove('main.py'); os.mkdir('main.py')\n"
                                       "open('main.py/x', 'w').write('x'); os.chmod('main.py', 0)\nprint('left')",
    "fifo_socket_links_and_setuid": "import os, socket\nos.mkfifo('fifo'); os.mkfifo('main.py.fifo')\n"
                                    "s = socket.socket(socket.AF_UNIX); s.bind('sock')\n"
                                    "os.symlink('/', 'root'); os.symlink('/etc/shadow', 'shadow')\n"
                                    "os.symlink('loop', 'loop'); os.symlink('nowhere', 'dangling')\n"
                                    "open('own', 'w').write('x'); os.link('own', 'hard')\nopen('suid', 'w').write('x'); os.chmod('suid', 0o6777)\n"
                                    "os.mkdir('dirlink'); os.symlink('..', 'dirlink/up'); os.symlink('/', 'dirlink/r')\n"
                                    "print('left')",
    "odd_names": "import os\n"
                 "for n in [b'\\xff\\xfe', b'new\\nline', b'-rf', b' ', b'...', b'*', b'$(reboot)', b'\\\\', b'a' * 255,\n"
                 "          b'.hidden', b'\\x01\\x02', b'.~parley0', b'.~parley1']:\n"
                 "    open(n, 'wb').write(b'x')\n"
                 "os.mkdir(b'\\xff dir'); open(b'\\xff dir/\\xfe', 'wb').write(b'x')\n"
                 "os.mkdir(b'.~parley2'); os.mkdir(b'.~parley2/.~parley3')\nprint('left')",
}

CHECK = "import os\nprint(sorted(os.listdir('.')), sorted(os.listdir('/tmp')))"
FRESH = "['main.py'] []"


def post(client: httpx.Client, code: str, **kw) -> httpx.Response:
    return client.post("/api/v2/execute", json={"language": PY, "files": [{"name": "main.py", "content": code}], **kw})


def leave_and_check(client: httpx.Client, name: str, slots: int, run_timeout: int = 3000) -> None:
    """Run the leftover program, then enough runs that every slot serves one: each finds a fresh work dir."""
    r = post(client, LEFTOVERS[name], run_timeout=run_timeout)
    assert r.status_code == 200, r.text
    assert r.json()["run"]["stdout"].strip() == "left", r.json()
    for i in range(2 * slots + 1):
        r = post(client, CHECK)
        assert r.status_code == 200, (name, i, r.status_code, r.text[:500])
        body = r.json()
        assert body["status"] == "ok" and body["run"]["stdout"].strip() == FRESH, (name, i, body)


class FastProbe(threading.Thread):
    """GET /health as fast as it answers (bounded): the latencies seen while something else happens."""

    def __init__(self, url: str, limit_s: float = 120):
        super().__init__(daemon=True)
        self.url, self.limit_s = url, limit_s
        self.latencies: list[float] = []
        self.failures: list[str] = []
        self._halt = threading.Event()

    def run(self) -> None:
        deadline = time.monotonic() + self.limit_s
        with httpx.Client(timeout=10) as c:
            while not self._halt.is_set() and time.monotonic() < deadline:
                t = time.monotonic()
                try:
                    if c.get(self.url + "/health").status_code != 200:
                        self.failures.append("non-200")
                except httpx.HTTPError as e:
                    self.failures.append(repr(e))
                self.latencies.append(time.monotonic() - t)
                time.sleep(0.005)

    def stop(self) -> dict:
        self._halt.set()
        self.join(timeout=15)
        xs = sorted(self.latencies)
        return {"count": len(xs), "p50_ms": round(statistics.median(xs) * 1000, 2) if xs else None,
                "max_ms": round(xs[-1] * 1000, 2) if xs else None}


def health_while_cleaning_many_files(url: str, slots: int, run_timeout: int = 3000) -> dict:
    """Leave 10^5 files, then keep every slot busy with fresh-dir checks while /health is probed; the figures
    cover the clean of those files (it runs between the leftover run and the next run in that slot)."""
    probe = FastProbe(url)
    with httpx.Client(base_url=url, timeout=120) as c:
        probe.start()
        try:
            time.sleep(0.3)
            leave_and_check(c, "files_100000", slots, run_timeout)
        finally:
            figures = probe.stop()
    assert probe.failures == [], probe.failures[:5]
    return figures
