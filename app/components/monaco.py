"""The Monaco editor as a Reflex component, bundled from npm (see assets/monaco/MonacoEditor.jsx).

A NoSSRComponent: the production build pre-renders pages in Node, where Monaco cannot load."""
from __future__ import annotations

import reflex as rx
from reflex_base.event import EventHandler, passthrough_event_spec

MONACO_DEPS = ["@monaco-editor/react@4.7.0", "monaco-editor@0.55.1"]


class MonacoEditor(rx.NoSSRComponent):
    library = "$/public/monaco/MonacoEditor.jsx"
    tag = "MonacoEditor"
    is_default = True
    lib_dependencies: list[str] = MONACO_DEPS

    editor_id: rx.Var[str]
    value: rx.Var[str]
    language: rx.Var[str]
    theme: rx.Var[str]
    font_size: rx.Var[int]
    read_only: rx.Var[bool]
    height: rx.Var[str]

    on_change: EventHandler[passthrough_event_spec(str)]
    on_run: EventHandler[lambda: []]


monaco_editor = MonacoEditor.create


class CodePreview(rx.Component):
    """The code as plain text under the editor until Monaco paints (assets/monaco/CodePreview.jsx): Monaco takes
    0.4-0.8 s to evaluate after the page's data arrives. A plain component (no Monaco import), so it is pre-rendered."""
    library = "$/public/monaco/CodePreview.jsx"
    tag = "CodePreview"
    is_default = True

    code: rx.Var[str]
    dark: rx.Var[bool]


code_preview = CodePreview.create
