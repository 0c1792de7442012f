"""Background task: rooms nobody has used for `STALE_SESSION_MINUTES` end themselves (rooms with a live socket in
this process are kept), and stale rate-limit records are pruned."""
from __future__ import annotations

import asyncio
import logging

from app.auth import ratelimit
from app.config import settings
from app.room import events
from app.sessions import live, service

log = logging.getLogger(__name__)


async def sweep() -> list[str]:
    connected = events.connected()
    for room in connected:
        await asyncio.to_thread(live.touch, room)
    ended = await asyncio.to_thread(service.end_stale, None, connected)
    for room in ended:
        await events.room_ended(room)
    await asyncio.to_thread(ratelimit.prune, 2 * settings.login_window_seconds)
    return ended


async def run_forever(interval_s: float | None = None) -> None:
    interval = interval_s or settings.stale_sweep_seconds
    while True:
        try:
            ended = await sweep()
            if ended:
                log.info("ended %d stale session(s)", len(ended))
        except Exception:  # a failed sweep must not kill the task; the next one retries
            log.exception("stale-session sweep failed")
        await asyncio.sleep(interval)
