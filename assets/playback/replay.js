// The session's shared document at any moment, from its full edit history (every Yjs update in server order, with
// its author). All updates are applied once to one document that keeps deleted content (gc off); every character
// then gets the index of the update that created it and of the first update that deleted it. The text at update i
// is the characters born at or before i and not dead by i, in the final document's order (Yjs never reorders
// characters that exist), so a seek is one pass over a flat list of runs (~0.1 ms for 20,000 updates) instead of
// rebuilding a Y.Doc from a keyframe (~70 ms there: a keyframe of that history is a 225 KB state to integrate).
import * as Y from "yjs";

function bytes(b64) {
  const bin = atob(b64);
  const out = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
  return out;
}

// [start, end) clock ranges of one Yjs client, each with the smallest update index that covered it.
class Ranges {
  constructor() { this.raw = []; }

  add(start, end, index) { this.raw.push(start, end, index); }

  seal() {
    const edges = new Set();
    for (let k = 0; k < this.raw.length; k += 3) { edges.add(this.raw[k]); edges.add(this.raw[k + 1]); }
    this.bounds = Float64Array.from(edges).sort();
    this.first = new Float64Array(Math.max(0, this.bounds.length - 1)).fill(Infinity);
    const pos = new Map();
    this.bounds.forEach((v, k) => pos.set(v, k));
    for (let k = 0; k < this.raw.length; k += 3) {
      const index = this.raw[k + 2];
      for (let s = pos.get(this.raw[k]), e = pos.get(this.raw[k + 1]); s < e; s++) {
        if (index < this.first[s]) this.first[s] = index;
      }
    }
    this.raw = null;
  }

  // {index, end}: the update index covering `clock` (Infinity: none) and where that stops holding
  at(clock) {
    const b = this.bounds;
    let lo = 0, hi = b.length - 2, seg = -1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      if (b[mid] <= clock) { seg = mid; lo = mid + 1; } else hi = mid - 1;
    }
    if (seg < 0) return { index: Infinity, end: b.length ? b[0] : Infinity };
    if (clock >= b[seg + 1]) return { index: Infinity, end: seg + 2 < b.length ? b[seg + 2] : Infinity };
    return { index: this.first[seg], end: b[seg + 1] };
  }
}

const NONE = { at: () => ({ index: Infinity, end: Infinity }) };

export class Replay {
  // updates: [{t_ms, by_id, data: base64}] in server order
  constructor(updates, fallbackLanguage) {
    this.n = updates.length;
    this.times = new Float64Array(this.n);
    this.languages = new Array(this.n);
    this.authorOf = new Map(); // Yjs client id -> user id (the server's seed has none: starter code)
    this.fallback = fallbackLanguage || "python";
    const born = new Map();
    const died = new Map();
    const ranges = (m, client) => { let r = m.get(client); if (!r) m.set(client, (r = new Ranges())); return r; };
    const doc = new Y.Doc({ gc: false });
    const meta = doc.getMap("meta");
    // the whiteboard: every value each element id took, with the update that set it
    const board = doc.getMap("whiteboard");
    this.boardLog = new Map(); // element id -> [[update index, element or undefined]]
    this.boardChanges = []; // update indices that changed the board, ascending
    let current = -1;
    board.observe((event) => {
      event.keysChanged.forEach((key) => {
        let log = this.boardLog.get(key);
        if (!log) this.boardLog.set(key, (log = []));
        log.push([current, board.get(key)]);
      });
      if (this.boardChanges[this.boardChanges.length - 1] !== current) this.boardChanges.push(current);
    });
    for (let i = 0; i < this.n; i++) {
      current = i;
      const u = updates[i];
      const data = bytes(u.data);
      this.times[i] = u.t_ms;
      const decoded = Y.decodeUpdate(data);
      for (const s of decoded.structs) {
        if (s instanceof Y.Skip) continue;
        ranges(born, s.id.client).add(s.id.clock, s.id.clock + s.length, i);
        if (u.by_id != null && !this.authorOf.has(s.id.client)) this.authorOf.set(s.id.client, u.by_id);
      }
      decoded.ds.clients.forEach((items, client) => {
        for (const d of items) ranges(died, client).add(d.clock, d.clock + d.len, i);
      });
      Y.applyUpdate(doc, data);
      const language = meta.get("language");
      this.languages[i] = typeof language === "string" ? language : (i ? this.languages[i - 1] : this.fallback);
    }
    for (const r of born.values()) r.seal();
    for (const r of died.values()) r.seal();
    this.doc = doc;
    this.born = born;
    this.died = died;
    this.texts = new Map(); // name -> {born: Float64Array, died, client, parts}
    for (const name of doc.share.keys()) if (name.startsWith("code:")) this.pieces(name);
  }

  // the last update at or before t (-1: before the first)
  indexAt(t) {
    let lo = 0, hi = this.n - 1, ans = -1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      if (this.times[mid] <= t) { ans = mid; lo = mid + 1; } else hi = mid - 1;
    }
    return ans;
  }

  // the last update at or before index i that changed the board (-1: none yet): a moment's board is known by it
  boardIndex(i) {
    const a = this.boardChanges;
    let lo = 0, hi = a.length - 1, ans = -1;
    while (lo <= hi) { const mid = (lo + hi) >> 1; if (a[mid] <= i) { ans = a[mid]; lo = mid + 1; } else hi = mid - 1; }
    return ans;
  }

  // the board's elements after update i (deleted ones left out)
  boardAt(i) {
    const out = [];
    for (const log of this.boardLog.values()) {
      let lo = 0, hi = log.length - 1, value;
      while (lo <= hi) { const mid = (lo + hi) >> 1; if (log[mid][0] <= i) { value = log[mid][1]; lo = mid + 1; } else hi = mid - 1; }
      if (value && typeof value === "object" && typeof value.id === "string" && !value.isDeleted) out.push(value);
    }
    return out;
  }

  language(i) {
    return i >= 0 ? this.languages[i] : this.fallback;
  }

  // every piece of a Y.Text ever written, in document order, with its birth, death and writer (built once a name)
  pieces(name) {
    let p = this.texts.get(name);
    if (p) return p;
    const out = { born: [], died: [], client: [], parts: [] };
    if (this.doc.share.has(name)) {
      for (let item = this.doc.getText(name)._start; item; item = item.right) {
        if (!item.countable) continue;
        const client = item.id.client;
        const str = typeof item.content.str === "string" ? item.content.str : "\uFFFC".repeat(item.length);
        const b = this.born.get(client) || NONE;
        const d = this.died.get(client) || NONE;
        for (let k = 0; k < item.length;) {
          const clock = item.id.clock + k;
          const nb = b.at(clock);
          const nd = d.at(clock);
          const len = Math.max(1, Math.min(item.length - k, nb.end - clock, nd.end - clock));
          const last = out.parts.length - 1;
          if (last >= 0 && out.born[last] === nb.index && out.died[last] === nd.index && out.client[last] === client) {
            out.parts[last] += str.slice(k, k + len);
          } else {
            out.born.push(nb.index); out.died.push(nd.index); out.client.push(client); out.parts.push(str.slice(k, k + len));
          }
          k += len;
        }
      }
    }
    p = { born: Float64Array.from(out.born), died: Float64Array.from(out.died), client: out.client, parts: out.parts };
    this.texts.set(name, p);
    return p;
  }

  // {text, runs: [{start, end, author}]} of `language` after update i
  at(language, i) {
    const p = this.pieces(`code:${language}`);
    const chunks = [];
    const runs = [];
    let pos = 0;
    for (let k = 0; k < p.parts.length; k++) {
      if (p.born[k] > i || p.died[k] <= i) continue;
      const s = p.parts[k];
      chunks.push(s);
      const author = this.authorOf.has(p.client[k]) ? this.authorOf.get(p.client[k]) : null;
      const last = runs[runs.length - 1];
      if (last && last.author === author) last.end += s.length;
      else runs.push({ start: pos, end: pos + s.length, author });
      pos += s.length;
    }
    return { text: chunks.join(""), runs };
  }
}
