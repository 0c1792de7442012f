"""Reflex config. Finds the project-local bun (installed from npm by `make setup`) so a plain
`reflex run` works inside the venv without Reflex downloading bun from the internet."""
import os
from pathlib import Path

import reflex as rx

_HERE = Path(__file__).resolve().parent
_BUN_BIN = _HERE / ".tools" / "node_modules" / ".bin"
if (_BUN_BIN / "bun").exists():
    os.environ["REFLEX_USE_SYSTEM_BUN"] = "1"
    if str(_BUN_BIN) not in os.environ.get("PATH", "").split(os.pathsep):
        os.environ["PATH"] = f"{_BUN_BIN}{os.pathsep}{os.environ.get('PATH', '')}"

config = rx.Config(
    app_name="app",
    show_built_with_reflex=False,
    telemetry_enabled=False,
    disable_plugins=[rx.plugins.SitemapPlugin],
    plugins=[rx.plugins.RadixThemesPlugin(
        theme=rx.theme(accent_color="indigo", gray_color="slate", radius="medium", has_background=True))],
)
