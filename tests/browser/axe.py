"""axe-core (npm, tests/js) injected into a page opened by the Playwright fixtures: the WCAG 2 A/AA rules, with
only serious and critical findings counted. axe is bundled into the tests, never into the app."""
from __future__ import annotations

from pathlib import Path

AXE_JS = Path(__file__).resolve().parent.parent / "js" / "node_modules" / "axe-core" / "axe.min.js"
BLOCKING = ("serious", "critical")

_RUN = """async () => {
  const r = await axe.run(document, {runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa']},
                                     resultTypes: ['violations']});
  return r.violations.map(v => ({id: v.id, impact: v.impact, help: v.help,
                                 nodes: v.nodes.map(n => ({target: n.target.join(' '),
                                                          summary: n.failureSummary}))}));
}"""


def audit(page) -> list[dict]:
    """The page's serious/critical WCAG 2 A/AA violations, one dict per rule with the nodes that fail it."""
    if not AXE_JS.exists():
        raise RuntimeError(f"{AXE_JS} is missing: run `npm ci` in tests/js (axe-core is a dev dependency there)")
    if not page.evaluate("() => typeof window.axe === 'object'"):
        page.add_script_tag(path=str(AXE_JS))
    return [v for v in page.evaluate(_RUN) if v["impact"] in BLOCKING]


def node_count(violations: list[dict]) -> int:
    return sum(len(v["nodes"]) for v in violations)


def describe(violations: list[dict]) -> str:
    """One line per failing node: rule, impact, target, and why (what to fix)."""
    lines = []
    for v in violations:
        for n in v["nodes"]:
            why = " ".join((n["summary"] or "").split())[:300]
            lines.append(f"  {v['impact']:8} {v['id']}: {n['target']} — {why}")
    return "\n".join(lines)
