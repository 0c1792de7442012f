"""Reflex config. Finds the project-local bun (installed from npm by `make setup`) so a plain
`reflex run` works inside the venv without Reflex downloading bun from the internet.

`cors_allowed_origins` feeds Reflex's CORS layers (credentialed) and its socket's origin check: Reflex's default
"*" echoes any Origin with credentials. Only the configured origins get CORS (PUBLIC_URL's; the dev frontend's
under `reflex run` dev mode); same-origin pages need none, and app.auth.origins checks every Origin itself.

With REDIS_URL, Reflex keeps page state in Redis (it survives a worker's death) and would start 2 x cores + 1
workers: WORKERS says how many (GRANIAN_WORKERS, which Reflex 0.10 reads), 1 by default."""
import os
from pathlib import Path

import reflex as rx

from app.auth.origins import configured_origins
from app.config import settings

_HERE = Path(__file__).resolve().parent
_BUN_BIN = _HERE / ".tools" / "node_modules" / ".bin"
if (_BUN_BIN / "bun").exists():
    os.environ["REFLEX_USE_SYSTEM_BUN"] = "1"
    if str(_BUN_BIN) not in os.environ.get("PATH", "").split(os.pathsep):
        os.environ["PATH"] = f"{_BUN_BIN}{os.pathsep}{os.environ.get('PATH', '')}"

os.environ.setdefault("GRANIAN_WORKERS", str(settings.backend_workers))

config = rx.Config(
    redis_url=settings.redis_url or None,
    app_name="app",
    show_built_with_reflex=False,
    cors_allowed_origins=configured_origins(),
    telemetry_enabled=False,
    disable_plugins=[rx.plugins.SitemapPlugin],
    plugins=[rx.plugins.RadixThemesPlugin(
        theme=rx.theme(accent_color="indigo", gray_color="slate", radius="medium", has_background=True))],
)
