"""The heatmap counts submits per *local* day of the person's time zone, with the offset in force at each
submit (DST included, half- and three-quarter-hour zones too); runs are not submissions. Streaks are consecutive
local days with a submit, the current one ending today or yesterday. SQLite and PostgreSQL give the same days."""
from __future__ import annotations

from datetime import date

from tests.progress.conftest import add_run, person, utc


def _days(user, zone: str, now):
    from app.progress.summary import profile
    from app.progress.zones import parse_zone

    p = profile(user.id, parse_zone(zone), now=now)
    return {c["date"]: c["count"] for c in p["heatmap"]["cells"] if c["count"]}, p


def test_a_late_evening_submit_lands_on_the_local_day(any_db):
    ada = person("Ada")
    add_run(ada, kind="submit", at=utc(2026, 3, 10, 23, 30))
    add_run(ada, kind="run", at=utc(2026, 3, 10, 12, 0))  # a Run is not a submission
    now = utc(2026, 3, 20, 12)
    assert _days(ada, "UTC", now)[0] == {"2026-03-10": 1}
    assert _days(ada, "Asia/Tokyo", now)[0] == {"2026-03-11": 1}
    assert _days(ada, "UTC+09:00", now)[0] == {"2026-03-11": 1}
    assert _days(ada, "America/Los_Angeles", now)[0] == {"2026-03-10": 1}


def test_each_submit_uses_the_offset_in_force_when_it_was_made(any_db):
    """New York: EST (-5) in January, EDT (-4) from 2026-03-08 07:00 UTC. One offset for the whole year (today's
    or January's) puts one of these on the wrong day."""
    ny = person("Ny")
    for at in (utc(2026, 1, 15, 4, 30),       # Jan 14 23:30 EST
               utc(2026, 3, 8, 4, 59, 59),    # Mar 7 23:59:59 EST, the night before the change
               utc(2026, 3, 9, 3, 59, 59),    # Mar 8 23:59:59 EDT, the day of the change
               utc(2026, 3, 9, 4, 0, 0),      # Mar 9 00:00 EDT
               utc(2026, 6, 15, 4, 30)):      # Jun 15 00:30 EDT
        add_run(ny, at=at)
    days, _ = _days(ny, "America/New_York", utc(2026, 7, 1, 12))
    assert days == {"2026-01-14": 1, "2026-03-07": 1, "2026-03-08": 1, "2026-03-09": 1, "2026-06-15": 1}


def test_half_and_three_quarter_hour_zones(any_db):
    india, nepal = person("In"), person("Np")
    add_run(india, at=utc(2026, 5, 1, 18, 15))  # 23:45 in Kolkata
    add_run(india, at=utc(2026, 5, 1, 18, 45))  # 00:15 the next day
    add_run(nepal, at=utc(2026, 5, 1, 18, 10))  # 23:55 in Kathmandu
    add_run(nepal, at=utc(2026, 5, 1, 18, 20))  # 00:05 the next day
    now = utc(2026, 5, 5)
    assert _days(india, "Asia/Kolkata", now)[0] == {"2026-05-01": 1, "2026-05-02": 1}
    assert _days(india, "UTC+05:30", now)[0] == {"2026-05-01": 1, "2026-05-02": 1}
    assert _days(nepal, "Asia/Kathmandu", now)[0] == {"2026-05-01": 1, "2026-05-02": 1}
    assert _days(nepal, "UTC", now)[0] == {"2026-05-01": 2}


def test_streaks_are_counted_in_local_days(any_db):
    """Tokyo (+9). In UTC these submits fall on other days and the streaks would differ."""
    ada = person("Ada")
    for at in (utc(2026, 3, 31, 15, 30), utc(2026, 4, 2, 0, 0), utc(2026, 4, 2, 20, 0),  # Apr 1, 2, 3 (Tokyo)
               utc(2026, 4, 4, 10, 0),                                                 # Apr 4: 4 days in a row
               utc(2026, 5, 6, 16, 0), utc(2026, 5, 8, 3, 0), utc(2026, 5, 8, 4, 0),   # May 7, May 8 (twice)
               utc(2026, 5, 9, 14, 30)):                                               # May 9 23:30
        add_run(ada, at=at)
    now = utc(2026, 5, 10, 1)  # Tokyo: May 10, 10:00, nothing submitted yet today
    days, p = _days(ada, "Asia/Tokyo", now)
    assert p["today"] == "2026-05-10" and days["2026-05-08"] == 2
    assert p["streak"] == {"current": 3, "longest": 4}  # current ends yesterday
    assert _days(ada, "UTC", now)[1]["streak"] == {"current": 2, "longest": 2}  # UTC: Mar 31, Apr 2, Apr 4; May 6, 8, 9

    add_run(ada, at=utc(2026, 5, 9, 15, 30))  # May 10 00:30 in Tokyo: today
    assert _days(ada, "Asia/Tokyo", now)[1]["streak"] == {"current": 4, "longest": 4}
    assert _days(ada, "Asia/Tokyo", utc(2026, 5, 12, 1))[1]["streak"] == {"current": 0, "longest": 4}


def test_the_heatmap_is_the_last_365_local_days_with_a_label_per_day(any_db):
    ada = person("Ada")
    add_run(ada, at=utc(2026, 12, 1, 20))
    add_run(ada, at=utc(2025, 11, 30, 12))  # more than a year ago: in the streaks, not in the heatmap
    _, p = _days(ada, "Europe/Paris", utc(2026, 12, 1, 22))  # Paris: Dec 1, 23:00
    hm = p["heatmap"]
    cells = hm["cells"]
    assert len(cells) == 365 and cells[-1]["date"] == "2026-12-01" and cells[0]["date"] == "2025-12-02"
    assert hm["total"] == 1 and hm["active_days"] == 1
    for c in cells:
        d = date.fromisoformat(c["date"])
        assert c["weekday"] == (d.weekday() + 1) % 7  # rows run Sunday..Saturday
        assert c["week"] == (cells[0]["weekday"] + (d - date(2025, 12, 2)).days) // 7
    assert cells[-1]["label"] == "1 submission on Tue Dec 1, 2026" and cells[-1]["level"] == 4
    assert cells[-2]["label"] == "0 submissions on Mon Nov 30, 2026" and cells[-2]["level"] == 0
    assert [m["label"] for m in hm["months"]][:2] == ["Dec", "Jan"] and len(hm["months"]) == 13
    assert p["streak"] == {"current": 1, "longest": 1}
