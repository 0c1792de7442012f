"""An update is committed before peers see it, yet storing it never blocks the event loop: while another
connection holds SQLite's write lock the loop keeps serving, and the update lands once the lock is free."""
from __future__ import annotations

import asyncio
import sqlite3
import threading
import time

from app.collab import store
from app.config import settings
from tests.conftest import run_async


def test_an_update_waits_for_a_busy_database_off_the_event_loop(app_db):
    other = sqlite3.connect(settings.db_url.removeprefix("sqlite:///"), isolation_level=None,
                            check_same_thread=False)
    other.execute("BEGIN IMMEDIATE")  # someone else is writing (a compaction, a migration, another process)

    async def go():
        ticks = 0

        async def ticker():
            nonlocal ticks
            while True:
                await asyncio.sleep(0.01)
                ticks += 1

        t = asyncio.create_task(ticker())
        threading.Timer(0.5, other.execute, args=("COMMIT",)).start()
        started = time.monotonic()
        await store.append("r-busy", b"update-while-locked")
        waited = time.monotonic() - started
        t.cancel()
        return ticks, waited

    ticks, waited = run_async(go())
    assert waited >= 0.4, "the append returned before anything could be committed"
    assert ticks >= 20, f"the event loop stalled while the database was locked ({ticks} ticks in {waited:.2f}s)"
    assert store.load("r-busy") == [b"update-while-locked"]
    other.close()


def test_the_write_ahead_log_starts_over_as_updates_pour_in(app_db, monkeypatch):
    """The loop's connection never checkpoints itself (that fsync would stall every room): the writer thread
    does, so the log starts over instead of holding every keystroke since the server started."""
    monkeypatch.setattr(store, "_CHECKPOINT_EVERY", 50)
    monkeypatch.setattr(store, "_LOG_CAP_PAGES", 600)
    update = b"k" * 1024

    async def appends(n: int):
        for _ in range(n):
            await store.append("r-wal", update)

    def checkpoints_finished():
        for _ in range(250):
            if store.checkpoints_done == store.checkpoints_asked:
                return
            time.sleep(0.02)

    run_async(appends(3000))  # ~3 MB of updates, back to back: ~9000 pages of log if nothing folded it back
    checkpoints_finished()
    monkeypatch.setattr(store, "_CHECKPOINT_EVERY", 1)
    run_async(appends(1))  # asks for a checkpoint, which runs with nobody writing
    checkpoints_finished()
    run_async(appends(1))  # the first commit after a complete checkpoint starts the log over
    fresh = sqlite3.connect(settings.db_url.removeprefix("sqlite:///"))
    pages = fresh.execute("PRAGMA wal_checkpoint(PASSIVE)").fetchall()[0][1]
    assert pages < 100, f"the write-ahead log holds {pages} pages"
    assert fresh.execute("SELECT count(*) FROM doc_updates WHERE room='r-wal'").fetchone()[0] == 3002
    fresh.close()
