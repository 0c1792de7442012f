"""kill -9 of one of two workers while two people type, one on each: the one whose worker died reconnects to the
surviving worker (as a load balancer would send them) and nothing either typed is lost, on the clients or on disk."""
from __future__ import annotations

import json
import os
import signal
import subprocess

from tests.collab.conftest import JS, open_room, yjs
from tests.workers.conftest import start_second_worker


def test_a_worker_killed_mid_session_loses_no_edit(workers):
    room = open_room(workers.a.url)
    wa, wb = (s.url.replace("http://", "ws://") + "/collab" for s in (workers.a, workers.b))
    p = subprocess.Popen(["node", str(JS / "yclient.mjs"), "failover", wa, room.id, wb, room.token("host"),
                          room.token("guest")], cwd=JS, stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    try:
        first = json.loads(p.stdout.readline())
        assert first.get("phase") == 1, first
        os.killpg(workers.b.proc.pid, signal.SIGKILL)
        workers.b.proc.wait(timeout=30)
        p.stdin.write("killed\n")
        p.stdin.flush()
        out, _ = p.communicate(timeout=150)
    finally:
        if p.poll() is None:
            p.kill()
        if workers.b.proc.poll() is not None:  # the folder's other tests share the pair
            workers.b = start_second_worker(workers.a, pages=True)
    answer = json.loads([ln for ln in out.splitlines() if ln.startswith("{")][-1])
    assert answer.get("equal"), answer
    assert answer["length"] > first["length"]
    on_disk = yjs("read", wa, room.id, room.token("host"))
    assert len(on_disk["code"]["code:python"]) == answer["length"]
