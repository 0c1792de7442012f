"""One settings object for the whole app, read from the environment and an optional `.env`.

Every setting has a documented default so Parley runs with no keys; SaaS adapters (Stream, Clerk,
an external Piston, Redis, Postgres) switch on only when their variables are set.
"""
from __future__ import annotations

import json
import os
import secrets
from functools import lru_cache
from pathlib import Path

from pydantic import Field, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

ROOT = Path(__file__).resolve().parent.parent


class Settings(BaseSettings):
    """Environment variable names are the field names in upper case (e.g. `DATABASE_URL`)."""

    model_config = SettingsConfigDict(env_file=ROOT / ".env", extra="ignore", case_sensitive=False)

    # --- storage -------------------------------------------------------------------------------
    parley_data_dir: Path = Field(ROOT / "data", description="Where the SQLite file, secret and recordings live.")
    database_url: str = Field("", description="SQLAlchemy URL; empty = sqlite:///$PARLEY_DATA_DIR/parley.db.")
    redis_url: str = Field("", description="Redis for multi-worker state; empty = in-memory, one worker.")
    parley_secret: str = Field("", description="Signs JWTs; empty = generated once into $PARLEY_DATA_DIR/secret.")
    public_url: str = Field("", description="Base URL used in invite links; empty = taken from the request.")

    # --- optional services ---------------------------------------------------------------------
    piston_url: str = Field("", description="External Piston v2 server; empty = the built-in sandbox.")
    stream_api_key: str = Field("", description="Stream (video/chat) key; empty = built-in chat and WebRTC.")
    stream_api_secret: str = ""
    stream_base_url: str = Field("", description="Stream API base URL; empty = Stream's default edge.")
    stream_token_ttl_seconds: int = Field(4 * 3600, description="Lifetime of the Stream user tokens Parley issues.")
    clerk_jwks_url: str = Field("", description="Accept Clerk bearer JWTs verified with this JWKS.")
    oidc_issuer: str = Field("", description="Accept bearer JWTs from this OIDC issuer.")
    oidc_audience: str = Field("", description="Required `aud` of Clerk/OIDC bearer JWTs; empty = not checked.")
    ice_servers: str = Field("[]", description='JSON list of RTCIceServer dicts, e.g. [{"urls":"stun:host:3478"}].')
    turn_secret: str = Field("", description="coturn static-auth-secret: the server issues time-limited TURN credentials.")

    # --- auth ----------------------------------------------------------------------------------
    session_ttl_seconds: int = Field(7 * 24 * 3600, description="Sign-in cookie lifetime (renewed while active).")
    room_token_ttl_seconds: int = Field(15 * 60, description="Lifetime of a room token for real-time sockets.")
    login_max_failures: int = Field(5, description="Failed sign-ins per account or address per window.")
    login_window_seconds: int = 15 * 60
    cookie_secure: bool = Field(False, description="Set the Secure flag on cookies (enable behind HTTPS).")

    # --- sessions ------------------------------------------------------------------------------
    stale_session_minutes: int = Field(30, description="A room nobody is connected to ends itself after this.")
    stale_sweep_seconds: int = Field(60, description="How often the stale-session sweep runs.")
    room_password_max_failures: int = Field(5, description="Wrong room passwords per person per window.")

    # --- sandbox limits (server maxima; requests may only lower them) ---------------------------
    sandbox_workers: int = Field(0, description="Concurrent sandboxed runs; 0 = number of cores.")
    sandbox_queue: int = Field(16, description="Runs waiting for a worker before 429.")
    max_code_bytes: int = Field(64 * 1024, description="Largest source accepted.")
    max_request_bytes: int = Field(1024 * 1024, description="Largest execute request body (413 past it).")
    run_timeout_ms: int = 3000
    compile_timeout_ms: int = 10000
    run_memory_mb: int = 256
    max_output_bytes: int = Field(64 * 1024, description="stdout+stderr kept per run; the rest is cut and flagged.")
    max_processes: int = 64
    max_file_bytes: int = 16 * 1024 * 1024
    workdir_mb: int = 64
    runs_per_minute: int = Field(60, description="Per-user run/submit rate limit in the app.")
    judge_timeout_ms: int = Field(15000, description="Wall-time budget of one judged submission (all its tests).")
    judge_max_input_bytes: int = Field(8 * 1024 * 1024, description="Largest test data handed to one run.")
    sandbox_dir: str = Field("", description="Where slot work dirs live; empty = /run/parley-sandbox (root).")
    sandbox_tmp_mb: int = Field(32, description="Size of the sandbox's private /tmp.")

    # --- room ----------------------------------------------------------------------------------
    chat_max_length: int = 2000
    collab_max_message_bytes: int = Field(1024 * 1024, description="A bigger editor message closes the socket.")
    collab_max_doc_bytes: int = Field(2 * 1024 * 1024, description="A document past this refuses growth.")
    recording_max_mb: int = 500

    @field_validator("parley_data_dir")
    @classmethod
    def _absolute(cls, v: Path) -> Path:
        return (ROOT / v).resolve() if not v.is_absolute() else v

    # --- derived -------------------------------------------------------------------------------
    @property
    def db_url(self) -> str:
        return self.database_url or f"sqlite:///{self.parley_data_dir / 'parley.db'}"

    @property
    def secret(self) -> str:
        return self.parley_secret or _stored_secret(self.parley_data_dir)

    @property
    def ice_server_list(self) -> list[dict]:
        value = json.loads(self.ice_servers or "[]")
        if not isinstance(value, list):
            raise ValueError("ICE_SERVERS must be a JSON list")
        return value

    @property
    def stream_enabled(self) -> bool:
        return bool(self.stream_api_key and self.stream_api_secret)

    @property
    def workers(self) -> int:
        return self.sandbox_workers or os.cpu_count() or 1


@lru_cache(maxsize=8)
def _stored_secret(data_dir: Path) -> str:
    """Generate the signing secret once and keep it 0600 under the data dir, so restarts keep sessions."""
    data_dir.mkdir(parents=True, exist_ok=True)
    path = data_dir / "secret"
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        return path.read_text().strip()
    with os.fdopen(fd, "w") as f:
        f.write(secrets.token_urlsafe(48))
    return path.read_text().strip()


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    return Settings()


settings = get_settings()
