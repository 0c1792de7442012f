"""Tab through each page from the top: every visible interactive control receives focus (no control is skipped, no
trap: in Monaco, Ctrl+M — its own "Tab moves focus" toggle — lets Tab leave the editor) and every focused control
shows a visible focus ring (a computed outline of non-zero width, on the control or on the field/editor frame that
draws it). Pages: home, sign-in, sign-up, problems, a problem with results, dashboard, progress, the room (host,
with chat), playback and report. Light and dark share the ring (one colour token), so light is enough here."""
from __future__ import annotations

import re
import uuid

from tests.browser.test_solo_practice import WRONG, type_code

# Interactive controls; roving members (tabs, radios, options) count when their group is reachable.
_MARK = r"""() => {
  const sel = 'a[href], button, input:not([type=hidden]), select, textarea, summary, [tabindex], [role=button],' +
              '[role=link], [role=slider], [role=checkbox], [role=switch], [role=combobox], [role=textbox]';
  const visible = el => { const r = el.getBoundingClientRect(), s = getComputedStyle(el);
    return r.width > 0 && r.height > 0 && s.visibility !== 'hidden' && !el.closest('[aria-hidden=true], [inert]'); };
  const roving = el => el.matches('[role=tab], [role=radio], [role=option], [role=menuitem]') && el.tabIndex < 0;
  const out = [];
  document.querySelectorAll(sel).forEach(el => {
    if (el.closest('.monaco-editor') && !el.matches('textarea')) return;  // Monaco's internals; its textarea is it
    if (el.disabled || el.getAttribute('aria-disabled') === 'true' || !visible(el) || roving(el)) return;
    if (el.tabIndex < 0 && !el.matches('a[href], button, input, select, textarea')) return;  // focusable by script only
    el.dataset.kb = String(out.length);
    out.push((el.getAttribute('aria-label') || el.innerText || el.value || el.tagName).trim().slice(0, 40) +
             ' <' + el.tagName.toLowerCase() + '>');
  });
  return out;
}"""

_FOCUSED = r"""() => {
  const el = document.activeElement;
  if (!el || el === document.body) return null;
  const frame = el.closest('.monaco-editor') || el.closest('.rt-TextFieldRoot, .rt-TextAreaRoot') || el;
  const ring = e => { const s = getComputedStyle(e);
    return s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) > 0; };
  const groups = [];  // a roving-focus group (tab list, radio group) is reached through its focused member
  for (let g = el.parentElement; g; g = g.parentElement)
    if (g.dataset.kb && g.matches('[role=tablist], [role=radiogroup], [role=listbox], [role=menu], [role=toolbar]'))
      groups.push(g.dataset.kb);
  return {kb: el.dataset.kb ?? null, groups, ring: ring(el) || ring(frame), monaco: !!el.closest('.monaco-editor'),
          name: (el.getAttribute('aria-label') || el.innerText || el.tagName).trim().slice(0, 40)};
}"""

# Chrome tabs on from where focus or a click last was: start from a throw-away control at the top of the body.
_FROM_TOP = r"""() => {
  const start = document.createElement('button');
  start.style.cssText = 'position:fixed;top:0;left:0;width:1px;height:1px;opacity:0';
  document.body.prepend(start);
  start.focus();
  start.addEventListener('blur', () => start.remove(), {once: true});
  window.scrollTo(0, 0);
}"""


def tab_through(page) -> tuple[list[str], list[str]]:
    """Tab from the top of the page (bounded); returns (controls never focused, focused controls without a ring)."""
    controls = page.evaluate(_MARK)
    assert controls, "no interactive control found: the page did not render"
    page.evaluate(_FROM_TOP)
    reached, ringless, started = set(), [], False
    for _ in range(len(controls) * 2 + 30):
        page.keyboard.press("Tab")
        f = page.evaluate(_FOCUSED)
        if f is None:
            if started:
                break  # focus left the document after the last control
            continue
        started = True
        reached.update(f["groups"])
        if f["kb"] is not None:
            if f["kb"] in reached:
                break  # wrapped around
            reached.add(f["kb"])
        if not f["ring"]:
            ringless.append(f["name"])
        if f["monaco"]:
            page.keyboard.press("Control+m")  # Monaco's "Tab moves focus" mode, as a keyboard user leaves it
    missed = [c for i, c in enumerate(controls) if str(i) not in reached]
    return missed, ringless


def _signup(ctx, name: str) -> None:
    r = ctx.request.post("/api/auth/signup", data={"email": f"{uuid.uuid4().hex[:10]}@example.com",
                                                   "password": "keyboard-pw-1", "display_name": name})
    assert r.status == 201, r.text()


def test_every_control_on_every_page_is_reached_by_tab_and_shows_a_focus_ring(new_context):
    results: dict[str, tuple[list[str], list[str]]] = {}
    anon = new_context(reduced_motion="reduce").new_page()
    for path, name, ready in (("/", "home", "Live coding interviews and pair practice"),
                              ("/login", "sign-in", "Sign in"), ("/signup", "sign-up", "Create an account"),
                              ("/problems", "problems", "Problems")):
        anon.goto(path, wait_until="networkidle")
        anon.get_by_role("heading", name=ready).first.wait_for()
        results[name] = tab_through(anon)

    ctx = new_context(reduced_motion="reduce", permissions=["clipboard-read", "clipboard-write"])
    _signup(ctx, "Kira Keys")
    page = ctx.new_page()
    page.goto("/problems/two-sum", wait_until="networkidle")
    page.wait_for_function("window.__parleyEditors && window.__parleyEditors.solo", timeout=60000)
    type_code(page, WRONG)
    page.get_by_role("button", name="Submit").click()
    page.locator("#verdict").get_by_text("Wrong Answer").wait_for(timeout=60000)
    results["problem with results"] = tab_through(page)
    for path, name, ready in (("/dashboard", "dashboard", "Dashboard"), ("/profile", "progress", "Submissions")):
        page.goto(path, wait_until="networkidle")
        page.get_by_role("heading", name=ready).first.wait_for(timeout=30000)
        results[name] = tab_through(page)

    r = ctx.request.post("/api/sessions", data={"problem": "two-sum", "visibility": "public"})
    assert r.status == 201, r.text()
    sid = r.json()["id"]
    page.goto(f"/session/{sid}", wait_until="networkidle")
    page.wait_for_function("window.__parleyEditors && window.__parleyEditors.room", timeout=90000)
    page.get_by_label("Connection: Connected").wait_for(timeout=30000)
    page.get_by_label("Chat message").fill("Ready when you are")
    page.get_by_role("button", name="Send").click()
    page.locator(".chat-body").get_by_text("Ready when you are").wait_for(timeout=20000)
    results["room (host)"] = tab_through(page)
    page.get_by_role("button", name="End session").click()
    page.get_by_role("heading", name="This session has ended").wait_for(timeout=30000)
    page.goto(f"/session/{sid}/playback", wait_until="networkidle")
    page.wait_for_function("window.__parleyPlayback && window.__parleyPlayback.ready", timeout=60000)
    results["playback"] = tab_through(page)
    page.goto(f"/session/{sid}/report", wait_until="networkidle")
    page.get_by_role("heading", name=re.compile("Interview report")).wait_for(timeout=30000)
    results["report"] = tab_through(page)

    problems = {n: r for n, r in results.items() if r[0] or r[1]}
    assert problems == {}, "\n".join(f"{n}: never focused {m}; focused without a ring {s}"
                                     for n, (m, s) in problems.items())
