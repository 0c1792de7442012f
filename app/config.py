"""One settings object for the whole app, read from the environment and an optional `.env`.

Every setting has a documented default so Parley runs with no keys; SaaS adapters (Stream, Clerk,
an external Piston, Postgres) switch on only when their variables are set.
"""
from __future__ import annotations

import ipaddress
import json
import os
import secrets
from functools import lru_cache
from pathlib import Path
from urllib.parse import urlsplit

from pydantic import Field, field_validator, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

ROOT = Path(__file__).resolve().parent.parent
MIN_SECRET_BYTES = 32  # HS256 keys shorter than the hash output can be brute-forced offline from any cookie


class Settings(BaseSettings):
    """Environment variable names are the field names in upper case (e.g. `DATABASE_URL`)."""

    model_config = SettingsConfigDict(env_file=ROOT / ".env", extra="ignore", case_sensitive=False)

    # --- storage -------------------------------------------------------------------------------
    parley_data_dir: Path = Field(ROOT / "data", description="Where the SQLite file, secret and recordings live.")
    database_url: str = Field("", description="SQLAlchemy URL; empty = sqlite:///$PARLEY_DATA_DIR/parley.db.")
    parley_secret: str = Field("", description="Signs JWTs (at least 32 bytes); empty = generated once into "
                                                "$PARLEY_DATA_DIR/secret.")
    public_url: str = Field("", description="The app's address (invite links, the one origin allowed to post and "
                                            "open sockets, __Host- cookie when https); empty = taken from the request.")
    trusted_proxies: str = Field("", description="Comma-separated IPs/CIDRs of reverse proxies whose X-Forwarded-For "
                                                 "(and -Proto/-Host) are believed; empty = none.")

    # --- optional services ---------------------------------------------------------------------
    redis_url: str = Field("", description="redis://host:port/db: app workers share rooms (fan-out, locks) and "
                                           "Reflex's page state through it; empty = one worker, all in memory.")
    backend_workers: int = Field(1, ge=1, le=64, validation_alias="workers",
                                 description="WORKERS: backend worker processes of `make serve`/`reflex run` (more "
                                             "than one needs REDIS_URL).")
    piston_url: str = Field("", description="External Piston v2 server; empty = the built-in sandbox.")
    stream_api_key: str = Field("", description="Stream (video/chat) key; empty = built-in chat and WebRTC.")
    stream_api_secret: str = ""
    stream_base_url: str = Field("", description="Stream API base URL; empty = Stream's default edge.")
    stream_token_ttl_seconds: int = Field(4 * 3600, description="Lifetime of the Stream user tokens Parley issues.")
    clerk_jwks_url: str = Field("", description="Accept Clerk bearer JWTs verified with this JWKS.")
    oidc_issuer: str = Field("", description="Accept bearer JWTs from this OIDC issuer.")
    oidc_audience: str = Field("", description="Required `aud` of Clerk/OIDC bearer JWTs (required with OIDC_ISSUER).")
    clerk_authorized_parties: str = Field("", description="Comma-separated origins a Clerk token's `azp` must name "
                                                          "(CLERK_JWKS_URL needs this or OIDC_AUDIENCE).")
    ice_servers: str = Field("[]", description='JSON list of RTCIceServer dicts, e.g. [{"urls":"stun:host:3478"}].')
    turn_secret: str = Field("", description="coturn static-auth-secret: the server issues time-limited TURN credentials.")

    # --- auth ----------------------------------------------------------------------------------
    session_ttl_seconds: int = Field(7 * 24 * 3600, description="Sign-in cookie lifetime (renewed while active).")
    room_token_ttl_seconds: int = Field(15 * 60, description="Lifetime of a room token for real-time sockets.")
    login_max_failures: int = Field(5, description="Failed sign-ins per (account, address) per window.")
    login_account_max_failures: int = Field(50, description="Failed sign-ins per account per window, from all "
                                                            "addresses together.")
    login_address_max_failures: int = Field(50, description="Failed sign-ins per address per window, over all "
                                                            "accounts together.")
    login_window_seconds: int = Field(15 * 60, description="Window of the sign-in and room-password limits.")
    guest_max_per_address: int = Field(20, description="Guests one address may create per GUEST_WINDOW_SECONDS.")
    guest_window_seconds: int = Field(3600, description="Window of the guest-creation limit.")
    cookie_secure: bool = Field(False, description="Set the Secure flag on cookies (enable behind HTTPS).")

    # --- sessions ------------------------------------------------------------------------------
    stale_session_minutes: int = Field(30, description="A room nobody is connected to ends itself after this.")
    stale_sweep_seconds: int = Field(60, description="How often the stale-session sweep runs.")
    room_password_max_failures: int = Field(5, description="Room password attempts per person per LOGIN_WINDOW_SECONDS "
                                                           "(counted before verifying; forgotten once right).")
    room_password_max_per_room: int = Field(20, description="Room password attempts on one room per window, "
                                                            "whoever makes them (the invite link still works).")
    room_password_max_per_address: int = Field(20, description="Room password attempts from one client address per "
                                                               "window, on any room.")
    room_password_min_length: int = Field(8, description="Shortest room password a host may set.")
    room_max_people: int = Field(6, ge=2, le=12, description="People in one room at most: the host, one candidate "
                                 "and interviewers/observers joining through role invites.")

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
    judge_wall_factor: float = Field(5.0, description="A judged test may take this many times its time limit in "
                                     "wall-clock time (its CPU time is held to the limit itself): room for a "
                                     "loaded machine, none for computing.")
    judge_startup_ms: int = Field(5000, description="Wall time a judged program may take to start (interpreter, "
                                  "JVM) before its first test; counted in no test.")
    max_channel_bytes: int = Field(8 * 1024 * 1024, description="What one run may write on its result channel "
                                   "(fd 3); past it the run is stopped as output_limit.")
    sandbox_dir: str = Field("", description="Where slot work dirs live; empty = /run/parley-sandbox (root).")
    sandbox_tmp_mb: int = Field(32, description="Size of the sandbox's private /tmp.")
    sandbox_room_slots: int = Field(1, description="Slots only room runs may use (practice runs take the rest; "
                                                   "at most workers - 1).")
    sandbox_clean_timeout_ms: int = Field(20000, description="A work dir not made fresh within this after a run: "
                                                             "its slot is retired and replaced.")
    sandbox_allow_weak: bool = Field(False, description="Start even when work dirs cannot be size-capped "
                                                        "(not root, no tmpfs): per-file limits only.")
    sandbox_token: str = Field("", description="The standalone sandbox server requires it as a Bearer token; the "
                                               "app sends it to PISTON_URL. Empty = no token.")
    sandbox_hosts: str = Field("", description="Extra Host names (comma-separated) the standalone sandbox server "
                                               "answers besides its bind address and localhost.")
    runner_urls: str = Field("", description="Comma-separated http(s) URLs of runner hosts (`python -m app.sandbox "
                                             "serve`, each with this SANDBOX_TOKEN): every run and judged submission "
                                             "goes there, none runs here; empty = the local sandbox.")
    runner_health_ms: int = Field(1000, ge=50, description="How long a runner's /health (its free slots) is "
                                                           "trusted when choosing where the next run goes.")
    runner_connect_timeout_ms: int = Field(3000, ge=100, description="A runner that does not accept a connection "
                                                                     "in this is taken as down for this run.")

    # --- room ----------------------------------------------------------------------------------
    chat_max_length: int = 2000
    room_messages_per_second: float = Field(5.0, description="Room channel messages (chat, reactions, ...) a member "
                                                             "may send per second, sustained.")
    room_message_burst: int = Field(20, description="Room channel messages a member may send at once before the "
                                                    "rate applies; past it each gets error rate_limited, dropped.")
    room_flood_close_after: int = Field(50, description="Refused room channel messages in a row that close the "
                                                        "socket with 4429.")
    collab_max_message_bytes: int = Field(1024 * 1024, description="A bigger editor message closes the socket.")
    collab_max_doc_bytes: int = Field(2 * 1024 * 1024, description="A document past this refuses growth.")
    socket_max_backlog_bytes: int = Field(16 * 1024 * 1024, description="A room socket (editor, room channel or "
                                          "call) this far behind in reading what its room sends is closed (1013; "
                                          "it resyncs when it reconnects): no room ever waits on one socket. Text "
                                          "frames count characters.")
    whiteboard_max_element_bytes: int = Field(128 * 1024, description="Largest whiteboard element (its JSON): a "
                                                                      "bigger one closes the writer's editor socket.")
    whiteboard_max_elements: int = Field(5000, description="Elements one room's whiteboard may hold (deleted "
                                                           "ones count until they are removed).")
    excalidraw_asset_path: str = Field("/excalidraw-assets/", description="Where browsers load the whiteboard's "
                                       "fonts from: a path on Parley's own origin (served from the bundled npm "
                                       "package) or the URL of a copy of its dist/prod/ folder.")
    recording_max_mb: int = Field(500, description="Largest single call recording.")
    recording_max_chunk_mb: int = Field(16, description="Largest recording chunk upload (413 past it).")
    recording_session_quota_mb: int = Field(1000, description="All recordings of one session together (413 past it).")
    recording_person_quota_mb: int = Field(5000, description="All recordings one person has made (413 past it).")
    recording_min_free_mb: int = Field(1024, description="Free disk space recordings never eat into (507 past it).")

    # --- interviewer's toolkit -----------------------------------------------------------------------
    paste_flag_chars: int = Field(80, description="One editor update inserting at least this many characters is "
                                                  "flagged as a large paste in the timeline and report.")
    notes_max_chars: int = Field(100_000, description="Longest private notes (and scorecard summary).")
    similarity_flag: float = Field(0.7, description="The report shows the closest other solution when it is at least "
                                                    "this similar (0..1).")

    # --- progress ------------------------------------------------------------------------------
    progress_page_size: int = Field(20, ge=1, le=200, description="Submissions per page on the profile and "
                                                                  "GET /api/submissions.")
    progress_acceptance_cache_seconds: float = Field(60, ge=0, description="How long the problems table's "
                                                                           "per-problem acceptance rates are reused "
                                                                           "before they are counted again (0 = "
                                                                           "every view).")

    # --- questions of your own ------------------------------------------------------------------
    question_max_bytes: int = Field(1024 * 1024, description="Largest question file (YAML) accepted by import or "
                                                             "the editor (413 past it).")
    question_max_tests: int = Field(200, ge=1, description="Most tests (written + generated) one question may have.")
    question_max_generators: int = Field(10, ge=0, description="Most generators one question may have; each runs "
                                                               "once in the sandbox when the question is saved.")

    # --- take-home assessments ----------------------------------------------------------------------
    assessment_min_minutes: int = Field(15, ge=1, description="Shortest time limit a take-home may have.")
    assessment_max_minutes: int = Field(240, ge=1, description="Longest time limit a take-home may have.")
    assessment_sweep_seconds: float = Field(5, gt=0, description="How often the server looks for take-homes past "
                                                                 "their limit and submits their code.")

    @field_validator("parley_data_dir")
    @classmethod
    def _absolute(cls, v: Path) -> Path:
        return (ROOT / v).resolve() if not v.is_absolute() else v

    @field_validator("parley_secret")
    @classmethod
    def _long_enough(cls, v: str) -> str:
        if v and len(v.encode()) < MIN_SECRET_BYTES:
            raise ValueError(f"PARLEY_SECRET must be at least {MIN_SECRET_BYTES} bytes (it is {len(v.encode())}); "
                             "e.g. `openssl rand -hex 32`, or unset it to have one generated")
        return v

    @field_validator("public_url")
    @classmethod
    def _public_url(cls, v: str) -> str:
        if v and (urlsplit(v).scheme not in ("http", "https") or not urlsplit(v).hostname):
            raise ValueError(f"PUBLIC_URL must be an http(s) URL such as https://parley.example, not {v!r}")
        return v

    @field_validator("trusted_proxies")
    @classmethod
    def _proxies(cls, v: str) -> str:
        try:
            _networks(v)
        except ValueError as e:
            raise ValueError(f"TRUSTED_PROXIES must be comma-separated IPs or CIDRs: {e}") from None
        return v

    @field_validator("runner_urls")
    @classmethod
    def _runner_urls(cls, v: str) -> str:
        for url in (u.strip() for u in v.split(",") if u.strip()):
            parts = urlsplit(url)
            if parts.scheme not in ("http", "https") or not parts.hostname or parts.username or parts.query or \
                    parts.fragment:
                raise ValueError(f"RUNNER_URLS must be comma-separated http(s) URLs such as http://10.0.0.5:2000 "
                                 f"(no credentials: SANDBOX_TOKEN authenticates), not {url!r}")
        return v

    @model_validator(mode="after")
    def _runners_need_a_token(self) -> "Settings":
        """A runner host runs whatever reaches it: the pool only talks to runners that demand the shared token."""
        if self.runner_urls.strip() and not self.sandbox_token:
            raise ValueError("RUNNER_URLS is set without SANDBOX_TOKEN: set the same SANDBOX_TOKEN here and on "
                             "every runner host")
        return self

    @field_validator("redis_url")
    @classmethod
    def _redis_url(cls, v: str) -> str:
        if v and not v.startswith(("redis://", "rediss://", "unix://")):
            raise ValueError("REDIS_URL must start with redis://, rediss:// or unix://")
        return v

    @model_validator(mode="after")
    def _workers_share_through_redis(self) -> "Settings":
        if self.backend_workers > 1 and not self.redis_url:
            raise ValueError(f"WORKERS={self.backend_workers} needs REDIS_URL: without it each worker would hold "
                             "its own half of every room. Set REDIS_URL=redis://host:port/0, or WORKERS=1.")
        return self

    @model_validator(mode="after")
    def _bearer_tokens_name_their_audience(self) -> "Settings":
        """A bearer JWT valid for ANY client of the issuer would otherwise sign in here: refuse to start."""
        if self.oidc_issuer and not self.oidc_audience:
            raise ValueError("OIDC_ISSUER is set without OIDC_AUDIENCE: set OIDC_AUDIENCE to this app's client id")
        if self.clerk_jwks_url and not (self.oidc_audience or self.clerk_authorized_parties):
            raise ValueError("CLERK_JWKS_URL is set without OIDC_AUDIENCE or CLERK_AUTHORIZED_PARTIES: set "
                             "CLERK_AUTHORIZED_PARTIES to this app's origin (checked against the token's azp)")
        return self

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
    def trusted_proxy_networks(self) -> tuple:
        return _networks(self.trusted_proxies)

    @property
    def authorized_parties(self) -> list[str]:
        return [p.strip().rstrip("/") for p in self.clerk_authorized_parties.split(",") if p.strip()]

    @property
    def stream_enabled(self) -> bool:
        return bool(self.stream_api_key and self.stream_api_secret)

    @property
    def runner_url_list(self) -> list[str]:
        return [u.strip().rstrip("/") for u in self.runner_urls.split(",") if u.strip()]

    @property
    def workers(self) -> int:
        return self.sandbox_workers or os.cpu_count() or 1


def private_dir(path: Path) -> Path:
    """`path` as a directory only its owner may enter (0700), created if missing; returns it."""
    path.mkdir(parents=True, exist_ok=True)
    os.chmod(path, 0o700)
    return path


@lru_cache(maxsize=8)
def _networks(spec: str) -> tuple:
    return tuple(ipaddress.ip_network(p.strip(), strict=False) for p in (spec or "").split(",") if p.strip())


@lru_cache(maxsize=8)
def _stored_secret(data_dir: Path) -> str:
    """Generate the signing secret once and keep it 0600 under the data dir, so restarts keep sessions."""
    path = private_dir(data_dir) / "secret"
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        os.chmod(path, 0o600)
        stored = path.read_text().strip()
        if len(stored.encode()) < MIN_SECRET_BYTES:
            raise ValueError(f"{path} holds a signing secret under {MIN_SECRET_BYTES} bytes: delete it to have a "
                             "new one generated (this signs everyone out), or set PARLEY_SECRET")
        return stored
    with os.fdopen(fd, "w") as f:
        f.write(secrets.token_urlsafe(48))
    return path.read_text().strip()


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    return Settings()


settings = get_settings()
