"""/profile: solved / total by difficulty, acceptance rate, streaks, a year of activity, solved per tag,
attempted-but-unsolved problems and recent submissions. The heatmap is plain elements, each day named for
screen readers (`role=img` + label) and hover (`title`); nothing is fetched from elsewhere."""
import reflex as rx

from app.components.layout import card, page
from app.components.problem_view import VERDICT_TEXT, difficulty_badge
from app.state.profile import ProfileState as S

CELL, GAP = "13px", "3px"
FOCUS = {"outline": f"2px solid {rx.color('accent', 8)}", "outline_offset": "2px"}


def _stat(title: str, *body: rx.Component) -> rx.Component:
    return card(rx.vstack(rx.heading(title, as_="h2", size="3", color_scheme="gray", weight="medium"), *body,
                          spacing="2", width="100%"))


def _difficulty(d) -> rx.Component:
    return rx.vstack(
        rx.hstack(rx.text(d["difficulty"], size="2", weight="medium"), rx.spacer(),
                  rx.text(d["solved"], " / ", d["total"], size="2", color_scheme="gray"), width="100%"),
        rx.box(rx.box(height="100%", width=d["percent"] + "%", background=d["color"], border_radius="3px"),
               height="6px", width="100%", background=rx.color("gray", 4), border_radius="3px",
               aria_hidden="true"),  # the numbers above say the same
        spacing="1", width="100%",
    )


def _stats() -> rx.Component:
    return rx.grid(
        _stat("Solved",
              rx.hstack(rx.heading(S.solved_total, size="8", id="solved-total"),
                        rx.text("/ ", S.solved_of, color_scheme="gray"), align="baseline", spacing="2"),
              rx.foreach(S.difficulties, _difficulty)),
        _stat("Acceptance rate",
              rx.heading(S.acceptance, size="8", id="acceptance"),
              rx.text(S.accepted, " of ", S.submits, " submissions accepted", size="2", color_scheme="gray")),
        _stat("Streak",
              rx.hstack(rx.heading(S.current_streak, size="8", id="current-streak"),
                        rx.text(rx.cond(S.current_streak == 1, "day", "days"), color_scheme="gray"),
                        align="baseline", spacing="2"),
              rx.text("Longest: ", S.longest_streak, rx.cond(S.longest_streak == 1, " day", " days"), size="2",
                      color_scheme="gray", id="longest-streak")),
        columns=rx.breakpoints(initial="1", sm="3"), spacing="3", width="100%",
    )


def _cell(c) -> rx.Component:
    return rx.el.div(role="img", aria_label=c["label"], title=c["label"], data_date=c["date"],
                     data_count=c["count"], class_name="heat-cell",
                     style={"gridColumnStart": c["column"], "gridRowStart": c["row"], "background": c["color"],
                            "width": CELL, "height": CELL, "borderRadius": "2px"})


def _legend() -> rx.Component:
    swatch = lambda color: rx.box(width=CELL, height=CELL, border_radius="2px", background=color)  # noqa: E731
    from app.state.profile import LEVEL_COLORS

    return rx.hstack(rx.text("Less", size="1", color_scheme="gray"), *[swatch(c) for c in LEVEL_COLORS],
                     rx.text("More", size="1", color_scheme="gray"), spacing="1", align="center", aria_hidden="true")


def _heatmap() -> rx.Component:
    grid = {"display": "grid", "gridAutoColumns": CELL, "gap": GAP, "gridAutoFlow": "column"}
    return card(rx.vstack(
        rx.hstack(rx.heading("Activity", as_="h2", size="4"), rx.spacer(),
                  rx.text(S.year_total, rx.cond(S.year_total == 1, " submission", " submissions"),
                          " in the past year · ", S.active_days, rx.cond(S.active_days == 1, " active day",
                                                                        " active days"),
                          size="2", color_scheme="gray", id="year-summary"), width="100%", wrap="wrap"),
        rx.box(
            rx.el.div(rx.foreach(S.months, lambda m: rx.text(
                m["label"], size="1", color_scheme="gray", white_space="nowrap",
                style={"gridColumnStart": m["column"], "gridRowStart": "1"})),
                style=grid | {"height": "16px"}, aria_hidden="true"),
            rx.el.div(rx.foreach(S.cells, _cell), id="heatmap",
                      style=grid | {"gridTemplateRows": f"repeat(7, {CELL})"}),
            role="region", aria_label="Submissions per day over the last 365 days", tab_index=0,
            overflow_x="auto", padding_bottom="4px", width="100%", _focus_visible=FOCUS,
        ),
        rx.hstack(rx.text(S.zone_note, size="1", color_scheme="gray"), rx.spacer(), _legend(), width="100%",
                  wrap="wrap"),
        spacing="3", width="100%",
    ))


def _tag(t) -> rx.Component:
    return rx.badge(t["tag"], " ", t["solved"], " / ", t["total"], size="2",
                    variant=rx.cond(t["solved"] != "0", "soft", "surface"),
                    color_scheme=rx.cond(t["solved"] != "0", "green", "gray"), high_contrast=True)


def _unsolved(u) -> rx.Component:
    return rx.hstack(rx.link(u["title"], href="/problems/" + u["slug"], weight="medium"),
                     difficulty_badge(u["difficulty"]), rx.spacer(),
                     rx.text(u["at"], size="1", color_scheme="gray"), width="100%", align="center")


def _lists() -> rx.Component:
    return rx.grid(
        card(rx.vstack(rx.heading("Solved by topic", as_="h2", size="4"),
                       rx.cond(S.tags.length() > 0, rx.flex(rx.foreach(S.tags, _tag), wrap="wrap", gap="2"),
                               rx.text("No problems yet.", color_scheme="gray")),
                       spacing="3", width="100%")),
        card(rx.vstack(rx.heading("Attempted, not solved yet", as_="h2", size="4"),
                       rx.cond(S.unsolved.length() > 0,
                               rx.vstack(rx.foreach(S.unsolved, _unsolved), spacing="2", width="100%",
                                         id="attempted-unsolved"),
                               rx.text("None: every problem you tried is solved.", color_scheme="gray")),
                       spacing="3", width="100%")),
        columns=rx.breakpoints(initial="1", md="2"), spacing="3", width="100%",
    )


def _submission(r) -> rx.Component:
    return rx.table.row(
        rx.table.cell(rx.text(r["at"], white_space="nowrap")),
        rx.table.cell(rx.link(r["title"], href="/problems/" + r["slug"])),
        rx.table.cell(r["language"]),
        rx.table.cell(rx.link(rx.match(r["verdict"], *VERDICT_TEXT, r["verdict"]), href="/submissions/" + r["id"],
                              color_scheme=rx.cond(r["verdict"] == "accepted", "green", "red"), weight="medium",
                              aria_label="Submission " + r["id"] + ": " + r["verdict"].replace("_", " "))),
        rx.table.cell(r["tests"]),
        rx.table.cell(r["where"]),
    )


def _recent() -> rx.Component:
    return card(rx.vstack(
        rx.heading("Submissions", as_="h2", size="4"),
        rx.cond(S.recent.length() > 0,
                rx.table.root(
                    rx.table.header(rx.table.row(*[rx.table.column_header_cell(h) for h in
                                                   ("When", "Problem", "Language", "Verdict", "Tests", "Where")])),
                    rx.table.body(rx.foreach(S.recent, _submission)), width="100%", id="submissions"),
                rx.text("Submit a solution and it appears here.", color_scheme="gray")),
        rx.cond(S.next_before > 0, rx.button("Show older submissions", variant="soft", on_click=S.more)),
        spacing="3", width="100%",
    ))


def profile() -> rx.Component:
    return page(rx.vstack(
        rx.heading("Progress", size="7"),
        rx.cond(S.loaded,
                rx.vstack(_stats(), _heatmap(), _lists(), _recent(), spacing="4", width="100%"),
                rx.hstack(rx.spinner(), rx.text("Counting your submissions…"), role="status")),
        spacing="4", width="100%",
    ))
