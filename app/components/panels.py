"""Resizable panels (npm react-resizable-panels) and a confetti burst (npm canvas-confetti), bundled."""
from __future__ import annotations

import reflex as rx

PANELS = "react-resizable-panels@3.0.6"


class PanelGroup(rx.Component):
    library = PANELS
    tag = "PanelGroup"
    direction: rx.Var[str]
    auto_save_id: rx.Var[str]


class Panel(rx.Component):
    library = PANELS
    tag = "Panel"
    default_size: rx.Var[int]
    min_size: rx.Var[int]


class PanelResizeHandle(rx.Component):
    library = PANELS
    tag = "PanelResizeHandle"


def handle(vertical: bool = False) -> rx.Component:
    return PanelResizeHandle.create(
        style={"width": "100%" if vertical else "6px", "height": "6px" if vertical else "100%",
               "background": rx.color("gray", 4), "cursor": "row-resize" if vertical else "col-resize",
               "borderRadius": "3px"},
        aria_label="Resize panels",
    )


class Confetti(rx.NoSSRComponent):
    library = "$/public/monaco/Confetti.jsx"
    tag = "Confetti"
    is_default = True
    lib_dependencies: list[str] = ["canvas-confetti@1.9.4"]
    fire: rx.Var[int]


panel_group = PanelGroup.create
panel = Panel.create
confetti = Confetti.create
