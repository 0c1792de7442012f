"""JavaScript harness: LeetCode's `var name = function(...) {...}` (or a function declaration, `const`, ...) with
ListNode/TreeNode predefined, in sloppy mode as on LeetCode.

The user's code is `solution.js`, byte for byte what they wrote: the driver (`main.js`) compiles it as a script of
that name in the global scope, so syntax errors and stack traces name the user's own lines."""
from __future__ import annotations

import json

# The protocol (see app/judge/records.py): stdin starts with "<nonce> <n>", then one line of input tokens per test,
# each sent by the judge only after the last test's record arrived on fd 3. User code runs only after READY.
DRIVER = r'''"use strict";
const fs = require("fs"), vm = require("vm"), util = require("util");
globalThis.ListNode = function ListNode(val, next) { this.val = (val === undefined ? 0 : val); this.next = (next === undefined ? null : next); };
globalThis.TreeNode = function TreeNode(val, left, right) { this.val = (val === undefined ? 0 : val); this.left = (left === undefined ? null : left); this.right = (right === undefined ? null : right); };
globalThis.require = require;
const chunk = Buffer.alloc(1 << 16);
let pending = "";
function readLine() {
  for (;;) {
    const nl = pending.indexOf("\n");
    if (nl >= 0) { const line = pending.slice(0, nl); pending = pending.slice(nl + 1); return line; }
    let got;
    try { got = fs.readSync(0, chunk, 0, chunk.length, null); }
    catch (e) { if (e.code === "EAGAIN") { Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 2); continue; } throw e; }
    if (got === 0) return null;
    pending += chunk.toString("latin1", 0, got);
  }
}
const send = (line) => { const b = Buffer.from(line + "\n", "utf8"); let off = 0; while (off < b.length) off += fs.writeSync(3, b, off); };
const hex = (s) => Buffer.from(String(s), "utf8").toString("hex");
let T = [], P = 0;
const tok = () => T[P++];
function dec(t) {
  if (t === "integer" || t === "long" || t === "double") return Number(tok());
  if (t === "boolean") return tok() === "1";
  if (t === "string" || t === "character") return Buffer.from(tok().slice(1), "hex").toString("utf8");
  if (t === "ListNode") { const v = dec("integer[]"); let h = null; for (let i = v.length - 1; i >= 0; i--) h = new ListNode(v[i], h); return h; }
  if (t === "TreeNode") {
    const n = Number(tok()); const v = []; for (let i = 0; i < n; i++) v.push(tok());
    if (!n || v[0] === "N") return null;
    const root = new TreeNode(Number(v[0])); const q = [root]; let i = 1, k = 0;
    while (i < n) { const node = q[k++];
      if (v[i] !== "N") { node.left = new TreeNode(Number(v[i])); q.push(node.left); } i++;
      if (i < n && v[i] !== "N") { node.right = new TreeNode(Number(v[i])); q.push(node.right); } i++; }
    return root;
  }
  const e = t.endsWith("[]") ? t.slice(0, -2) : t.slice(5, -1);
  const n = Number(tok()); const out = []; for (let i = 0; i < n; i++) out.push(dec(e)); return out;
}
function enc(v, t, out) {
  if ((v === null || v === undefined) && (t === "ListNode" || t === "TreeNode")) { out.push("0"); return; }
  if (v === null || v === undefined) { out.push("N"); return; }
  if (t === "integer" || t === "long") { out.push(String(Math.trunc(Number(v)))); return; }
  if (t === "double") { out.push(String(Number(v))); return; }
  if (t === "boolean") { out.push(v ? "1" : "0"); return; }
  if (t === "string" || t === "character") { out.push("#" + hex(v)); return; }
  if (t === "ListNode") { const vals = []; while (v && vals.length < 1e6) { vals.push(String(v.val)); v = v.next; } out.push(String(vals.length), ...vals); return; }
  if (t === "TreeNode") { const o = []; const q = [v]; for (let k = 0; k < q.length; k++) { const nd = q[k]; if (!nd) { o.push("N"); continue; } o.push(String(nd.val)); q.push(nd.left, nd.right); } while (o.length && o[o.length - 1] === "N") o.pop(); out.push(String(o.length), ...o); return; }
  const e = t.endsWith("[]") ? t.slice(0, -2) : t.slice(5, -1);
  out.push(String(v.length)); for (const x of v) enc(x, e, out);
}
function lineOf(e) {
  const m = /solution\.js:(\d+)/.exec((e && e.stack) || "");
  return m ? Number(m[1]) : null;
}
const PARAMS = __PARAMS__, RET = __RET__, JUDGE = __JUDGE__, METHOD = __METHOD__;
const [nonce, count] = (readLine() || "").trim().split(/\s+/);
const n = Number(count);
send(nonce + " READY");
let script;
try {
  script = new vm.Script(fs.readFileSync("solution.js", "utf8"), { filename: "solution.js" });
} catch (e) {
  const text = String((e && e.stack) || e).split("\n");
  const at = text.findIndex((l) => /^\s+at /.test(l));
  send(nonce + " CE #" + hex(text.slice(0, at < 0 ? text.length : at).join("\n").trimEnd()));
  process.exit(2);
}
let fn = null, loaded = false;
runTests(nonce, n, () => {
  if (!loaded) {
    script.runInThisContext();  // module-level code counts in the first test
    loaded = true;
    fn = vm.runInThisContext(`typeof ${METHOD} === "function" ? ${METHOD} : null`);
  }
  if (!fn) throw new ReferenceError(`function ${METHOD} is not defined`);
  return fn;
}, () => loaded);
''' + r'''
// The n tests, one input line each: getFn() gives the method (it may load the user's code); a test that fails
// before loaded() ends the run, as no test can run then. lineOf(e) is the driver's (its file names differ).
function runTests(nonce, n, getFn, loaded) {
  let buf = "";
  const capture = (...a) => { buf += a.map((x) => typeof x === "string" ? x : util.inspect(x)).join(" ") + "\n"; };
  for (let i = 0; i < n; i++) {
    const line = readLine();
    if (line === null) process.exit(3);
    buf = "";
    const saved = [console.log, console.info, console.warn, console.error];
    console.log = console.info = console.warn = console.error = capture;
    try {
      const fn = getFn();
      T = line.split(" ").filter(Boolean); P = 0;
      const args = PARAMS.map(([, t]) => dec(t));
      const r = fn(...args);
      [console.log, console.info, console.warn, console.error] = saved;
      const val = JUDGE ? args[PARAMS.findIndex((p) => p[0] === JUDGE)] : r;
      const typ = JUDGE ? PARAMS.find((p) => p[0] === JUDGE)[1] : RET;
      const out = []; enc(val, typ, out);
      send([nonce, i, "OK", "#" + hex(buf.slice(0, 2000)), ...out].join(" "));
    } catch (e) {
      [console.log, console.info, console.warn, console.error] = saved;
      const where = lineOf(e);
      let msg;
      try { msg = String(e && e.name ? e.name + ": " + e.message : e); } catch (_) { msg = "an exception that cannot be printed"; }
      send([nonce, i, "ERR", "#" + hex(buf.slice(0, 2000)), "#" + hex(msg + (where ? " (line " + where + ")" : ""))].join(" "));
      if (!loaded()) process.exit(1);
    }
  }
  send(nonce + " END " + n);
  process.exit(0);
}
'''


def files(problem, code: str):
    """(files, main file name): the driver, and the user's code as they wrote it."""
    params = [[p["name"], p["type"]] for p in problem.params]
    driver = (DRIVER.replace("__PARAMS__", json.dumps(params)).replace("__RET__", json.dumps(problem.returns))
              .replace("__JUDGE__", json.dumps(problem.judge_param)).replace("__METHOD__", json.dumps(problem.method)))
    return [("main.js", driver), ("solution.js", code)], "main.js"


# The stdin reader, channel writer, token codec and test loop, for the TypeScript driver too.
CODEC = DRIVER[DRIVER.index("const chunk"):DRIVER.index("function lineOf")]
LOOP = DRIVER[DRIVER.index("// The n tests"):]
