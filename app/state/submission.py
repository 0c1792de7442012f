"""/submissions/[id]: one run as its page shows it (app.progress.submissions decides who may see it)."""
from __future__ import annotations

import asyncio

import reflex as rx

from app.errors import NotFound
from app.progress import submissions
from app.progress.zones import zone_name
from app.state.auth import viewer
from app.state.zone import BROWSER_ZONE_JS, browser_zone


def _hidden_text(hidden: dict) -> str:
    if not hidden["total"]:
        return ""
    failed = [f"{n} {status.replace('_', ' ')}" for status, n in hidden["by_status"].items() if status != "passed"]
    return f"Hidden tests: {hidden['passed']} of {hidden['total']} passed" + (f" ({', '.join(failed)})" if failed
                                                                              else "")


class SubmissionState(rx.State):
    loaded: bool = False
    found: bool = False
    run_id: str = ""
    title: str = ""
    slug: str = ""
    difficulty: str = ""
    kind: str = ""
    language: str = ""
    verdict: str = ""
    summary: str = ""
    at: str = ""
    zone: str = ""
    code: str = ""
    by: str = ""
    room: bool = False
    runtime: str = ""
    compile_output: str = ""
    tests: list[dict[str, str]] = []
    hidden: str = ""

    @rx.event
    async def load(self):
        self.loaded, self.found = False, False
        self.run_id = str(self.router.page.params.get("id", ""))[:40]
        if await viewer(self) is None:
            return rx.redirect(f"/login?next=/submissions/{self.run_id if self.run_id.isdigit() else ''}")
        return rx.call_script(BROWSER_ZONE_JS, callback=SubmissionState.show)

    @rx.event
    async def show(self, zone: str):
        me = await viewer(self)
        tz, _ = browser_zone(zone)
        try:
            v = await asyncio.to_thread(submissions.one, me.id if me else None, self.run_id, tz)
        except NotFound:
            self.found, self.loaded, self.code, self.tests = False, True, "", []
            return
        p = v["problem"] or {"slug": "", "title": "(removed problem)", "difficulty": ""}
        self.title, self.slug, self.difficulty = p["title"], p["slug"], p["difficulty"]
        self.kind = {"submit": "Submit", "run": "Run", "custom": "Run (custom input)"}.get(v["kind"], v["kind"])
        self.language, self.verdict, self.at, self.zone = v["language_label"], v["verdict"], v["at_text"], \
            zone_name(tz)
        self.summary = f"{v['passed']} / {v['total']} tests passed"
        self.code, self.by, self.room = v["code"], v["by"], v["in_room"]
        self.runtime = f"{v['runtime_ms']:.0f} ms" if v["runtime_ms"] is not None else ""
        self.compile_output = v["compile_output"]
        self.tests = [t | {"hidden": "False"} for t in v["tests"]]
        self.hidden = _hidden_text(v["hidden"])
        self.found, self.loaded = True, True
