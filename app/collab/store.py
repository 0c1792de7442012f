"""Durable Yjs updates: appended before they are relayed, replayed to rebuild a room, compacted into one.

On SQLite an append commits right on the event loop's thread: a WAL commit without fsync takes ~40 µs, less
than handing it to a thread and waking the loop again (that handoff was most of a keystroke's latency under
load). It never waits there: the write lock is tried without a timeout, and when another writer holds it the
append goes to the writer thread, as every append does on other databases. That thread commits whatever is
waiting in one transaction (group commit), and every so many commits folds the WAL back into the database (the
fsync) alongside the loop's commits. Racing a steady stream of commits such a checkpoint never completes, so
the log never starts over; past a cap the thread finishes the job holding writers back (the rest is small).
"""
from __future__ import annotations

import asyncio
import queue
import sqlite3
import threading

from sqlalchemy import delete, func, insert
from sqlmodel import select

from app.config import settings
from app.db import get_engine, session_scope
from app.models import DocUpdate, utcnow

_TABLE = DocUpdate.__table__
_INSERT = "INSERT INTO doc_updates (room, data, created_at) VALUES (:room, :data, :created_at)"
_CHECKPOINT = object()  # queued in place of an update: fold the WAL back
_CHECKPOINT_EVERY = 1000  # commits on the loop between checkpoints
_LOG_CAP_PAGES = 4000  # a log this long (16 MB) is checkpointed holding writers back, so it can start over
_queue: queue.SimpleQueue = queue.SimpleQueue()
_writer: threading.Thread | None = None
_writer_lock = threading.Lock()
_inline: dict[tuple[str, int], sqlite3.Connection] = {}  # (url, thread): an event loop's own connection
_commits = 0
checkpoints_asked = checkpoints_done = 0


def _stamp(when) -> str:
    return when.strftime("%Y-%m-%d %H:%M:%S.%f")


def _local_sqlite(url: str) -> bool:
    return url.startswith("sqlite:///") and ":memory:" not in url


def _connect(url: str, busy_timeout: float, autocheckpoint: bool = True) -> sqlite3.Connection:
    """A raw connection (SQLAlchemy's per-commit overhead is most of the cost of a keystroke here). WAL with
    synchronous=NORMAL: a commit survives the process being killed."""
    conn = sqlite3.connect(url.removeprefix("sqlite:///"), timeout=busy_timeout, isolation_level=None,
                           check_same_thread=False)
    conn.execute("PRAGMA journal_mode=WAL")
    conn.execute("PRAGMA synchronous=NORMAL")
    conn.execute("PRAGMA journal_size_limit=8388608")  # a log that starts over is also cut back to 8 MB
    if not autocheckpoint:
        conn.execute("PRAGMA wal_autocheckpoint=0")
    return conn


def _commit(conn: sqlite3.Connection, rows: list[dict]) -> None:
    """Insert the rows in the write transaction `conn` has begun, and commit (or roll back and raise)."""
    try:
        conn.executemany(_INSERT, [dict(r, created_at=_stamp(r["created_at"])) for r in rows])
        conn.execute("COMMIT")
    except BaseException:
        conn.execute("ROLLBACK")
        raise


class _SqliteWriter:
    def __init__(self, url: str):
        self.conn = _connect(url, busy_timeout=30)

    def write(self, rows: list[dict]) -> None:
        self.conn.execute("BEGIN IMMEDIATE")
        _commit(self.conn, rows)

    def checkpoint(self) -> None:
        # fetchall: a statement left mid-result keeps a read snapshot open, and the log could never start over
        [(_busy, log, _done)] = self.conn.execute("PRAGMA wal_checkpoint(PASSIVE)").fetchall()
        if log > _LOG_CAP_PAGES:
            self.conn.execute("PRAGMA wal_checkpoint(FULL)").fetchall()


class _EngineWriter:
    def __init__(self, url: str):
        self.url = url

    def write(self, rows: list[dict]) -> None:
        with get_engine(self.url).begin() as conn:
            conn.execute(insert(_TABLE), rows)

    def checkpoint(self) -> None:
        pass


def _write_loop() -> None:
    global checkpoints_done
    writers: dict = {}
    while True:
        batch = [_queue.get()]
        while True:
            try:
                batch.append(_queue.get_nowait())
            except queue.Empty:
                break
        updates = [item for item in batch if item is not _CHECKPOINT]
        try:
            url = settings.db_url
            if url not in writers:
                writers[url] = (_SqliteWriter if _local_sqlite(url) else _EngineWriter)(url)
            writer = writers[url]
            if len(updates) < len(batch):
                try:
                    writer.checkpoint()
                except sqlite3.Error:
                    pass  # the next one retries
                checkpoints_done += len(batch) - len(updates)
            if updates:
                now = utcnow()
                writer.write([{"room": room, "data": data, "created_at": now} for room, data, _, _ in updates])
            error = None
        except Exception as e:  # every waiter hears about it; nothing is relayed unstored
            error = e
        for _, _, loop, fut in updates:
            loop.call_soon_threadsafe(_settle, fut, error)


def _settle(fut: asyncio.Future, error: Exception | None) -> None:
    if fut.done():
        return
    if error is None:
        fut.set_result(None)
    else:
        fut.set_exception(error)


def _commit_here(room: str, update: bytes) -> bool:
    """Commit on this thread if SQLite's write lock is free right now; False (nothing written) otherwise."""
    global _commits, checkpoints_asked
    url = settings.db_url
    if not _local_sqlite(url):
        return False
    key = (url, threading.get_ident())
    conn = _inline.get(key)
    if conn is None:
        conn = _inline[key] = _connect(url, busy_timeout=0, autocheckpoint=False)
    try:
        conn.execute("BEGIN IMMEDIATE")
    except sqlite3.OperationalError:  # another writer holds the lock: never wait on the event loop
        return False
    _commit(conn, [{"room": room, "data": update, "created_at": utcnow()}])
    _commits += 1
    if _commits % _CHECKPOINT_EVERY == 0:
        _ensure_writer()
        checkpoints_asked += 1
        _queue.put(_CHECKPOINT)
    return True


def _ensure_writer() -> None:
    global _writer
    if _writer is None or not _writer.is_alive():
        with _writer_lock:
            if _writer is None or not _writer.is_alive():
                _writer = threading.Thread(target=_write_loop, name="collab-store", daemon=True)
                _writer.start()


async def append(room: str, update: bytes) -> None:
    """Store one update; returns once it is committed."""
    if _commit_here(room, update):
        return
    _ensure_writer()
    loop = asyncio.get_running_loop()
    fut = loop.create_future()
    _queue.put((room, update, loop, fut))
    await fut


def load(room: str) -> list[bytes]:
    with session_scope() as s:
        return list(s.exec(select(DocUpdate.data).where(DocUpdate.room == room).order_by(DocUpdate.id)).all())


def compact(room: str, merged: bytes) -> None:
    """Replace every stored update of the room with one that holds the same document."""
    with session_scope() as s:
        last = s.exec(select(func.max(DocUpdate.id)).where(DocUpdate.room == room)).one()
        if last is None:
            return
        s.exec(delete(DocUpdate).where(DocUpdate.room == room, DocUpdate.id <= last))
        s.add(DocUpdate(room=room, data=merged))
