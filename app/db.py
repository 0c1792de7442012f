"""Database engine and sessions. One engine per process, built from `settings.db_url`."""
from __future__ import annotations

import os
from contextlib import contextmanager
from functools import lru_cache
from pathlib import Path
from typing import Iterator

from sqlalchemy import event, text
from sqlalchemy.engine import Engine
from sqlmodel import Session, create_engine

from app.config import private_dir, settings


def get_engine(url: str | None = None) -> Engine:
    """The engine for `url` (default: the configured database), created once per URL."""
    return _engine(url or settings.db_url)


@lru_cache(maxsize=8)
def _engine(url: str) -> Engine:
    if url.startswith("sqlite"):
        if url.startswith("sqlite:///") and ":memory:" not in url:
            _private_sqlite_file(Path(url.removeprefix("sqlite:///")))
        engine = create_engine(url, connect_args={"check_same_thread": False, "timeout": 30})

        @event.listens_for(engine, "connect")
        def _sqlite_pragmas(dbapi_conn, _record):  # WAL: readers never block the writer
            cur = dbapi_conn.cursor()
            cur.execute("PRAGMA journal_mode=WAL")
            cur.execute("PRAGMA foreign_keys=ON")
            cur.execute("PRAGMA synchronous=NORMAL")
            cur.close()

        return engine
    return create_engine(url, pool_pre_ping=True, pool_size=10, max_overflow=20)


def _private_sqlite_file(path: Path) -> None:
    """The database file (and the -wal/-shm files SQLite makes with the same mode) readable by its owner only;
    the directory it is in is the data dir or the operator's own choice."""
    if path.parent.resolve() == settings.parley_data_dir.resolve():
        private_dir(path.parent)
    else:
        path.parent.mkdir(parents=True, exist_ok=True)
    os.close(os.open(path, os.O_RDWR | os.O_CREAT, 0o600))
    for p in (path, path.with_name(path.name + "-wal"), path.with_name(path.name + "-shm")):
        if p.exists():
            os.chmod(p, 0o600)


@contextmanager
def session_scope() -> Iterator[Session]:
    """A unit of work: commits on success, rolls back on error."""
    with Session(get_engine(), expire_on_commit=False) as session:
        try:
            yield session
            session.commit()
        except BaseException:
            session.rollback()
            raise


def ping() -> None:
    """Raise if the database does not answer a trivial query."""
    with get_engine().connect() as conn:
        conn.execute(text("SELECT 1"))


def upgrade(url: str | None = None) -> None:
    """Apply Alembic migrations up to head (what `make migrate` and the test fixtures run)."""
    from alembic import command
    from alembic.config import Config

    from app.config import ROOT

    cfg = Config(str(ROOT / "alembic.ini"))
    cfg.attributes["url"] = url or settings.db_url
    command.upgrade(cfg, "head")
