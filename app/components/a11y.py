"""Accessible building blocks where Radix Themes' defaults fail the axe-core audit: a select whose trigger is named,
a slider whose thumb is named, scroll regions the keyboard can reach, and the app-wide stylesheet (assets/a11y.css:
focus ring, AA contrast). See tests/browser/test_every_page_passes_axe_in_light_and_dark.py."""
from __future__ import annotations

import reflex as rx
from reflex_base.event import EventHandler, passthrough_event_spec

LIBRARY = "$/public/a11y/A11y.jsx"


class A11yStyles(rx.Component):
    """Renders nothing; its module imports assets/a11y.css, so every page with the shared layout gets it."""
    library = LIBRARY
    tag = "A11yStyles"


class LabelledSlider(rx.Component):
    """Radix Themes' Slider with `label` set as the thumb's aria-label (its own aria-label stays on the root)."""
    library = LIBRARY
    tag = "LabelledSlider"
    is_default = True

    label: rx.Var[str]
    default_value: rx.Var[list[int]]
    min: rx.Var[int]
    max: rx.Var[int]
    step: rx.Var[int]

    on_value_commit: EventHandler[passthrough_event_spec(list[int])]


a11y_styles = A11yStyles.create
labelled_slider = LabelledSlider.create


def labelled_select(items, value, on_change, label: str, **trigger_props) -> rx.Component:
    """A select whose trigger carries the accessible name (rx.select's high-level form drops aria-label).
    `items` is a list of labels or a list Var."""
    options = ([rx.select.item(t, value=t) for t in items] if isinstance(items, (list, tuple))
               else [rx.foreach(items, lambda t: rx.select.item(t, value=t))])
    return rx.select.root(rx.select.trigger(aria_label=label, **trigger_props), rx.select.content(*options),
                          value=value, on_change=on_change)


def scroll_region(*children: rx.Component, label: str | rx.Var, role: str = "region", **props) -> rx.Component:
    """A scrolling box the keyboard can focus and scroll (a Radix ScrollArea's viewport cannot take tabindex),
    named for screen readers."""
    props.setdefault("height", "100%")
    return rx.box(*children, class_name="parley-scroll-region", tab_index=0, role=role, aria_label=label,
                  **props)
