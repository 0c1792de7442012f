"""JavaScript harness: LeetCode's `var name = function(...) {...}` (or a function declaration) in one file with
ListNode/TreeNode predefined; the driver follows the user's code in the same scope (sloppy mode, as LeetCode)."""
from __future__ import annotations

PRELUDE = '''function ListNode(val, next) { this.val = (val === undefined ? 0 : val); this.next = (next === undefined ? null : next); }
function TreeNode(val, left, right) { this.val = (val === undefined ? 0 : val); this.left = (left === undefined ? null : left); this.right = (right === undefined ? null : right); }
'''

DRIVER = r'''
;(function () {
const __fs = require("fs");
const __inp = __fs.readFileSync("tests.in", "utf8").split(/\s+/).filter(Boolean);
__fs.unlinkSync("tests.in");
const __nonce = __inp[0], __fd = __fs.openSync(__inp[1], "wx", 0o600);
let __pos = 2;
const __tok = () => __inp[__pos++];
const __hex = (s) => Buffer.from(String(s), "utf8").toString("hex");
function __dec(t) {
  if (t === "integer" || t === "long" || t === "double") return Number(__tok());
  if (t === "boolean") return __tok() === "1";
  if (t === "string" || t === "character") return Buffer.from(__tok().slice(1), "hex").toString("utf8");
  if (t === "ListNode") { const v = __dec("integer[]"); let h = null; for (let i = v.length - 1; i >= 0; i--) h = new ListNode(v[i], h); return h; }
  if (t === "TreeNode") {
    const n = Number(__tok()); const v = []; for (let i = 0; i < n; i++) v.push(__tok());
    if (!n || v[0] === "N") return null;
    const root = new TreeNode(Number(v[0])); const q = [root]; let i = 1, k = 0;
    while (i < n) { const node = q[k++];
      if (v[i] !== "N") { node.left = new TreeNode(Number(v[i])); q.push(node.left); } i++;
      if (i < n && v[i] !== "N") { node.right = new TreeNode(Number(v[i])); q.push(node.right); } i++; }
    return root;
  }
  const e = t.endsWith("[]") ? t.slice(0, -2) : t.slice(5, -1);
  const n = Number(__tok()); const out = []; for (let i = 0; i < n; i++) out.push(__dec(e)); return out;
}
function __enc(v, t, out) {
  if ((v === null || v === undefined) && (t === "ListNode" || t === "TreeNode")) { out.push("0"); return; }
  if (v === null || v === undefined) { out.push("N"); return; }
  if (t === "integer" || t === "long") { out.push(String(Math.trunc(Number(v)))); return; }
  if (t === "double") { out.push(String(Number(v))); return; }
  if (t === "boolean") { out.push(v ? "1" : "0"); return; }
  if (t === "string" || t === "character") { out.push("#" + __hex(v)); return; }
  if (t === "ListNode") { const vals = []; while (v && vals.length < 1e6) { vals.push(String(v.val)); v = v.next; } out.push(String(vals.length), ...vals); return; }
  if (t === "TreeNode") { const o = []; const q = [v]; for (let k = 0; k < q.length; k++) { const nd = q[k]; if (!nd) { o.push("N"); continue; } o.push(String(nd.val)); q.push(nd.left, nd.right); } while (o.length && o[o.length - 1] === "N") o.pop(); out.push(String(o.length), ...o); return; }
  const e = t.endsWith("[]") ? t.slice(0, -2) : t.slice(5, -1);
  out.push(String(v.length)); for (const x of v) __enc(x, e, out);
}
const __w = (line) => __fs.writeSync(__fd, line + "\n");
const __PARAMS = __PARAMS__, __RET = __RET__, __JUDGE = __JUDGE__;
const __fn = (typeof __METHOD__ === "function") ? __METHOD__ : null;
const __n = Number(__tok());
let __buf = "";
const __origWrite = process.stdout.write.bind(process.stdout);
const __capture = (...a) => { __buf += a.map(x => typeof x === "string" ? x : require("util").inspect(x)).join(" ") + "\n"; };
for (let i = 0; i < __n; i++) {
  const args = __PARAMS.map(([_, t]) => __dec(t));
  __buf = "";
  const saved = [console.log, console.info, console.warn, console.error];
  console.log = console.info = console.warn = console.error = __capture;
  const t0 = process.hrtime.bigint();
  try {
    if (!__fn) throw new Error("function __METHOD_NAME__ is not defined");
    const r = __fn(...args);
    const us = Number((process.hrtime.bigint() - t0) / 1000n);
    [console.log, console.info, console.warn, console.error] = saved;
    const val = __JUDGE ? args[__PARAMS.findIndex(p => p[0] === __JUDGE)] : r;
    const typ = __JUDGE ? __PARAMS.find(p => p[0] === __JUDGE)[1] : __RET;
    const out = []; __enc(val, typ, out);
    __w([__nonce, i, "OK", us, "#" + __hex(__buf.slice(0, 2000)), ...out].join(" "));
  } catch (e) {
    const us = Number((process.hrtime.bigint() - t0) / 1000n);
    [console.log, console.info, console.warn, console.error] = saved;
    const m = /main\.js:(\d+)/.exec((e && e.stack) || "");
    const line = m ? Number(m[1]) - __OFFSET__ : null;
    const msg = String(e && e.name ? e.name + ": " + e.message : e) + (line && line > 0 ? " (line " + line + ")" : "");
    __w([__nonce, i, "ERR", us, "#" + __hex(__buf.slice(0, 2000)), "#" + __hex(msg)].join(" "));
  }
}
__w(__nonce + " END " + __n);
})();
'''


def files(problem, code: str):
    params = [[p["name"], p["type"]] for p in problem.params]
    import json

    offset = PRELUDE.count("\n")
    driver = (DRIVER.replace("__PARAMS__", json.dumps(params)).replace("__RET__", json.dumps(problem.returns))
              .replace("__JUDGE__", json.dumps(problem.judge_param)).replace("__METHOD_NAME__", problem.method)
              .replace("__METHOD__", problem.method).replace("__OFFSET__", str(offset)))
    return [("main.js", PRELUDE + code + "\n" + driver)], "main.js"
