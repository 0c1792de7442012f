"""SQLModel tables. Schema changes go through Alembic (`alembic/versions/`), never `create_all`.

Timestamps are timezone-aware UTC (SQLModel's UTCDateTime stores and returns them so). JSON columns hold structured data that is always read whole.
"""
from __future__ import annotations

import secrets
from datetime import datetime, timezone
from typing import Any, Optional

from sqlalchemy import JSON, Column, Index, LargeBinary, Text, UniqueConstraint
from sqlmodel import Field, SQLModel


def utcnow() -> datetime:
    return datetime.now(timezone.utc)


def new_id() -> str:
    """URL-safe random id (96 bits): not guessable, no `_` (Reflex tokens dislike it)."""
    return secrets.token_hex(12)


class User(SQLModel, table=True):
    __tablename__ = "users"
    id: Optional[int] = Field(default=None, primary_key=True)
    email: Optional[str] = Field(default=None, index=True, unique=True, max_length=320)
    display_name: str = Field(max_length=80)
    password_hash: Optional[str] = Field(default=None, max_length=255)
    is_guest: bool = False
    external_id: Optional[str] = Field(default=None, unique=True, max_length=255)  # Clerk/OIDC `iss|sub`
    created_at: datetime = Field(default_factory=utcnow)
    last_seen_at: datetime = Field(default_factory=utcnow)


class RevokedToken(SQLModel, table=True):
    """Sign-out revokes a cookie JWT by its `jti` until it would have expired anyway."""
    __tablename__ = "revoked_tokens"
    jti: str = Field(primary_key=True, max_length=64)
    expires_at: datetime = Field(index=True)


class LoginAttempt(SQLModel, table=True):
    """Failed sign-ins and room-password attempts, counted per key (account, address, room) in a window."""
    __tablename__ = "login_attempts"
    id: Optional[int] = Field(default=None, primary_key=True)
    key: str = Field(index=True, max_length=400)
    created_at: datetime = Field(default_factory=utcnow, index=True)


class Problem(SQLModel, table=True):
    __tablename__ = "problems"
    id: Optional[int] = Field(default=None, primary_key=True)
    slug: str = Field(index=True, unique=True, max_length=120)
    number: Optional[int] = None  # LeetCode's number, for ordering
    title: str = Field(max_length=200)
    difficulty: str = Field(max_length=16)  # Easy | Medium | Hard
    tags: list[str] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    statement: str = Field(sa_column=Column(Text, nullable=False))
    examples: list[dict[str, Any]] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    constraints: list[str] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    signature: dict[str, Any] = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))
    compare: str = Field(default="exact", max_length=40)
    checker: Optional[str] = Field(default=None, sa_column=Column(Text))
    time_limit_ms: int = 2000
    rubric: Optional[list[dict[str, Any]]] = Field(default=None, sa_column=Column(JSON))  # None: the default rubric
    content_hash: str = Field(default="", max_length=64)  # seed skips unchanged files


class StarterCode(SQLModel, table=True):
    __tablename__ = "starter_code"
    __table_args__ = (UniqueConstraint("problem_id", "language"),)
    id: Optional[int] = Field(default=None, primary_key=True)
    problem_id: int = Field(foreign_key="problems.id", index=True)
    language: str = Field(max_length=32)
    code: str = Field(sa_column=Column(Text, nullable=False))


class TestCase(SQLModel, table=True):
    __tablename__ = "test_cases"
    __table_args__ = (UniqueConstraint("problem_id", "ordinal"),)
    id: Optional[int] = Field(default=None, primary_key=True)
    problem_id: int = Field(foreign_key="problems.id", index=True)
    ordinal: int
    hidden: bool = False
    input: dict[str, Any] = Field(sa_column=Column(JSON, nullable=False))
    expected: Any = Field(default=None, sa_column=Column(JSON))


class InterviewSession(SQLModel, table=True):
    """A room. `participant_id` is the single candidate slot, claimed by one conditional UPDATE so
    that two people can never both take it (atomic on SQLite and PostgreSQL alike); `panel_seats` counts the
    interviewers and observers in it, claimed the same way."""
    __tablename__ = "interview_sessions"
    id: str = Field(default_factory=new_id, primary_key=True, max_length=32)
    host_id: int = Field(foreign_key="users.id", index=True)
    participant_id: Optional[int] = Field(default=None, foreign_key="users.id", index=True)
    panel_seats: int = Field(default=0, sa_column_kwargs={"server_default": "0"})  # interviewers + observers in
    problem_id: int = Field(foreign_key="problems.id")
    language: str = Field(default="python", max_length=32)
    visibility: str = Field(default="public", max_length=16)  # public | private
    password_hash: Optional[str] = Field(default=None, max_length=255)
    invite_token: str = Field(default_factory=lambda: secrets.token_urlsafe(24), index=True, max_length=64)
    status: str = Field(default="waiting", index=True, max_length=16)  # waiting | active | ended
    created_at: datetime = Field(default_factory=utcnow, index=True)
    started_at: Optional[datetime] = None
    ended_at: Optional[datetime] = None
    last_activity_at: datetime = Field(default_factory=utcnow)
    final_verdict: Optional[str] = Field(default=None, max_length=32)
    final_code: Optional[dict[str, Any]] = Field(default=None, sa_column=Column(JSON))  # language -> code, kept at the end


class Participant(SQLModel, table=True):
    """Membership history: who was in which room, as what, and when."""
    __tablename__ = "participants"
    __table_args__ = (UniqueConstraint("session_id", "user_id"),)
    id: Optional[int] = Field(default=None, primary_key=True)
    session_id: str = Field(foreign_key="interview_sessions.id", index=True, max_length=32)
    user_id: int = Field(foreign_key="users.id", index=True)
    role: str = Field(max_length=16)  # host | participant (the candidate) | interviewer | observer
    joined_at: datetime = Field(default_factory=utcnow)
    left_at: Optional[datetime] = None


class ChatMessage(SQLModel, table=True):
    __tablename__ = "chat_messages"
    id: Optional[int] = Field(default=None, primary_key=True)
    session_id: str = Field(foreign_key="interview_sessions.id", index=True, max_length=32)
    user_id: int = Field(foreign_key="users.id")
    author_name: str = Field(max_length=80)
    body: str = Field(sa_column=Column(Text, nullable=False))
    created_at: datetime = Field(default_factory=utcnow, index=True)


class CodeRun(SQLModel, table=True):
    """Every Run and Submit, solo or in a room, with who ran it and the judge's result. The progress indexes
    let a person's counts, days and pages, and each problem's acceptance, be read without touching the code."""
    __tablename__ = "code_runs"
    __table_args__ = (Index("ix_code_runs_user_kind_id", "user_id", "kind", "id"),
                      Index("ix_code_runs_user_progress", "user_id", "kind", "verdict", "problem_id", "created_at",
                            "session_id"),
                      Index("ix_code_runs_kind_id", "kind", "id", "problem_id", "verdict"))
    id: Optional[int] = Field(default=None, primary_key=True)
    user_id: int = Field(foreign_key="users.id", index=True)
    session_id: Optional[str] = Field(default=None, foreign_key="interview_sessions.id", index=True, max_length=32)
    problem_id: Optional[int] = Field(default=None, foreign_key="problems.id", index=True)
    language: str = Field(max_length=32)
    kind: str = Field(max_length=16)  # run | submit | custom
    code: str = Field(sa_column=Column(Text, nullable=False))
    verdict: str = Field(default="", max_length=32)
    passed: int = 0
    total: int = 0
    result: dict[str, Any] = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))
    created_at: datetime = Field(default_factory=utcnow, index=True)


class Draft(SQLModel, table=True):
    """Solo-practice code, per user, problem and language, restored on return."""
    __tablename__ = "drafts"
    __table_args__ = (UniqueConstraint("user_id", "problem_id", "language"),)
    id: Optional[int] = Field(default=None, primary_key=True)
    user_id: int = Field(foreign_key="users.id", index=True)
    problem_id: int = Field(foreign_key="problems.id")
    language: str = Field(max_length=32)
    code: str = Field(sa_column=Column(Text, nullable=False))
    updated_at: datetime = Field(default_factory=utcnow)


class DocUpdate(SQLModel, table=True):
    """Every Yjs update of a room's shared document, appended before it is relayed and never deleted: the history
    playback replays. `author_id` is who sent it (None for the server's own seed)."""
    __tablename__ = "doc_updates"
    __table_args__ = (Index("ix_doc_updates_room_id", "room", "id"),)
    id: Optional[int] = Field(default=None, primary_key=True)
    room: str = Field(max_length=64)
    data: bytes = Field(sa_column=Column(LargeBinary, nullable=False))
    created_at: datetime = Field(default_factory=utcnow)
    author_id: Optional[int] = Field(default=None)


class DocSnapshot(SQLModel, table=True):
    """The whole document as of update `upto_id` (every so many updates): a room loads from its latest snapshot plus
    the updates after it, and playback seeks from the nearest one (keyframes), so neither replays the whole log."""
    __tablename__ = "doc_snapshots"
    __table_args__ = (Index("ix_doc_snapshots_room_upto", "room", "upto_id"),)
    id: Optional[int] = Field(default=None, primary_key=True)
    room: str = Field(max_length=64)
    upto_id: int
    data: bytes = Field(sa_column=Column(LargeBinary, nullable=False))
    created_at: datetime = Field(default_factory=utcnow)


class RoomEvent(SQLModel, table=True):
    """A session's timeline, stamped by the server: joins and leaves, language switches, runs and submits with their
    verdicts, chat messages, tab away/back, large pastes. `data` holds what the kind needs (verdict and pass counts,
    characters pasted, seconds away)."""
    __tablename__ = "room_events"
    __table_args__ = (Index("ix_room_events_session_id", "session_id", "id"),)
    id: Optional[int] = Field(default=None, primary_key=True)
    session_id: str = Field(foreign_key="interview_sessions.id", max_length=32)
    at: datetime = Field(default_factory=utcnow)
    kind: str = Field(max_length=16)
    user_id: Optional[int] = Field(default=None, foreign_key="users.id")
    data: dict[str, Any] = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))


class Scorecard(SQLModel, table=True):
    """The interviewers' scorecard of a session: a 1-4 score per rubric criterion, a recommendation and a summary."""
    __tablename__ = "scorecards"
    session_id: str = Field(foreign_key="interview_sessions.id", primary_key=True, max_length=32)
    scores: dict[str, Any] = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))
    recommendation: Optional[str] = Field(default=None, max_length=16)
    summary: str = Field(default="", sa_column=Column(Text, nullable=False))
    updated_by: Optional[int] = Field(default=None, foreign_key="users.id")
    updated_at: datetime = Field(default_factory=utcnow)


class Note(SQLModel, table=True):
    """Private Markdown notes on a session, never shown to the candidate. The panel's shared notes are kept under the
    host's id; anyone else's (an observer's own) under theirs."""
    __tablename__ = "notes"
    __table_args__ = (UniqueConstraint("session_id", "user_id"),)
    id: Optional[int] = Field(default=None, primary_key=True)
    session_id: str = Field(foreign_key="interview_sessions.id", index=True, max_length=32)
    user_id: int = Field(foreign_key="users.id")
    body: str = Field(default="", sa_column=Column(Text, nullable=False))
    updated_at: datetime = Field(default_factory=utcnow)
    updated_by: Optional[int] = Field(default=None, foreign_key="users.id")


class Recording(SQLModel, table=True):
    __tablename__ = "recordings"
    id: str = Field(default_factory=new_id, primary_key=True, max_length=32)
    session_id: str = Field(foreign_key="interview_sessions.id", index=True, max_length=32)
    started_by: int = Field(foreign_key="users.id")
    mime_type: str = Field(default="video/webm", max_length=64)
    size_bytes: int = 0
    chunks: int = 0
    finished: bool = False
    created_at: datetime = Field(default_factory=utcnow)
    ended_at: Optional[datetime] = None


class Question(SQLModel, table=True):
    """Someone's own question. `spec` is its problem file as a mapping (problems/FORMAT.md; starters generated,
    expected values computed by the reference in the sandbox), what export gives back; `generated` the hidden tests
    its generators made in the sandbox. `problem_id` is its mirror in `problems`, which sessions and runs reference;
    a deleted question keeps that row (old sessions and reports still name it) but nobody can reach it again."""
    __tablename__ = "questions"
    id: Optional[int] = Field(default=None, primary_key=True)
    slug: str = Field(index=True, unique=True, max_length=120)
    owner_id: int = Field(foreign_key="users.id", index=True)
    problem_id: int = Field(foreign_key="problems.id", unique=True)
    shared: bool = False  # True: every signed-in person on this instance may see it and use it
    spec: dict[str, Any] = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))
    generated: list[dict[str, Any]] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    created_at: datetime = Field(default_factory=utcnow)
    updated_at: datetime = Field(default_factory=utcnow)
    deleted_at: Optional[datetime] = None


class Assessment(SQLModel, table=True):
    """A take-home: its author (the host) picks a problem, a time limit, an optional last day to start and the
    languages allowed; the one candidate who starts it gets a private room (`session_id`) whose clock is the server's:
    `ends_at` is fixed at Start, and at that moment the code is submitted by the server, browser or not."""
    __tablename__ = "assessments"
    id: str = Field(default_factory=new_id, primary_key=True, max_length=32)
    host_id: int = Field(foreign_key="users.id", index=True)
    problem_id: int = Field(foreign_key="problems.id")
    time_limit_minutes: int
    deadline_at: Optional[datetime] = None  # the last moment it may be started
    languages: list[str] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    invite_token: str = Field(default_factory=lambda: secrets.token_urlsafe(24), max_length=64)
    candidate_id: Optional[int] = Field(default=None, foreign_key="users.id", index=True)
    session_id: Optional[str] = Field(default=None, foreign_key="interview_sessions.id", max_length=32)
    created_at: datetime = Field(default_factory=utcnow, index=True)
    started_at: Optional[datetime] = None
    ends_at: Optional[datetime] = Field(default=None, index=True)
    submitted_at: Optional[datetime] = None
    final_verdict: Optional[str] = Field(default=None, max_length=32)
    final_run_id: Optional[int] = Field(default=None, foreign_key="code_runs.id")
