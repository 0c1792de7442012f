"""Problem list and solo-practice state: thin handlers over app.problems and app.judge.

Anyone may read a problem and edit code (drafts stay in the browser); running it needs an account or a guest
identity, so every run is someone's and counts against their rate limit."""
from __future__ import annotations

import asyncio
import json
import logging

import reflex as rx

from app.judge import languages as judge_languages
from app.judge.service import JudgeError, judge
from app.judge.store import save_run
from app.problems.catalog import list_problems, public_problem
from app.sandbox.errors import SandboxError
from app.state.auth import query, viewer

log = logging.getLogger("parley.practice")
NEEDS_IDENTITY = "Sign in or continue as a guest to run code."
LANGS = judge_languages()
LANG_LABELS = {l["id"]: l["label"] for l in LANGS}
LANG_IDS = {l["label"]: l["id"] for l in LANGS}


def result_rows(result: dict) -> list[dict]:
    """A judge result's tests as flat string rows for the results table."""
    return [{k: ("" if v is None else str(v)) for k, v in t.items()} | {
        "number": str(t["index"] + 1), "label": t["status"].replace("_", " ")} for t in result.get("tests", [])]


async def current_user_id(state: rx.State) -> int | None:
    """The signed-in user or guest (their runs are kept and count as solved); None for an anonymous visitor."""
    me = await viewer(state)
    return me.id if me else None


STATUS_FILTERS = {"All": None, "Solved": "solved", "Attempted": "attempted", "Not tried": ""}


class ProblemListState(rx.State):
    """The problems table: my solved / attempted marks and everyone's acceptance rate per problem."""
    rows: list[dict] = []
    difficulty: str = "All"
    tag: str = "All"
    status: str = "All"
    query: str = ""

    @rx.event
    async def load(self):
        self.rows = await asyncio.to_thread(list_problems, await current_user_id(self))

    @rx.var
    def tags(self) -> list[str]:
        return ["All"] + sorted({t for r in self.rows for t in r["tags"]})

    @rx.var
    def visible(self) -> list[dict]:
        q = self.query.strip().lower()
        status = STATUS_FILTERS.get(self.status)
        return [dict(r, tag_text=", ".join(r["tags"])) for r in self.rows
                if (self.difficulty == "All" or r["difficulty"] == self.difficulty)
                and (self.tag == "All" or self.tag in r["tags"]) and (not q or q in r["title"].lower())
                and (status is None or r["status"] == status)]

    @rx.event
    def set_difficulty(self, v: str):
        self.difficulty = v

    @rx.event
    def set_tag(self, v: str):
        self.tag = v

    @rx.event
    def set_query(self, v: str):
        self.query = v

    @rx.event
    def set_status(self, v: str):
        self.status = v if v in STATUS_FILTERS else "All"


class PracticeState(rx.State):
    found: bool = True
    slug: str = ""
    title: str = ""
    difficulty: str = ""
    tags: list[str] = []
    statement: str = ""
    examples: list[dict] = []
    constraints: list[str] = []
    starter: dict[str, str] = {}
    language: str = "python"
    code: str = ""
    editor_key: int = 0  # bumps when code is replaced from outside the editor (language switch, reset)
    font_size: int = 14
    custom_input: str = ""
    use_custom: bool = False
    running: bool = False
    verdict: str = ""
    summary: str = ""
    compile_output: str = ""
    tests: list[dict] = []
    confetti: int = 0
    guest_error: str = ""
    drafts: str = rx.LocalStorage("{}", name="parley-drafts")

    def _drafts(self) -> dict:
        try:
            return json.loads(self.drafts or "{}")
        except ValueError:
            return {}

    def _draft_key(self, language: str) -> str:
        return f"{self.slug}:{language}"

    @rx.event
    async def load(self):
        slug = self.router.page.params.get("slug", "")
        p = public_problem(slug, await current_user_id(self))
        self.found = p is not None
        self.verdict, self.summary, self.tests, self.compile_output = "", "", [], ""
        self.guest_error = query(self, "guest_error")[:200]
        if p is None:
            return
        self.slug, self.title, self.difficulty, self.tags = p["slug"], p["title"], p["difficulty"], p["tags"]
        self.statement, self.examples, self.constraints = p["statement"], p["examples"], p["constraints"]
        self.starter, self.custom_input = p["starter"], p["custom_example"]
        if self.language not in self.starter:
            self.language = "python"
        self.code = self._drafts().get(self._draft_key(self.language), self.starter[self.language])
        self.editor_key += 1

    @rx.var
    def page_path(self) -> str:
        return f"/problems/{self.slug}"

    @rx.var
    def language_label(self) -> str:
        return LANG_LABELS.get(self.language, self.language)

    @rx.var
    def monaco_language(self) -> str:
        return {l["id"]: l["monaco"] for l in LANGS}.get(self.language, "python")

    @rx.event
    def set_language_label(self, label: str):
        self._save_draft()
        self.language = LANG_IDS.get(label, "python")
        self.code = self._drafts().get(self._draft_key(self.language), self.starter.get(self.language, ""))
        self.editor_key += 1

    def _save_draft(self):
        d = self._drafts()
        d[self._draft_key(self.language)] = self.code
        self.drafts = json.dumps(d)

    @rx.event
    def set_code(self, code: str):
        self.code = code
        self._save_draft()

    @rx.event
    def reset_code(self):
        self.code = self.starter.get(self.language, "")
        d = self._drafts()
        d.pop(self._draft_key(self.language), None)
        self.drafts = json.dumps(d)
        self.editor_key += 1

    @rx.event
    def set_font_size(self, v: list[int] | str):
        self.font_size = int(v[0] if isinstance(v, list) else v)

    @rx.event
    def set_custom_input(self, v: str):
        self.custom_input = v

    @rx.event
    def set_use_custom(self, v: bool):
        self.use_custom = v

    @rx.event
    def run(self):
        return PracticeState.evaluate("run")

    @rx.event
    def submit(self):
        return PracticeState.evaluate("submit")

    @rx.event(background=True)
    async def evaluate(self, mode: str):
        """Judge the editor's code. Anonymous callers are refused (the page hides Run for them, but the event is
        anyone's to send); whatever happens, `running` is cleared again."""
        async with self:
            if self.running:
                return
            user_id = await current_user_id(self)
            if user_id is not None:
                self.running = True
                self.verdict, self.summary, self.tests, self.compile_output = "", "", [], ""
                slug, language, code = self.slug, self.language, self.code
                custom = self.custom_input if (mode == "run" and self.use_custom) else None
        if user_id is None:
            yield rx.toast.error(NEEDS_IDENTITY)
            return
        result, error = None, None
        try:
            result = await judge(slug, language, code, mode=mode, custom_input=custom, user_key=f"user:{user_id}")
            await asyncio.to_thread(save_run, user_id, slug, language, "custom" if custom else mode, code, result)
        except (JudgeError, SandboxError) as e:
            error = str(e)
        except Exception:  # a bug must not leave the page stuck on "Running…"
            log.exception("practice run failed (%s, %s)", slug, language)
            error = "The run failed unexpectedly. Try again."
        finally:
            async with self:
                self.running = False
                if result is not None:
                    self.verdict = result["verdict"]
                    self.summary = f"{result['passed']} / {result['total']} tests passed"
                    self.compile_output = result["compile_output"]
                    self.tests = result_rows(result)
                    if result["verdict"] == "accepted" and mode == "submit" and error is None:
                        self.confetti += 1
        if error:
            yield rx.toast.error(error)
