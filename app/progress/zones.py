"""The person's time zone, as the browser reports it, checked before any date is computed with it.

Accepted: an IANA name known to this server's tz database (`Europe/Paris`) or a fixed offset (`UTC+05:30`,
`-08:00`, `Z`); anything else is refused with `invalid_time_zone`, never looked up as a path."""
from __future__ import annotations

import re
from datetime import datetime, timedelta, timezone, tzinfo
from functools import lru_cache
from zoneinfo import ZoneInfo, available_timezones

from app.errors import Invalid

MAX_ZONE_LENGTH = 64
_OFFSET = re.compile(r"^(?:UTC|GMT)?([+-])(\d{1,2})(?::?(\d{2}))?$")


@lru_cache(maxsize=1)
def _known() -> frozenset[str]:
    return frozenset(available_timezones())


def parse_zone(text: object) -> tzinfo:
    """The tzinfo `text` names; raises Invalid (400) for anything that is not a known zone or a sane offset."""
    if not isinstance(text, str) or not text.strip() or len(text) > MAX_ZONE_LENGTH:
        raise Invalid("Time zone must be an IANA name such as Europe/Paris or an offset such as UTC+05:30.",
                      error="invalid_time_zone")
    name = text.strip()
    if name.upper() in ("UTC", "GMT", "Z"):
        return timezone.utc
    if name in _known():
        return ZoneInfo(name)
    m = _OFFSET.match(name.upper())
    if m:
        sign, hours, minutes = m.group(1), int(m.group(2)), int(m.group(3) or 0)
        if hours <= 14 and minutes < 60 and hours * 60 + minutes <= 14 * 60:
            delta = timedelta(hours=hours, minutes=minutes)
            return timezone(-delta if sign == "-" else delta)
    raise Invalid(f"Unknown time zone {name[:MAX_ZONE_LENGTH]!r}: use an IANA name such as Europe/Paris or an "
                  "offset such as UTC+05:30.", error="invalid_time_zone")


def zone_name(tz: tzinfo) -> str:
    """How a parsed zone is shown back (`Europe/Paris`, `UTC`, `UTC+05:30`)."""
    if isinstance(tz, ZoneInfo):
        return tz.key
    offset = tz.utcoffset(None) or timedelta(0)
    if not offset:
        return "UTC"
    total = int(offset.total_seconds()) // 60
    sign = "-" if total < 0 else "+"
    return f"UTC{sign}{abs(total) // 60:02d}:{abs(total) % 60:02d}"


def _offset_s(tz: tzinfo, epoch: int) -> int:
    return int(datetime.fromtimestamp(epoch, timezone.utc).astimezone(tz).utcoffset().total_seconds())


def offset_segments(tz: tzinfo, start: datetime, end: datetime) -> list[tuple[datetime | None, int]]:
    """The zone's UTC offset over [start, end) as `(until, offset_seconds)` pieces in order; the last piece's
    `until` is None (it runs on). Transitions are found by stepping a day at a time and bisecting to the second,
    so a zone that changes offset twice within one day (none does today) would be seen as not changing."""
    if not isinstance(tz, ZoneInfo):  # a fixed offset never changes
        return [(None, _offset_s(tz, 0))]
    day = 86400
    pieces: list[tuple[datetime | None, int]] = []
    at, stop = int(start.timestamp()), int(end.timestamp()) + 1
    current = _offset_s(tz, at)
    while at < stop:
        nxt = min(at + day, stop)
        if _offset_s(tz, nxt) == current:
            at = nxt
            continue
        lo, hi = at, nxt  # offset(lo) == current != offset(hi): the first second of the new offset is in (lo, hi]
        while hi - lo > 1:
            mid = (lo + hi) // 2
            lo, hi = (mid, hi) if _offset_s(tz, mid) == current else (lo, mid)
        pieces.append((datetime.fromtimestamp(hi, timezone.utc), current))
        current, at = _offset_s(tz, hi), hi
    pieces.append((None, current))
    return pieces
