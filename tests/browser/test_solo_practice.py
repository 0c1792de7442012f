"""Solo practice in a real Chromium: type into the bundled Monaco editor, Submit / Run, read the verdict
(as a guest: running code needs an account or a guest identity)."""
from tests.conftest import screenshot

SOLUTION = ("class Solution:\n    def twoSum(self, nums: List[int], target: int) -> List[int]:\n"
            "        seen = {}\n        for i, x in enumerate(nums):\n            if target - x in seen:\n"
            "                return [seen[target - x], i]\n            seen[x] = i\n")
WRONG = "class Solution:\n    def twoSum(self, nums: List[int], target: int) -> List[int]:\n        return [0, 1]\n"


def open_problem(ctx, slug="two-sum"):
    assert ctx.request.post("/api/auth/guest", data={"display_name": "Solo"}).ok
    page = ctx.new_page()
    page.goto(f"/problems/{slug}", wait_until="networkidle")
    page.wait_for_function("window.__parleyEditors && window.__parleyEditors.solo", timeout=60000)
    return page


def type_code(page, code: str) -> None:
    """As a user brings a LeetCode solution: click into the editor, select all, paste (typing it key by key
    would let Monaco's auto-indent re-indent the Python)."""
    page.locator(".monaco-editor .view-lines").first.click()
    page.keyboard.press("Control+A")
    page.keyboard.press("Delete")
    page.evaluate("c => navigator.clipboard.writeText(c)", code)
    page.keyboard.press("Control+V")
    page.wait_for_function("c => window.__parleyEditors.solo.getValue() === c", arg=code)
    page.wait_for_timeout(400)  # the editor's debounced change reaches the server


def test_solving_two_sum_is_accepted_with_all_tests_passed(new_context, app_server):
    ctx = new_context(permissions=['clipboard-read', 'clipboard-write'])
    page = open_problem(ctx)
    type_code(page, SOLUTION)
    page.get_by_role("button", name="Submit").click()
    verdict = page.locator("#verdict")
    verdict.wait_for(timeout=60000)
    assert verdict.inner_text() == "Accepted"
    assert page.get_by_text("11 / 11 tests passed").is_visible()
    screenshot(page, "solo-accepted")
    assert ctx.recorded.foreign_requests(app_server.page_url) == []
    assert ctx.recorded.console_errors == []


def test_wrong_answer_shows_the_failing_visible_test(new_context):
    page = open_problem(new_context(permissions=['clipboard-read', 'clipboard-write']))
    type_code(page, WRONG)
    page.keyboard.press("Control+Enter")  # Ctrl/Cmd+Enter runs the visible tests
    page.locator("#verdict").wait_for(timeout=60000)
    assert page.locator("#verdict").inner_text() == "Wrong Answer"
    row = page.get_by_role("row").filter(has_text="nums = [3,2,4], target = 6")
    assert "wrong answer" in row.inner_text() and "[1,2]" in row.inner_text() and "[0,1]" in row.inner_text()
    screenshot(page, "solo-wrong-answer")


def test_draft_survives_a_reload_and_reset_restores_the_starter(new_context):
    ctx = new_context(permissions=['clipboard-read', 'clipboard-write'])
    page = open_problem(ctx, "reverse-string")
    type_code(page, "# my draft\n")
    page.reload(wait_until="networkidle")
    page.wait_for_function("window.__parleyEditors && window.__parleyEditors.solo && "
                           "window.__parleyEditors.solo.getValue().startsWith('# my draft')", timeout=60000)
    page.get_by_role("button", name="Reset to starter code").click()
    page.wait_for_function("window.__parleyEditors.solo.getValue().includes('def reverseString')", timeout=20000)


def test_problem_list_filters_by_difficulty_and_search(new_context):
    page = new_context(permissions=['clipboard-read', 'clipboard-write']).new_page()
    page.goto("/problems", wait_until="networkidle")
    page.get_by_text("Merge k Sorted Lists").wait_for()
    page.get_by_label("Search by title").fill("merge")
    page.wait_for_timeout(500)
    assert page.get_by_text("Two Sum").count() == 0 and page.get_by_text("Merge k Sorted Lists").is_visible()
