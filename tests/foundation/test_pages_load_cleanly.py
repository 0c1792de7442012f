"""Every page renders in a real Chromium with no console errors and no request to any other host."""
import pytest

from tests.conftest import screenshot

PAGES = [("home", "/", "Live coding interviews"), ("problems", "/problems", "Problems"),
         ("dashboard", "/dashboard", "Dashboard"), ("session", "/session/doesnotexist", "session"),
         ("login", "/login", "Sign in"), ("signup", "/signup", "account"), ("questions", "/questions", "Questions"),
         ("question-editor", "/questions/new", "Questions"),
         ("assessment", "/assessments/doesnotexist", "Assessment not found")]


@pytest.mark.parametrize("name,path,text", PAGES, ids=[p[0] for p in PAGES])
def test_page_loads_without_errors_or_foreign_requests(new_context, app_server, name, path, text):
    ctx = new_context()
    page = ctx.new_page()
    page.goto(path, wait_until="networkidle")
    page.get_by_text(text, exact=False).first.wait_for(timeout=15000)
    page.get_by_role("navigation").wait_for()
    screenshot(page, f"page-{name}")
    assert ctx.recorded.foreign_requests(app_server.page_url) == []
    assert ctx.recorded.console_errors == []


def test_dark_mode_toggle_switches_theme(new_context):
    page = new_context().new_page()
    page.goto("/", wait_until="networkidle")
    html = page.locator("html")
    before = html.get_attribute("class") or ""
    page.get_by_label("Toggle light/dark mode").click()
    page.wait_for_function("c => document.documentElement.className !== c", arg=before)
    assert ("dark" in (html.get_attribute("class") or "")) != ("dark" in before)


def test_a_foreign_request_would_be_caught(new_context, app_server):
    """The recorder itself must see requests to other hosts (guards against a test that cannot fail)."""
    ctx = new_context()
    page = ctx.new_page()
    page.route("http://example.invalid/**", lambda route: route.abort())
    page.goto("/", wait_until="networkidle")
    page.evaluate("fetch('http://example.invalid/x').catch(() => null)")
    page.wait_for_timeout(300)
    assert any("example.invalid" in u for u in ctx.recorded.foreign_requests(app_server.url))
