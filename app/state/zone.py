"""The browser's time zone, asked of the page itself (pages pass it to the progress service, which checks it)."""
from __future__ import annotations

from datetime import timezone, tzinfo

from app.errors import Invalid
from app.progress.zones import parse_zone, zone_name

# "<IANA name>|<current UTC offset>": the server uses the name if its tz database knows it, else the offset.
BROWSER_ZONE_JS = """(() => {
  let z = "";
  try { z = Intl.DateTimeFormat().resolvedOptions().timeZone || ""; } catch (e) {}
  const m = -new Date().getTimezoneOffset(), a = Math.abs(m);
  const pad = (n) => String(n).padStart(2, "0");
  return z + "|UTC" + (m < 0 ? "-" : "+") + pad(Math.floor(a / 60)) + ":" + pad(a % 60);
})()"""


def browser_zone(reported: object) -> tuple[tzinfo, str]:
    """The zone the page reported (its name, else its offset), or UTC with a note saying why: a page keeps
    working with an odd browser."""
    for candidate in (reported.split("|", 1) if isinstance(reported, str) else [])[:2]:
        try:
            tz = parse_zone(candidate)
        except Invalid:
            continue
        return tz, f"Days and times are in {zone_name(tz)}."
    return timezone.utc, "Days and times are in UTC (your browser's time zone was not recognised)."
