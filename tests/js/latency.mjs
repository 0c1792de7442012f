// Keystroke-to-peer latency on loopback: for each room two standard y-websocket clients; one types a character
// every `interval` ms, the other times when it arrives (same process, same clock). Prints one JSON line.
//   node latency.mjs <rooms.json> <keystrokes per room> <interval ms>
// rooms.json: [{"base": "ws://127.0.0.1:PORT[/collab]", "room": "...", "a": token|null, "b": token|null,
//               "base_b": optional server of the second client (another worker)}, ...]
import fs from "node:fs";
import * as Y from "yjs";
import { WebsocketProvider } from "y-websocket";
import WebSocket from "ws";

const [file, perRoom, interval] = process.argv.slice(2);
const rooms = JSON.parse(fs.readFileSync(file, "utf8"));
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const kill = setTimeout(() => { console.log(JSON.stringify({ error: "timeout" })); process.exit(1); }, 300000);

function client(r, token, base = r.base) {
  const doc = new Y.Doc();
  const provider = new WebsocketProvider(base, r.room, doc, { params: token ? { token } : {}, WebSocketPolyfill: WebSocket,
                                                                disableBc: true });
  return { doc, provider };
}

const pairs = rooms.map((r) => [client(r, r.a), client(r, r.b, r.base_b ?? r.base)]);
const t0 = Date.now();
while (!pairs.every(([a, b]) => a.provider.synced && b.provider.synced)) {
  if (Date.now() - t0 > 60000) { console.log(JSON.stringify({ error: "sync timeout" })); process.exit(1); }
  await sleep(20);
}
const samples = [];
await Promise.all(pairs.map(async ([a, b], i) => {
  await sleep((Number(interval) * i) / pairs.length); // spread rooms over the interval
  const text = a.doc.getText("bench"), seen = b.doc.getText("bench");
  for (let k = 0; k < Number(perRoom); k++) {
    const arrived = new Promise((resolve) => {
      const f = () => { seen.unobserve(f); resolve(); };
      seen.observe(f);
    });
    const start = performance.now();
    text.insert(text.length, "x");
    await Promise.race([arrived, sleep(5000)]);
    samples.push(performance.now() - start);
    await sleep(Number(interval));
  }
}));
samples.sort((x, y) => x - y);
const q = (p) => samples[Math.min(samples.length - 1, Math.floor(p * samples.length))];
console.log(JSON.stringify({ n: samples.length, p50: q(0.5), p99: q(0.99), max: samples[samples.length - 1] }));
clearTimeout(kill);
pairs.forEach(([a, b]) => { a.provider.destroy(); b.provider.destroy(); });
process.exit(0);
