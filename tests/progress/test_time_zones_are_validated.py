"""The time zone a page (or an API client) sends is checked before use: a known IANA name or a sane UTC
offset; anything else — paths, huge strings, impossible offsets — is a 400 `invalid_time_zone`, never a file
lookup or a crash."""
from __future__ import annotations

from datetime import timedelta

import pytest

from tests.conftest import run_async
from tests.progress.conftest import person

BAD = ["../../../../etc/passwd", "/etc/localtime", "Europe/../../etc/shadow", "Europe/Nowhere", "", " ",
       "UTC+15:00", "+99", "UTC+05:61", "x" * 10_000, "Europe/Paris\x00", "Etc/GMT+99", "posixrules\n"]


@pytest.mark.parametrize("zone", BAD, ids=[repr(z[:20]) for z in BAD])
def test_unknown_zones_are_refused(zone):
    from app.errors import Invalid
    from app.progress.zones import parse_zone

    with pytest.raises(Invalid) as e:
        parse_zone(zone)
    assert e.value.error == "invalid_time_zone" and e.value.status == 400


@pytest.mark.parametrize("zone,offset_min", [("Europe/Paris", None), ("UTC", 0), ("Z", 0), ("UTC+05:30", 330),
                                             ("-08:00", -480), ("GMT+0545", 345), ("Asia/Kathmandu", None)])
def test_known_zones_and_offsets_are_accepted(zone, offset_min):
    from app.progress.zones import parse_zone, zone_name

    tz = parse_zone(zone)
    if offset_min is not None:
        assert tz.utcoffset(None) == timedelta(minutes=offset_min)
    assert parse_zone(zone_name(tz)).utcoffset(None) == tz.utcoffset(None)


def test_the_api_answers_400_for_a_bad_zone_and_keeps_nothing(app_db):
    from tests.asgi_app import client

    ada = person("Ada")

    async def go():
        async with client(me=ada) as c:
            bad = await c.get("/api/progress", params={"tz": "../../etc/passwd"})
            good = await c.get("/api/progress", params={"tz": "Asia/Tokyo"})
            listing = await c.get("/api/submissions", params={"tz": "Mars/Olympus"})
            return bad, good, listing

    bad, good, listing = run_async(go())
    assert bad.status_code == 400 and bad.json()["error"] == "invalid_time_zone" and "detail" in bad.json()
    assert listing.status_code == 400 and listing.json()["error"] == "invalid_time_zone"
    assert good.status_code == 200 and good.json()["zone"] == "Asia/Tokyo"


def test_a_page_falls_back_to_the_browsers_offset_then_to_utc_with_a_note():
    from datetime import timezone

    from app.state.zone import browser_zone

    tz, note = browser_zone("Asia/Tokyo|UTC+09:00")
    assert note == "Days and times are in Asia/Tokyo." and tz.key == "Asia/Tokyo"
    tz, note = browser_zone("Mars/Olympus_Mons|UTC+05:45")  # a zone newer than the server's tz database
    assert tz.utcoffset(None) == timedelta(hours=5, minutes=45) and note == "Days and times are in UTC+05:45."
    for junk in ("../../etc/passwd|/etc/shadow", "", None, 42, "|", "x" * 5000):
        tz, note = browser_zone(junk)
        assert tz is timezone.utc and "not recognised" in note
