"""A problem statement is Markdown rendered without raw HTML: in a real Chromium, `<img onerror>`, `<script>`,
`<iframe>` and `javascript:` links in a statement stay inert (the tags show as text), while Markdown itself
(bold, code) still renders.

The hostile statement reaches the page the way a malicious problem file's would: in the state the server sends
over Reflex's socket. Playwright sits on that socket and swaps two-sum's statement for the hostile one in the
server's frames; everything else (the app, its compiled Markdown component, the browser) is the real thing."""
from __future__ import annotations

import json

from tests.conftest import screenshot

MARKER = "Given an array of integers"
HOSTILE = ("Statement with **real bold** and `code`.\n\n"
           'Image: <img src=x onerror="window.__pwned=1"> end.\n\n'
           "Script: <script>window.__pwned=2</script> end.\n\n"
           '<iframe src="javascript:parent.__pwned=3"></iframe>\n\n'
           '<a href="javascript:window.__pwned=4" id="rawlink">raw link</a> and '
           "[md link](javascript:window.__pwned=5)\n\n"
           '<b onmouseover="window.__pwned=6">hover</b>')


def _swap(value):
    if isinstance(value, str):
        return HOSTILE if value.startswith(MARKER) else value
    if isinstance(value, list):
        return [_swap(v) for v in value]
    if isinstance(value, dict):
        return {k: _swap(v) for k, v in value.items()}
    return value


def _rewrite(frame):
    """A socket.io event frame (`42[...]`, maybe `42/ns,[...]`) with the statement swapped; others untouched."""
    if not isinstance(frame, str) or MARKER not in frame or not frame.startswith("42"):
        return frame
    start = frame.index("[")
    return frame[:start] + json.dumps(_swap(json.loads(frame[start:])))


def test_html_in_a_statement_stays_inert_text(new_context, app_server):
    ctx = new_context()
    page = ctx.new_page()
    swapped = []

    def relay(ws):
        server = ws.connect_to_server()
        ws.on_message(lambda m: server.send(m))

        def down(m):
            out = _rewrite(m)
            if out is not m:
                swapped.append(1)
            ws.send(out)

        server.on_message(down)

    page.route_web_socket("**/_event/**", relay)
    page.goto("/problems/two-sum", wait_until="networkidle")
    page.get_by_text("Statement with").wait_for(timeout=30000)
    assert swapped, "the statement never came over the socket"
    box = page.get_by_text("Statement with").locator("xpath=ancestor::div[1]")
    page.get_by_text("hover", exact=False).first.hover()
    page.wait_for_timeout(500)
    screenshot(page, "statement-hostile-markdown")

    text = box.inner_text()
    assert page.locator("strong", has_text="real bold").count() == 1  # Markdown still renders
    assert page.locator("code", has_text="code").count() >= 1
    for shown in ('<img src=x onerror="window.__pwned=1">', "<script>window.__pwned=2</script>"):
        assert shown in text, (shown, text)  # the tags are shown as text
    assert page.locator("img[src='x']").count() == 0
    assert page.locator("main iframe").count() == 0 and page.locator("main script").count() == 0
    assert page.locator("#rawlink").count() == 0
    hrefs = page.locator("main a").evaluate_all("els => els.map(e => e.getAttribute('href') || '')")
    assert not any(h.strip().lower().startswith("javascript:") for h in hrefs), hrefs
    assert page.evaluate("window.__pwned") is None
