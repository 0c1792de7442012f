"""TypeScript harness: LeetCode's `function name(...): T {...}` with ListNode/TreeNode predefined (declared for the
type checker, defined at run time), compiled by tsc with the sandbox's TypeScript language.

The user's code is `main.ts` from its line 1 (tsc compiles the language's main file, and node maps stack traces
back to it through tsc's source map): the first line starts with `require("./parley.js").ready();`, which says
READY before any of the user's code runs, and after the last line the judge's part declares the node classes and
hands the method, typed as LeetCode's signature, to the driver (`parley.js`, plain JavaScript tsc never sees).
Compiler output is rewritten to name `solution.ts` and the user's columns (see app/judge/diagnostics.py)."""
from __future__ import annotations

import json

from app.judge.harness.javascript import CODEC, LOOP

HEAD = 'require("./parley.js").ready(); '
TSTYPE = {"integer": "number", "long": "number", "double": "number", "boolean": "boolean", "string": "string",
          "character": "string", "ListNode": "ListNode | null", "TreeNode": "TreeNode | null", "void": "void"}

DECLARATIONS = """
declare class ListNode { val: number; next: ListNode | null; constructor(val?: number, next?: ListNode | null); }
declare class TreeNode { val: number; left: TreeNode | null; right: TreeNode | null; constructor(val?: number, left?: TreeNode | null, right?: TreeNode | null); }
"""

# The protocol (see app/judge/records.py): stdin starts with "<nonce> <n>", then one line of input tokens per test,
# each sent by the judge only after the last test's record arrived on fd 3. Module-level code counts in the first
# test (it runs between READY and the first record).
DRIVER = r'''"use strict";
const fs = require("fs"), util = require("util");
globalThis.ListNode = class ListNode { constructor(val, next) { this.val = (val === undefined ? 0 : val); this.next = (next === undefined ? null : next); } };
globalThis.TreeNode = class TreeNode { constructor(val, left, right) { this.val = (val === undefined ? 0 : val); this.left = (left === undefined ? null : left); this.right = (right === undefined ? null : right); } };
''' + CODEC + r'''
const PARAMS = __PARAMS__, RET = __RET__, JUDGE = __JUDGE__, LINES = __LINES__;
function lineOf(e) {
  const m = /main\.ts:(\d+)/.exec((e && e.stack) || "");
  return m && Number(m[1]) <= LINES ? Number(m[1]) : null;
}
let nonce = "", n = 0;
exports.ready = () => {
  const head = (readLine() || "").trim().split(/\s+/);
  nonce = head[0]; n = Number(head[1]);
  send(nonce + " READY");
};
exports.run = (fn) => runTests(nonce, n, () => fn, () => true);
''' + LOOP


def ts_type(t: str) -> str:
    if t in TSTYPE:
        return TSTYPE[t]
    elem = ts_type(t[:-2] if t.endswith("[]") else t[5:-1])
    return f"Array<{elem}>" if " " in elem else elem + "[]"


def files(problem, code: str):
    """(files, main file name): main.ts (the user's code, then the judge's typed hand-over) and the driver."""
    lines = code.count("\n") + 1
    params = ", ".join(f"{p['name']}: {ts_type(p['type'])}" for p in problem.params)
    tail = (DECLARATIONS + f"const parleyMethod: ({params}) => {ts_type(problem.returns)} = {problem.method};\n"
            "require(\"./parley.js\").run(parleyMethod);\n")
    driver = (DRIVER.replace("__PARAMS__", json.dumps([[p["name"], p["type"]] for p in problem.params]))
              .replace("__RET__", json.dumps(problem.returns)).replace("__JUDGE__", json.dumps(problem.judge_param))
              .replace("__LINES__", str(lines)))
    return [("main.ts", HEAD + code + "\n" + tail), ("parley.js", driver)], "main.ts"
