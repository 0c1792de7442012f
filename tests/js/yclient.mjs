// Standard Yjs clients (yjs + y-websocket, as any integrator would use them) driven from the command line by
// tests and benchmarks. Every subcommand prints one JSON line and exits; every wait is bounded.
//   converge <ws-base> <room> <tokenA> <tokenB> <edits>   two clients, <edits> random concurrent edits each
//   read     <ws-base> <room> <token>                     a (late) joiner's view of the whole document
//   type     <ws-base> <room> <token> <text>              append text, wait until a second connection sees it
//   set      <ws-base> <room> <token> <text>              replace the current language's code, wait likewise
//   language <ws-base> <room> <token> <language>          switch the room's language, wait until a peer sees it
//   attempt  <ws-base> <room> <token> <watcher> <text>    append text as <token>, report after 2 s whether a
//                                                         <watcher> connection saw it and the sender is still on
//   refused  <ws-base> <room> <token|->                   raw socket: close code and bytes received
//   span     <ws-baseA> - <ws-baseB> <edits> <room> <tokenA> <tokenB> [<room> <tokenA> <tokenB> ...]
//                                                         pairs whose two clients sit on two servers: random
//                                                         concurrent edits converge, each sees the other's cursor
//   failover <ws-baseA> <room> <ws-baseB> <tokenA> <tokenB>  A on server A, B on server B type concurrently; prints
//                                                         {"phase": 1} once converged, waits for a line on stdin
//                                                         (server B was killed), moves B to server A, types more
//   draw     <ws-base> <room> <tokenA> <tokenB> <json>    A puts the elements (a JSON list) on the whiteboard, as
//                                                         Excalidraw would (higher version wins), until B sees them
import * as Y from "yjs";
import { WebsocketProvider } from "y-websocket";
import WebSocket from "ws";

const [cmd, base, room, ...rest] = process.argv.slice(2);
const out = (o) => { console.log(JSON.stringify(o)); process.exit(0); };
const fail = (msg) => { console.log(JSON.stringify({ error: msg })); process.exit(1); };
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

function connect(token, doc = new Y.Doc(), at = base, name = room) {
  const provider = new WebsocketProvider(at, name, doc, { params: { token }, WebSocketPolyfill: WebSocket,
                                                             disableBc: true, maxBackoffTime: 500 });
  return { doc, provider };
}

async function until(pred, ms, what) {
  const end = Date.now() + ms;
  while (!pred()) { if (Date.now() > end) fail(`timed out waiting for ${what}`); await sleep(10); }
}

function snapshot(doc) {
  const code = {};
  for (const [name] of doc.share) if (name.startsWith("code:")) code[name] = doc.getText(name).toString();
  return { code, language: doc.getMap("meta").get("language") ?? null, board: doc.getMap("whiteboard").toJSON() };
}

// deterministic pseudo-random numbers, so a failure can be replayed
function rng(seed) { return () => { seed = (seed * 1103515245 + 12345) & 0x7fffffff; return seed / 0x7fffffff; }; }

async function randomEdits(doc, n, rand, tag) {
  const text = doc.getText("code:python");
  for (let i = 0; i < n; i++) {
    const len = text.length;
    if (len > 0 && rand() < 0.35) {
      const at = Math.floor(rand() * len);
      text.delete(at, Math.min(1 + Math.floor(rand() * 3), len - at));
    } else {
      text.insert(Math.floor(rand() * (len + 1)), `${tag}${i % 10}`);
    }
    if (i % 20 === 0) await sleep(0);
  }
}

const timeout = setTimeout(() => fail("overall timeout"), 120000);

if (cmd === "span") {
  const [baseB, edits, ...triples] = rest;
  const pairs = [];
  for (let i = 0; i < triples.length; i += 3) {
    const [name, ta, tb] = triples.slice(i, i + 3);
    pairs.push({ a: connect(ta, new Y.Doc(), base, name), b: connect(tb, new Y.Doc(), baseB, name) });
  }
  await until(() => pairs.every((p) => p.a.provider.synced && p.b.provider.synced), 60000, "initial sync");
  const n = Number(edits);
  await Promise.all(pairs.flatMap((p, k) => [randomEdits(p.a.doc, n, rng(2 * k + 1), "a"),
                                             randomEdits(p.b.doc, n, rng(2 * k + 2), "b")]));
  for (const p of pairs) {
    p.a.provider.awareness.setLocalStateField("user", { name: "A" });
    p.b.provider.awareness.setLocalStateField("user", { name: "B" });
  }
  const text = (d) => d.getText("code:python").toString();
  await until(() => pairs.every((p) => text(p.a.doc) === text(p.b.doc) && text(p.a.doc).length > 0), 30000,
              "convergence across servers");
  await until(() => pairs.every((p) => p.b.provider.awareness.getStates().get(p.a.doc.clientID)?.user?.name === "A"
                                    && p.a.provider.awareness.getStates().get(p.b.doc.clientID)?.user?.name === "B"),
              20000, "cursors across servers");
  out({ pairs: pairs.length, equal: true, lengths: pairs.map((p) => text(p.a.doc).length) });
} else if (cmd === "failover") {
  const [baseB, ta, tb] = rest;
  const a = connect(ta), b = connect(tb, new Y.Doc(), baseB);
  const text = (d) => d.getText("code:python").toString();
  await until(() => a.provider.synced && b.provider.synced, 60000, "initial sync");
  await Promise.all([randomEdits(a.doc, 100, rng(1), "a"), randomEdits(b.doc, 100, rng(2), "b")]);
  await until(() => text(a.doc) === text(b.doc), 30000, "convergence before the kill");
  console.log(JSON.stringify({ phase: 1, length: text(a.doc).length }));
  clearTimeout(timeout);
  const line = await new Promise((resolve) => process.stdin.once("data", resolve));
  const overall = setTimeout(() => fail("overall timeout after the kill"), 120000);
  // B's worker is gone: its next connection goes to the surviving worker (as a load balancer would send it)
  b.provider.serverUrl = base;
  await randomEdits(b.doc, 50, rng(3), "c");  // typed while reconnecting: kept by the client, sent on resync
  await until(() => b.provider.synced && b.provider.wsconnected, 60000, "B to reconnect to the other worker");
  await randomEdits(a.doc, 50, rng(4), "d");
  await until(() => text(a.doc) === text(b.doc), 30000, "convergence after the kill");
  clearTimeout(overall);
  out({ equal: true, length: text(a.doc).length, killed: String(line).trim() });
} else if (cmd === "converge") {
  const [ta, tb, edits] = rest;
  const a = connect(ta), b = connect(tb);
  await until(() => a.provider.synced && b.provider.synced, 60000, "initial sync");
  const n = Number(edits);
  await Promise.all([randomEdits(a.doc, n, rng(1), "a"), randomEdits(b.doc, n, rng(2), "b")]);
  const same = () => Buffer.compare(Buffer.from(Y.encodeStateVector(a.doc)), Buffer.from(Y.encodeStateVector(b.doc))) === 0
    && a.doc.getText("code:python").toString() === b.doc.getText("code:python").toString();
  await until(same, 30000, "convergence");
  const late = connect(ta);
  await until(() => late.provider.synced && late.doc.getText("code:python").toString() === a.doc.getText("code:python").toString(),
              20000, "late joiner");
  out({ equal: true, length: a.doc.getText("code:python").length, late_equal: true });
} else if (cmd === "read") {
  const c = connect(rest[0]);
  await until(() => c.provider.synced, 60000, "sync");
  await sleep(100);
  out(snapshot(c.doc));
} else if (cmd === "type" || cmd === "set") {
  const [token, text] = rest;
  const a = connect(token), b = connect(token);
  await until(() => a.provider.synced && b.provider.synced, 60000, "sync");
  const lang = a.doc.getMap("meta").get("language") ?? "python";
  const t = a.doc.getText(`code:${lang}`);
  a.doc.transact(() => { if (cmd === "set") t.delete(0, t.length); t.insert(t.length, text); });
  const want = () => (cmd === "set" ? b.doc.getText(`code:${lang}`).toString() === text
                                    : b.doc.getText(`code:${lang}`).toString().endsWith(text));
  await until(want, 60000, "peer to see the edit");
  out({ language: lang, text: b.doc.getText(`code:${lang}`).toString() });
} else if (cmd === "language") {
  const [token, language] = rest;
  const a = connect(token), b = connect(token);
  await until(() => a.provider.synced && b.provider.synced, 60000, "sync");
  a.doc.getMap("meta").set("language", language);
  await until(() => b.doc.getMap("meta").get("language") === language, 60000, "peer to see the language");
  out({ language });
} else if (cmd === "attempt") {
  const [token, watcher, text] = rest;
  const a = connect(token), b = connect(watcher);
  await until(() => a.provider.synced && b.provider.synced, 60000, "sync");
  const lang = a.doc.getMap("meta").get("language") ?? "python";
  a.doc.getText(`code:${lang}`).insert(a.doc.getText(`code:${lang}`).length, text);
  await sleep(2000);
  out({ seen: b.doc.getText(`code:${lang}`).toString().includes(text), still_connected: a.provider.wsconnected });
} else if (cmd === "refused") {
  const token = rest[0] === "-" ? null : rest[0];
  const ws = new WebSocket(`${base}/${room}${token ? `?token=${encodeURIComponent(token)}` : ""}`);
  let bytes = 0;
  ws.on("message", (d) => { bytes += d.length; });
  ws.on("close", (code, reason) => out({ code, reason: reason.toString(), bytes }));
  ws.on("error", (e) => out({ code: null, error: String(e), bytes }));
} else if (cmd === "draw") {
  const [ta, tb, json] = rest;
  const a = connect(ta), b = connect(tb);
  await until(() => a.provider.synced && b.provider.synced, 60000, "sync");
  const elements = JSON.parse(json);
  const board = a.doc.getMap("whiteboard");
  a.doc.transact(() => {
    for (const el of elements) { const had = board.get(el.id); if (!had || had.version < el.version) board.set(el.id, el); }
  });
  const seen = () => elements.every((el) => (b.doc.getMap("whiteboard").get(el.id) || {}).version >= el.version);
  await until(seen, 60000, "peer to see the drawing");
  out({ board: b.doc.getMap("whiteboard").toJSON() });
} else {
  fail(`unknown command ${cmd}`);
}
