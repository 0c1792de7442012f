"""Every page and state has zero serious or critical axe-core WCAG 2 A/AA violations, in light and in dark mode:
home, sign-in, sign-up, problems, a problem (anonymous, and with a run's results shown), dashboard, progress, a
submission, the room's join form, the room with chat open (a message in it), the ended session, playback, report
and the host's dashboard listing the interview. Each state is audited in light, then the browser's colour scheme
turns dark (the app follows the system setting) and it is audited again. The counts per page are printed and
written to artifacts/axe-counts.txt."""
from __future__ import annotations

import re
import uuid

from tests.browser.axe import audit, describe, node_count
from tests.browser.test_solo_practice import WRONG, type_code
from tests.conftest import ARTIFACTS

LIGHT, DARK = "light", "dark"


class Audit:
    """Collects each state's findings in both colour schemes."""

    def __init__(self):
        self.counts: dict[str, dict[str, int]] = {}
        self.failures: list[str] = []

    def check(self, page, name: str) -> None:
        for scheme in (LIGHT, DARK):
            page.emulate_media(color_scheme=scheme, reduced_motion="reduce")
            page.wait_for_function("d => document.documentElement.classList.contains('dark') === d",
                                   arg=scheme == DARK, timeout=10000)
            page.wait_for_timeout(300)  # colours settle (transitions off, but Radix may re-render)
            found = audit(page)
            self.counts.setdefault(name, {})[scheme] = node_count(found)
            if found:
                self.failures.append(f"{name} ({scheme}):\n{describe(found)}")
        page.emulate_media(color_scheme=LIGHT)

    def table(self) -> str:
        rows = [f"{'page/state':28} light dark"] + [f"{n:28} {c[LIGHT]:5} {c[DARK]:4}"
                                                    for n, c in self.counts.items()]
        return "\n".join(rows)


def _signup_api(ctx, name: str) -> dict:
    r = ctx.request.post("/api/auth/signup", data={"email": f"{uuid.uuid4().hex[:10]}@example.com",
                                                   "password": "axe-audit-pw-1", "display_name": name})
    assert r.status == 201, r.text()
    return r.json()


def _goto(page, path: str):
    page.goto(path, wait_until="networkidle")
    return page


def _anonymous_pages(ctx, a: Audit) -> None:
    page = ctx.new_page()
    _goto(page, "/").get_by_role("heading", name="Live coding interviews and pair practice").wait_for()
    a.check(page, "home")
    _goto(page, "/login").get_by_role("button", name="Sign in").wait_for()
    a.check(page, "sign-in")
    _goto(page, "/signup").get_by_role("button", name="Create account").wait_for()
    a.check(page, "sign-up")
    _goto(page, "/problems").get_by_text("Merge k Sorted Lists").wait_for()
    a.check(page, "problems")
    _goto(page, "/problems/two-sum").wait_for_function("window.__parleyEditors && window.__parleyEditors.solo",
                                                       timeout=60000)
    page.get_by_role("button", name="Continue as guest").wait_for()
    a.check(page, "problem (anonymous)")


def _practice_pages(ctx, a: Audit) -> None:
    """Signed in: a run's results on the problem page, then dashboard, progress and the submission."""
    _signup_api(ctx, "Axel Audit")
    page = _goto(ctx.new_page(), "/problems/two-sum")
    page.wait_for_function("window.__parleyEditors && window.__parleyEditors.solo", timeout=60000)
    type_code(page, WRONG)
    page.get_by_role("button", name="Submit").click()
    page.locator("#verdict").get_by_text("Wrong Answer").wait_for(timeout=60000)
    page.get_by_role("row").filter(has_text="nums = [3,2,4], target = 6").wait_for()
    a.check(page, "problem with results")
    _goto(page, "/dashboard").get_by_role("button", name="Create session").wait_for(timeout=30000)
    a.check(page, "dashboard")
    _goto(page, "/profile").get_by_text(re.compile(r"submissions? accepted")).first.wait_for(timeout=30000)
    a.check(page, "progress")
    sub = ctx.request.get("/api/submissions").json()
    items = sub["items"] if isinstance(sub, dict) else sub
    _goto(page, f"/submissions/{items[0]['id']}").locator("#submission-code").wait_for(timeout=30000)
    a.check(page, "submission")


def _room_pages(host_ctx, cand_ctx, a: Audit) -> None:
    """The join form (anonymous), the room with chat open, the ended session, playback and report."""
    _signup_api(host_ctx, "Hosta Audit")
    r = host_ctx.request.post("/api/sessions", data={"problem": "two-sum", "visibility": "public"})
    assert r.status == 201, r.text()
    sid = r.json()["id"]

    join = _goto(cand_ctx.new_page(), f"/session/{sid}")
    join.get_by_role("button", name="Join as guest").wait_for(timeout=30000)
    a.check(join, "room join form")
    join.get_by_label("Your name").fill("Cand Audit")
    join.get_by_role("button", name="Join as guest").click()
    join.wait_for_function("window.__parleyEditors && window.__parleyEditors.room", timeout=90000)

    host = _goto(host_ctx.new_page(), f"/session/{sid}")
    host.wait_for_function("window.__parleyEditors && window.__parleyEditors.room && "
                           "window.__parleyEditors.room.getValue().includes('twoSum')", timeout=90000)
    host.get_by_label("Connection: Connected").wait_for(timeout=30000)
    host.get_by_label("Chat message").fill("Hello, can you hear me?")
    host.get_by_role("button", name="Send").click()
    host.locator(".chat-body").get_by_text("Hello, can you hear me?").wait_for(timeout=20000)
    a.check(host, "room with chat (host)")
    join.locator(".chat-body").get_by_text("Hello, can you hear me?").wait_for(timeout=20000)
    a.check(join, "room with chat (candidate)")

    host.get_by_role("button", name="End session").click()
    host.get_by_role("heading", name="This session has ended").wait_for(timeout=30000)
    a.check(host, "ended session")
    _goto(host, f"/session/{sid}/playback").wait_for_function(
        "window.__parleyPlayback && window.__parleyPlayback.ready", timeout=60000)
    a.check(host, "playback")
    _goto(host, f"/session/{sid}/report").get_by_role("heading", name="Interview report: Two Sum").wait_for(
        timeout=30000)
    a.check(host, "report")
    _goto(host, "/dashboard").locator("#interviews").wait_for(timeout=30000)
    a.check(host, "dashboard with interviews")


def test_every_page_has_no_serious_or_critical_axe_violation_in_light_or_dark(new_context):
    a = Audit()
    _anonymous_pages(new_context(reduced_motion="reduce"), a)
    _practice_pages(new_context(reduced_motion="reduce", permissions=["clipboard-read", "clipboard-write"]), a)
    _room_pages(new_context(reduced_motion="reduce"), new_context(reduced_motion="reduce"), a)
    ARTIFACTS.mkdir(exist_ok=True)
    (ARTIFACTS / "axe-counts.txt").write_text(a.table() + "\n\n" + "\n".join(a.failures) + "\n")
    print("\n" + a.table())
    assert len(a.counts) == 16
    assert a.failures == [], "\n" + a.table() + "\n" + "\n".join(a.failures)
