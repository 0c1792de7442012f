"""Durable Yjs updates: appended before they are relayed, replayed to rebuild a room, compacted into one.

On SQLite an append commits right on the event loop's thread: a WAL commit without fsync takes ~40 µs,
less than handing it to a thread and waking the loop again (that handoff was most of a keystroke's latency
under load). It never waits there: the write lock is tried without a timeout, and when another writer holds it
the append goes to the writer thread like every append on other databases. That thread commits whatever is
waiting in one transaction (group commit). Checkpoints (the fsync) run in a thread, off the loop.
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
_queue: queue.SimpleQueue = queue.SimpleQueue()
_writer: threading.Thread | None = None
_writer_lock = threading.Lock()


def _connect(url: str, busy_timeout: float, autocheckpoint: bool = True) -> sqlite3.Connection:
    """A raw connection (SQLAlchemy's per-commit overhead is most of the cost of a keystroke here). WAL with
    synchronous=NORMAL: a commit survives the process being killed."""
    conn = sqlite3.connect(url.removeprefix("sqlite:///"), timeout=busy_timeout, isolation_level=None,
                           check_same_thread=False)
    conn.execute("PRAGMA journal_mode=WAL")
    conn.execute("PRAGMA synchronous=NORMAL")
    if not autocheckpoint:
        conn.execute("PRAGMA wal_autocheckpoint=0")
    return conn


def _sqlite_writer(url: str, busy_timeout: float = 30):
    conn = _connect(url, busy_timeout)

    def write(rows: list[dict]) -> None:
        conn.execute("BEGIN IMMEDIATE")
        try:
            conn.executemany(_INSERT, [dict(r, created_at=_stamp(r["created_at"])) for r in rows])
            conn.execute("COMMIT")
        except BaseException:
            conn.execute("ROLLBACK")
            raise
    return write


_INSERT = "INSERT INTO doc_updates (room, data, created_at) VALUES (:room, :data, :created_at)"


def _stamp(when) -> str:
    return when.strftime("%Y-%m-%d %H:%M:%S.%f")


def _local_sqlite(url: str) -> bool:
    return url.startswith("sqlite:///") and ":memory:" not in url


def _engine_writer(url: str):
    def write(rows: list[dict]) -> None:
        with get_engine(url).begin() as conn:
            conn.execute(insert(_TABLE), rows)
    return write


def _writer_for(url: str):
    return _sqlite_writer(url) if _local_sqlite(url) else _engine_writer(url)


def _write_loop() -> None:
    writers: dict = {}
    while True:
        batch = [_queue.get()]
        while True:
            try:
                batch.append(_queue.get_nowait())
            except queue.Empty:
                break
        try:
            url = settings.db_url
            if url not in writers:
                writers[url] = _writer_for(url)
            now = utcnow()
            writers[url]([{"room": room, "data": data, "created_at": now} for room, data, _, _ in batch])
            error = None
        except Exception as e:  # every waiter hears about it; nothing is relayed unstored
            error = e
        for _, _, loop, fut in batch:
            loop.call_soon_threadsafe(_settle, fut, error)


def _settle(fut: asyncio.Future, error: Exception | None) -> None:
    if fut.done():
        return
    if error is None:
        fut.set_result(None)
    else:
        fut.set_exception(error)


_inline: dict[tuple[str, int], sqlite3.Connection] = {}  # (url, thread): a loop's own connection
_CHECKPOINT_EVERY = 1000
_commits = 0
_checkpointing = threading.Lock()


def _commit_here(room: str, update: bytes) -> bool:
    """Commit on this thread if SQLite's write lock is free right now; False (nothing written) otherwise."""
    global _commits
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
    try:
        conn.execute(_INSERT, {"room": room, "data": update, "created_at": _stamp(utcnow())})
        conn.execute("COMMIT")
    except BaseException:
        conn.execute("ROLLBACK")
        raise
    _commits += 1
    if _commits % _CHECKPOINT_EVERY == 0 and _checkpointing.acquire(blocking=False):
        threading.Thread(target=_checkpoint, args=(url,), name="collab-checkpoint", daemon=True).start()
    return True


def _checkpoint(url: str) -> None:
    """Fold the WAL into the database file (the fsync), off the event loop; writers carry on meanwhile."""
    try:
        conn = _connect(url, busy_timeout=5)
        conn.execute("PRAGMA wal_checkpoint(PASSIVE)")
        conn.close()
    except sqlite3.Error:
        pass  # the next one retries; SQLite's own autocheckpoints (other connections) also fold it
    finally:
        _checkpointing.release()


async def append(room: str, update: bytes) -> None:
    """Store one update; returns once it is committed."""
    global _writer
    if _commit_here(room, update):
        return
    if _writer is None or not _writer.is_alive():
        with _writer_lock:
            if _writer is None or not _writer.is_alive():
                _writer = threading.Thread(target=_write_loop, name="collab-store", daemon=True)
                _writer.start()
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
