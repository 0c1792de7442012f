"""/profile: the signed-in person's progress in their browser's time zone (thin handlers over app.progress)."""
from __future__ import annotations

import asyncio

import reflex as rx

from app.progress import submissions, summary
from app.progress.zones import zone_name
from app.state.auth import viewer
from app.state.zone import BROWSER_ZONE_JS, browser_zone

LEVEL_COLORS = ("var(--gray-a4)", "var(--grass-6)", "var(--grass-8)", "var(--grass-9)", "var(--grass-11)")
DIFFICULTY_COLORS = {"Easy": "var(--green-9)", "Medium": "var(--amber-9)", "Hard": "var(--red-9)"}


def _percent(n: int, of: int) -> str:
    return f"{100 * n / of:.1f}%" if of else "—"


def submission_row(item: dict) -> dict[str, str]:
    p = item["problem"] or {"slug": "", "title": "(removed problem)", "difficulty": ""}
    return {"id": str(item["id"]), "title": p["title"], "slug": p["slug"], "difficulty": p["difficulty"],
            "language": item["language_label"], "verdict": item["verdict"], "at": item["at_text"],
            "tests": f"{item['passed']} / {item['total']}", "where": "interview" if item["in_room"] else "practice"}


class ProfileState(rx.State):
    loaded: bool = False
    zone_note: str = ""
    solved_total: int = 0
    solved_of: int = 0
    difficulties: list[dict[str, str]] = []
    acceptance: str = "—"
    accepted: int = 0
    submits: int = 0
    current_streak: int = 0
    longest_streak: int = 0
    cells: list[dict[str, str]] = []
    months: list[dict[str, str]] = []
    year_total: int = 0
    active_days: int = 0
    tags: list[dict[str, str]] = []
    unsolved: list[dict[str, str]] = []
    recent: list[dict[str, str]] = []
    next_before: int = 0
    zone: str = "UTC"

    @rx.event
    async def load(self):
        if await viewer(self) is None:
            return rx.redirect("/login?next=/profile")
        return rx.call_script(BROWSER_ZONE_JS, callback=ProfileState.show)

    @rx.event
    async def show(self, zone: str):
        me = await viewer(self)
        if me is None:
            return rx.redirect("/login?next=/profile")
        tz, self.zone_note = browser_zone(zone)
        self.zone = zone_name(tz)
        p = await asyncio.to_thread(summary.profile, me.id, tz)
        self.solved_total, self.solved_of = p["solved"]["total"], p["solved"]["of"]
        self.difficulties = [{"difficulty": d["difficulty"], "solved": str(d["solved"]), "total": str(d["total"]),
                              "percent": str(round(100 * d["solved"] / d["total"])) if d["total"] else "0",
                              "color": DIFFICULTY_COLORS.get(d["difficulty"], "var(--gray-9)")}
                             for d in p["solved"]["by_difficulty"]]
        a = p["acceptance"]
        self.acceptance, self.accepted, self.submits = _percent(a["accepted"], a["submits"]), a["accepted"], \
            a["submits"]
        self.current_streak, self.longest_streak = p["streak"]["current"], p["streak"]["longest"]
        hm = p["heatmap"]
        self.cells = [{"date": c["date"], "label": c["label"], "count": str(c["count"]), "level": str(c["level"]),
                       "column": str(c["week"] + 1), "row": str(c["weekday"] + 1), "color": LEVEL_COLORS[c["level"]]}
                      for c in hm["cells"]]
        self.months = [{"label": m["label"], "column": str(m["week"] + 1)} for m in hm["months"]]
        self.year_total, self.active_days = hm["total"], hm["active_days"]
        self.tags = [{"tag": t["tag"], "solved": str(t["solved"]), "total": str(t["total"])} for t in p["tags"]]
        self.unsolved = [{"slug": u["slug"], "title": u["title"], "difficulty": u["difficulty"], "at": u["last_at"]}
                         for u in p["attempted_unsolved"]]
        self.recent = [submission_row(i) for i in p["recent"]["items"]]
        self.next_before = p["recent"]["next_before"] or 0
        self.loaded = True

    @rx.event
    async def more(self):
        """The next page of submissions (older ones)."""
        me = await viewer(self)
        if me is None or not self.next_before:
            return
        tz, _ = browser_zone(self.zone)
        page = await asyncio.to_thread(submissions.recent, me.id, tz, self.next_before)
        self.recent = self.recent + [submission_row(i) for i in page["items"]]
        self.next_before = page["next_before"] or 0
