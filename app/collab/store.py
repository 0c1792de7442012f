"""Durable Yjs updates: appended before they are relayed (with who sent them) and never deleted — the history
playback replays — plus a snapshot of the whole document every so many updates, so a room loads from its latest
snapshot and the updates after it instead of the whole log.

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
from datetime import datetime

import logging

from pycrdt import Doc
from sqlalchemy import func, insert
from sqlmodel import select

from app.config import settings
from app.db import get_engine, session_scope
from app.models import DocSnapshot, DocUpdate, utcnow

log = logging.getLogger(__name__)
_TABLE = DocUpdate.__table__
_INSERT = ("INSERT INTO doc_updates (room, data, created_at, author_id) "
           "VALUES (:room, :data, :created_at, :author_id)")
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
            now = utcnow()
            if updates:
                writer.write([{"room": room, "data": data, "created_at": now, "author_id": author}
                              for room, data, author, _, _ in updates])
            error = None
        except Exception as e:  # every waiter hears about it; nothing is relayed unstored
            error = e
        for *_, loop, fut in updates:
            loop.call_soon_threadsafe(_settle, fut, error, now)


def _settle(fut: asyncio.Future, error: Exception | None, at: datetime | None = None) -> None:
    if fut.done():
        return
    if error is None:
        fut.set_result(at)
    else:
        fut.set_exception(error)


def _commit_here(room: str, update: bytes, author: int | None) -> datetime | None:
    """Commit on this thread if SQLite's write lock is free right now: the time stored; None (nothing written)
    otherwise."""
    global _commits, checkpoints_asked
    url = settings.db_url
    if not _local_sqlite(url):
        return None
    key = (url, threading.get_ident())
    conn = _inline.get(key)
    if conn is None:
        conn = _inline[key] = _connect(url, busy_timeout=0, autocheckpoint=False)
    try:
        conn.execute("BEGIN IMMEDIATE")
    except sqlite3.OperationalError:  # another writer holds the lock: never wait on the event loop
        return None
    at = utcnow()
    _commit(conn, [{"room": room, "data": update, "created_at": at, "author_id": author}])
    _commits += 1
    if _commits % _CHECKPOINT_EVERY == 0:
        _ensure_writer()
        checkpoints_asked += 1
        _queue.put(_CHECKPOINT)
    return at


def _ensure_writer() -> None:
    global _writer
    if _writer is None or not _writer.is_alive():
        with _writer_lock:
            if _writer is None or not _writer.is_alive():
                _writer = threading.Thread(target=_write_loop, name="collab-store", daemon=True)
                _writer.start()


async def append(room: str, update: bytes, author: int | None = None) -> datetime:
    """Store one update (sent by user `author`; None for the server's own seed); returns, once it is committed,
    the time it was stored under (what the timeline and playback place it at)."""
    at = _commit_here(room, update, author)
    if at is not None:
        return at
    _ensure_writer()
    loop = asyncio.get_running_loop()
    fut = loop.create_future()
    _queue.put((room, update, author, loop, fut))
    return await fut


def load(room: str) -> list[bytes]:
    """What rebuilds the room's document: its latest snapshot, then every update stored after it."""
    with session_scope() as s:
        snap = s.exec(select(DocSnapshot).where(DocSnapshot.room == room)
                      .order_by(DocSnapshot.upto_id.desc()).limit(1)).first()
        after = snap.upto_id if snap else 0
        tail = list(s.exec(select(DocUpdate.data).where(DocUpdate.room == room, DocUpdate.id > after)
                           .order_by(DocUpdate.id)).all())
    return ([snap.data] if snap else []) + tail


def fatal(e: BaseException) -> bool:
    """Exceptions that must pass: pycrdt reports a Rust panic as a BaseException, so handlers catch that."""
    return isinstance(e, (KeyboardInterrupt, SystemExit, asyncio.CancelledError))


def replay(updates: list[bytes], room: str = "") -> Doc:
    """A document built from stored updates; one that does not apply is skipped and logged (a database written
    before updates were checked heals instead of bricking the room)."""
    doc, good = Doc(), []
    for u in updates:
        try:
            doc.apply_update(u)
            good.append(u)
        except BaseException as e:  # pycrdt reports a Rust panic as a BaseException
            if fatal(e):
                raise
            log.warning("room %s: skipped a stored update that does not apply (%s)", room, type(e).__name__)
            if not isinstance(e, ValueError):  # a panic inside yrs leaves that document unusable: start again
                doc = Doc()
                for g in good:
                    doc.apply_update(g)
    return doc


def snapshot(room: str) -> int:
    """Write a snapshot of the document as stored right now (read back from the database, so it holds exactly the
    updates up to the one it names, whichever process stored them); returns its size. Nothing is deleted."""
    with session_scope() as s:
        upto = s.exec(select(func.max(DocUpdate.id)).where(DocUpdate.room == room)).one()
    if upto is None:
        return 0
    with session_scope() as s:
        snap = s.exec(select(DocSnapshot).where(DocSnapshot.room == room)
                      .order_by(DocSnapshot.upto_id.desc()).limit(1)).first()
        after = snap.upto_id if snap else 0
        tail = list(s.exec(select(DocUpdate.data).where(DocUpdate.room == room, DocUpdate.id > after,
                                                         DocUpdate.id <= upto).order_by(DocUpdate.id)).all())
    data = replay(([snap.data] if snap else []) + tail, room).get_update()
    with session_scope() as s:
        s.add(DocSnapshot(room=room, upto_id=upto, data=data))
    return len(data)
