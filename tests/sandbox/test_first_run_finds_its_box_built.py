"""A server builds each slot's sandbox when it starts, not only after a first run: the first Run a user clicks
after a restart is as quick as the next ones."""
from __future__ import annotations

import time

import httpx

from app.config import settings
from app.sandbox import reaper
from tests.sandbox.conftest import start_server


def test_boxes_wait_in_every_slot_before_the_first_run(tmp_path):
    proc, server = start_server(tmp_path)
    try:
        boxes: list[int] = []
        expected = 3 * settings.workers  # bwrap, its init and the waiter, in each slot
        for _ in range(100):
            boxes = httpx.get(server.url + "/health", timeout=10).json()["boxes"]
            if len(boxes) >= expected:
                break
            time.sleep(0.05)
        assert len(boxes) >= expected, f"not every slot has a box built at start-up: {boxes}"
        r = server.execute("python", "print('first')")
        assert r["status"] == "ok" and r["run"]["stdout"] == "first\n", r
        assert any(reaper.state(p) in (None, "Z", "X") for p in boxes), "the first run did not use a waiting box"
    finally:
        proc.terminate()
        proc.wait(timeout=20)
