"""Questions pages: my questions (and those shared with me), and the editor — thin handlers over app.questions.

The editor keeps the form as strings and rows (app.questions.editor); Save hands the question file to the service,
which runs the reference solution in the sandbox and answers the expected values (shown for review) or an error,
placed next to the field that caused it."""
from __future__ import annotations

import asyncio
import json
import logging

import reflex as rx

from app.errors import ParleyError
from app.questions import editor, service
from app.questions.spec import QuestionInvalid
from app.sandbox.errors import SandboxError
from app.sessions import service as sessions
from app.state.auth import AuthState, viewer

log = logging.getLogger("parley.questions")
PLACES = ("form", "title", "difficulty", "tags", "time_limit_ms", "compare", "statement", "signature", "starter",
          "solution", "tests", "rubric")
LANG_LABELS = {"python": "Python 3", "javascript": "JavaScript", "java": "Java", "cpp": "C++"}


def _no_errors() -> dict[str, str]:
    return {p: "" for p in PLACES}


class QuestionListState(rx.State):
    rows: list[dict] = []
    error: str = ""

    @rx.event
    async def load(self):
        auth = await self.get_state(AuthState)
        await auth.refresh()
        me = await viewer(self)
        if me is None:
            return rx.redirect("/login?next=/questions")
        self.rows = [dict(r, tag_text=", ".join(r["tags"])) for r in await asyncio.to_thread(service.mine, me)]


class QuestionEditorState(rx.State):
    slug: str = ""                     # "" while the question is new
    found: bool = True
    title: str = ""
    difficulty: str = "Easy"
    tags: str = ""
    time_limit_ms: str = "1000"
    compare: str = "exact"
    statement: str = ""
    method: str = ""
    params: list[dict[str, str]] = []
    returns: str = "integer"
    starter: dict[str, str] = {}
    starter_language: str = "python"
    ref_language: str = "python"
    ref_code: str = ""
    tests: list[dict[str, str]] = []   # input (one JSON value per parameter per line), hidden "true"/"", expected
    rubric: str = ""
    kept: dict = {}
    shared: bool = False
    errors: dict[str, str] = _no_errors()
    saving: bool = False
    saved_note: str = ""

    def _form(self) -> dict:
        return {"title": self.title, "difficulty": self.difficulty, "tags": self.tags,
                "time_limit_ms": self.time_limit_ms, "compare": self.compare, "statement": self.statement,
                "method": self.method, "params": [dict(p) for p in self.params], "returns": self.returns,
                "starter": dict(self.starter), "ref_language": self.ref_language, "ref_code": self.ref_code,
                "tests": [{"input": t["input"], "hidden": t.get("hidden") == "true"} for t in self.tests],
                "rubric": self.rubric, "kept": dict(self.kept)}

    def _fill(self, form: dict) -> None:
        self.title, self.difficulty, self.tags = form["title"], form["difficulty"], form["tags"]
        self.time_limit_ms, self.compare, self.statement = form["time_limit_ms"], form["compare"], form["statement"]
        self.method, self.params, self.returns = form["method"], form["params"], form["returns"]
        self.starter = form["starter"] or editor.starters(form)
        self.ref_language, self.ref_code, self.rubric = form["ref_language"], form["ref_code"], form["rubric"]
        self.tests = [{"input": t["input"], "hidden": "true" if t["hidden"] else "", "expected": t["expected"],
                       "error": ""} for t in form["tests"]]
        self.kept = form["kept"]

    @rx.event
    async def load(self):
        auth = await self.get_state(AuthState)
        await auth.refresh()
        me = await viewer(self)
        slug = self.router.page.params.get("slug", "")
        if me is None:
            return rx.redirect(f"/login?next=/questions/{slug}")
        self.errors, self.saved_note, self.saving, self.found = _no_errors(), "", False, True
        if slug == "new":
            self.slug, self.shared = "", False
            self._fill(editor.blank())
            return
        try:
            spec = await asyncio.to_thread(service.spec_of, me, slug)
            view = await asyncio.to_thread(service.get, me, slug)
        except ParleyError:
            self.found = False
            return
        self.slug, self.shared = slug, view["shared"]
        self._fill(editor.from_spec(spec))

    # --- fields -------------------------------------------------------------------------------------------------
    @rx.event
    def set_field(self, name: str, value: str):
        if name in ("title", "difficulty", "tags", "time_limit_ms", "compare", "statement", "method", "returns",
                    "ref_language", "ref_code", "rubric", "starter_language"):
            setattr(self, name, value)

    @rx.event
    def set_starter(self, code: str):
        self.starter = {**self.starter, self.starter_language: code}

    @rx.event
    def generate_starters(self):
        made = editor.starters(self._form())
        if not made:
            self.errors = {**self.errors, "signature": "name the method and every parameter (letters, digits, _) "
                                                       "to generate starter code"}
            return
        self.starter = made
        self.errors = {**self.errors, "signature": "", "starter": ""}

    @rx.event
    def add_param(self):
        self.params = self.params + [{"name": f"p{len(self.params) + 1}", "type": "integer"}]

    @rx.event
    def remove_param(self, i: int):
        self.params = [p for k, p in enumerate(self.params) if k != i]

    @rx.event
    def set_param(self, i: int, key: str, value: str):
        if key in ("name", "type") and 0 <= i < len(self.params):
            self.params = [dict(p, **{key: value}) if k == i else p for k, p in enumerate(self.params)]

    @rx.event
    def add_test(self):
        self.tests = self.tests + [{"input": "", "hidden": "", "expected": "", "error": ""}]

    @rx.event
    def remove_test(self, i: int):
        self.tests = [t for k, t in enumerate(self.tests) if k != i]

    @rx.event
    def set_test_input(self, i: int, value: str):
        self.tests = [dict(t, input=value, expected="") if k == i else t for k, t in enumerate(self.tests)]

    @rx.event
    def set_test_hidden(self, i: int, value: bool):
        self.tests = [dict(t, hidden="true" if value else "") if k == i else t for k, t in enumerate(self.tests)]

    # --- save, share, delete, interview -------------------------------------------------------------------------
    def _show_error(self, e: QuestionInvalid) -> None:
        place = editor.error_place(e.field)
        errors = _no_errors()
        self.tests = [dict(t, error="") for t in self.tests]
        if place.startswith("tests."):
            i = int(place.split(".")[1])
            self.tests = [dict(t, error=f"{e.field}: {e.reason}") if k == i else t for k, t in enumerate(self.tests)]
            place = "tests" if i >= len(self.tests) else ""
        if place:
            errors[place if place in errors else "form"] = f"{e.field}: {e.reason}"
        self.errors = errors

    @rx.event(background=True)
    async def save(self):
        async with self:
            if self.saving:
                return
            me = await viewer(self)
            self.saving, self.saved_note = True, ""
            form, slug = self._form(), self.slug
        view, error, place_error = None, "", None
        try:
            data = editor.to_mapping(form)
            view = await (service.update(me, slug, data) if slug else service.create(me, data))
        except QuestionInvalid as e:
            place_error = e
        except (ParleyError, SandboxError) as e:
            error = getattr(e, "detail", None) or str(e)
        except Exception:  # a bug must not leave the page stuck on "Saving…"
            log.exception("saving a question failed")
            error = "Saving failed unexpectedly. Try again."
        async with self:
            self.saving = False
            if place_error is not None:
                self._show_error(place_error)
                return
            if error:
                self.errors = {**_no_errors(), "form": error}
                return
            self.errors = _no_errors()
            self.slug, self.shared = view["slug"], view["shared"]
            self.starter = dict(view["starter"])
            shown = [t for t in view["tests"]][:len(self.tests)]
            self.tests = [dict(t, expected=json.dumps(v["expected"], separators=(",", ":")), error="")
                          for t, v in zip(self.tests, shown)]
            self.saved_note = "Saved. Expected values computed by the reference solution in the sandbox."
        if not slug:
            yield rx.redirect(f"/questions/{view['slug']}", replace=True)

    @rx.event
    async def set_shared(self, value: bool):
        me = await viewer(self)
        try:
            self.shared = (await asyncio.to_thread(service.share, me, self.slug, bool(value)))["shared"]
        except ParleyError as e:
            return rx.toast.error(e.detail)

    @rx.event
    async def delete(self):
        me = await viewer(self)
        try:
            await asyncio.to_thread(service.delete, me, self.slug)
        except ParleyError as e:
            return rx.toast.error(e.detail)
        return rx.redirect("/questions")

    @rx.event
    async def interview(self):
        """One click from a saved question to a live room (invite-link only) on it."""
        me = await viewer(self)
        try:
            view = await asyncio.to_thread(sessions.create, me, self.slug, "private", None)
        except ParleyError as e:
            return rx.toast.error(e.detail)
        return rx.redirect(f"/session/{view['id']}")

    # --- derived ------------------------------------------------------------------------------------------------
    @rx.var
    def starter_code(self) -> str:
        return self.starter.get(self.starter_language, "")

    @rx.var
    def page_title(self) -> str:
        return "New question" if not self.slug else (self.title or "Question")

    @rx.var
    def export_url(self) -> str:
        return rx.config.get_config().api_url.rstrip("/") + f"/api/questions/{self.slug}?format=yaml"
