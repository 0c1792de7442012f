// Code playback for a session's interviewers. The session's whole edit history (every Yjs update with its server
// time and author) and its timeline are fetched once over REST and replayed here, in memory (./replay.js: every
// character's birth and death, so showing any moment is one pass over a flat list). Read-only Monaco shows the
// language the room had on screen then; each character is tinted by who typed it (a Yjs item's client id -> the
// author of the update that carried it). Exposes window.__parleyPlayback for tests and the benchmark.
import React, { useCallback, useEffect, useMemo, useRef, useState } from "react";
import Editor from "@monaco-editor/react";
import * as monaco from "monaco-editor";
import "../monaco/MonacoEditor.jsx"; // bundled Monaco + its Vite web workers (no CDN loader)
import { api, clock } from "../review/api.js";
import { Replay } from "./replay.js";
import "../review/toolkit.css";
import BoardView from "../whiteboard/BoardView.jsx";

const IDLE_GAP_MS = 3000; // "skip idle": a quiet stretch longer than this...
const IDLE_EDGE_MS = 500; // ...plays only this much after the last activity and before the next
const SPEEDS = [1, 2, 4, 8, 16, 32];
const MONACO_LANG = { python: "python", java: "java", cpp: "cpp", javascript: "javascript", typescript: "typescript", go: "go" };
const LANG_LABEL = { python: "Python 3", java: "Java", cpp: "C++", javascript: "JavaScript", typescript: "TypeScript", go: "Go" };
const PALETTE = ["#2563eb", "#ea580c", "#16a34a", "#9333ea", "#db2777", "#0891b2"]; // .pb-author-N in toolkit.css
const VERDICT = { accepted: "Accepted", wrong_answer: "Wrong Answer", runtime_error: "Runtime Error",
  time_limit: "Time Limit Exceeded", memory_limit: "Memory Limit Exceeded", compile_error: "Compile Error",
  internal_error: "Internal Error" };
const JUMPS = [["run", ["run", "submit"], "run"], ["paste", ["paste"], "paste"], ["tab-away", ["tab_away"], "tab-away"]];

// Replace the model's text by `next` with one edit over the part that differs (keeps the scroll position).
function setText(model, next) {
  const prev = model.getValue();
  if (prev === next) return;
  const max = Math.min(prev.length, next.length);
  let a = 0;
  while (a < max && prev.charCodeAt(a) === next.charCodeAt(a)) a++;
  let b = 0;
  while (b < max - a && prev.charCodeAt(prev.length - 1 - b) === next.charCodeAt(next.length - 1 - b)) b++;
  const range = monaco.Range.fromPositions(model.getPositionAt(a), model.getPositionAt(prev.length - b));
  model.applyEdits([{ range, text: next.slice(a, next.length - b) }]);
}

function describe(e) {
  const who = e.by || "Someone";
  switch (e.kind) {
    case "join": return `${who} joined`;
    case "leave": return `${who} left`;
    case "paste": return `${who} pasted ${e.chars} characters`;
    case "language": return `${who} switched to ${LANG_LABEL[e.language] || e.language}`;
    case "run": case "submit":
      return `${who} ${e.kind === "submit" ? "submitted" : "ran the code"}: ${VERDICT[e.verdict] || e.verdict || "no verdict"}` +
        (e.total ? ` (${e.passed}/${e.total} tests)` : "");
    case "chat": return `${who} sent a chat message`;
    case "tab_away": return `${who} switched to another tab`;
    case "tab_back": return `${who} came back${e.away_s != null ? ` after ${e.away_s} s` : ""}`;
    default: return `${who}: ${e.kind}`;
  }
}

function markerColour(e) {
  if (e.kind === "run" || e.kind === "submit") return e.verdict === "accepted" ? "#16a34a" : "#dc2626";
  return { paste: "#9333ea", tab_away: "#d97706", tab_back: "#eab308", language: "#0891b2", chat: "#64748b" }[e.kind] || "#94a3b8";
}

// Load everything once and build the replay; returns the prepared session.
async function prepare(sessionId) {
  const id = encodeURIComponent(sessionId);
  const [history, timeline] = await Promise.all([api(`/api/sessions/${id}/history`), api(`/api/sessions/${id}/timeline`)]);
  await new Promise((r) => setTimeout(r, 0)); // let the "replaying" message paint
  const built = performance.now();
  const replay = new Replay(history.updates, history.language);
  const buildMs = performance.now() - built;
  const events = timeline.events || [];
  const marks = events.filter((e) => e.kind !== "edit");
  const bursts = events.filter((e) => e.kind === "edit");
  let tMin = 0, tMax = 0;
  for (const u of history.updates) { tMin = Math.min(tMin, u.t_ms); tMax = Math.max(tMax, u.t_ms); }
  for (const e of events) { tMin = Math.min(tMin, e.t_ms); tMax = Math.max(tMax, e.until_ms ?? e.t_ms); }
  tMax = Math.max(tMax + 1000, tMin + 1000);
  const acts = Array.from(new Set([...replay.times, ...marks.map((e) => e.t_ms)])).sort((x, y) => x - y);
  // one colour per person: the host first, then candidates, then anyone else
  const people = Object.entries(history.people || {}).map(([uid, p]) => ({ id: Number(uid), ...p }));
  people.sort((x, y) => (x.role === "host" ? 0 : x.role === "participant" ? 1 : 2) - (y.role === "host" ? 0 : y.role === "participant" ? 1 : 2));
  const colour = new Map(people.map((p, i) => [p.id, i % PALETTE.length]));
  for (const uid of new Set(replay.authorOf.values())) if (!colour.has(uid)) colour.set(uid, colour.size % PALETTE.length);
  return { replay, buildMs, marks, bursts, tMin, tMax, acts, people, colour, language: history.language };
}

export default function Playback({ sessionId, theme, assetPath }) {
  const [s, setS] = useState(null); // the prepared session
  const [error, setError] = useState("");
  const [t, setT] = useState(0);
  const [playing, setPlaying] = useState(false);
  const [speed, setSpeed] = useState(1);
  const [skipIdle, setSkipIdle] = useState(true);
  const [language, setLanguage] = useState(null);
  const [editor, setEditor] = useState(null);
  const [board, setBoard] = useState([]); // the board's elements at the moment shown
  const live = useRef({ t: 0, speed: 1, skipIdle: true, playing: false, shown: null, lang: null, board: null });
  const deco = useRef(null);
  live.current.speed = speed;
  live.current.skipIdle = skipIdle;
  live.current.playing = playing;

  useEffect(() => {
    let gone = false;
    prepare(sessionId).then((p) => {
      if (gone) return;
      const q = Number(new URLSearchParams(window.location.search).get("t"));
      const start = Number.isFinite(q) && new URLSearchParams(window.location.search).has("t") ? q : 0;
      live.current.t = Math.min(p.tMax, Math.max(p.tMin, start));
      setT(live.current.t);
      setS(p);
    }).catch((e) => { if (!gone) setError(e.message); });
    return () => { gone = true; };
  }, [sessionId]);

  // show moment `tt` in the editor, synchronously (what the seek benchmark times)
  const show = useCallback((tt) => {
    if (!s || !editor) return;
    const model = editor.getModel();
    const i = s.replay.indexAt(tt);
    if (i === live.current.shown) return;
    const lang = s.replay.language(i);
    if (lang !== live.current.lang) {
      monaco.editor.setModelLanguage(model, MONACO_LANG[lang] || "plaintext");
      live.current.lang = lang;
      setLanguage(lang);
    }
    const b = s.replay.boardIndex(i);
    if (b !== live.current.board) {
      live.current.board = b;
      live.current.boardElements = s.replay.boardAt(i);
      setBoard(live.current.boardElements);
    }
    const moment = s.replay.at(lang, i);
    setText(model, moment.text);
    const decorations = [];
    for (const r of moment.runs) {
      if (r.author == null || !s.colour.has(r.author)) continue;
      decorations.push({ range: monaco.Range.fromPositions(model.getPositionAt(r.start), model.getPositionAt(r.end)),
        options: { inlineClassName: `pb-author-${s.colour.get(r.author)}` } });
    }
    if (deco.current) deco.current.set(decorations);
    else deco.current = editor.createDecorationsCollection(decorations);
    live.current.shown = i;
  }, [s, editor]);

  const seek = useCallback((tt) => {
    if (!s) return;
    const v = Math.min(s.tMax, Math.max(s.tMin, Number(tt)));
    live.current.t = v;
    show(v);
    setT(v);
  }, [s, show]);

  useEffect(() => { if (s && editor) { live.current.shown = null; show(live.current.t); } }, [s, editor, show]);

  // where playing from `from` to `to` lands with "skip idle": quiet stretches over IDLE_GAP_MS collapse
  const skip = useCallback((to) => {
    const a = s.acts;
    let lo = 0, hi = a.length;
    while (lo < hi) { const mid = (lo + hi) >> 1; if (a[mid] <= to) lo = mid + 1; else hi = mid; }
    const prev = lo > 0 ? a[lo - 1] : s.tMin;
    const next = lo < a.length ? a[lo] : s.tMax;
    if (next - prev > IDLE_GAP_MS && to > prev + IDLE_EDGE_MS && to < next - IDLE_EDGE_MS) return next - IDLE_EDGE_MS;
    return to;
  }, [s]);

  useEffect(() => {
    if (!playing || !s) return undefined;
    let raf = 0;
    let last = performance.now();
    const step = (now) => {
      const dt = Math.min(250, Math.max(0, now - last));
      last = now;
      let next = live.current.t + dt * live.current.speed;
      if (live.current.skipIdle) next = skip(next);
      if (next >= s.tMax) { seek(s.tMax); setPlaying(false); return; }
      seek(next);
      raf = requestAnimationFrame(step);
    };
    raf = requestAnimationFrame(step);
    return () => cancelAnimationFrame(raf);
  }, [playing, s, seek, skip]);

  const toggle = useCallback(() => {
    if (!s) return;
    if (!live.current.playing && live.current.t >= s.tMax) seek(s.tMin);
    setPlaying((p) => !p);
  }, [s, seek]);

  const jumpTarget = (kinds, dir) => {
    if (!s) return null;
    const evs = s.marks.filter((e) => kinds.includes(e.kind));
    return dir > 0 ? evs.find((e) => e.t_ms > t + 1) || null : [...evs].reverse().find((e) => e.t_ms < t - 1) || null;
  };

  useEffect(() => {
    if (!s || !editor) return undefined;
    window.__parleyPlayback = {
      ready: true,
      seek: (ms) => { const a = performance.now(); seek(ms); return performance.now() - a; },
      replayOnly: (ms) => { // the replay's share of a seek: the moment's text and authorship, no editor
        const a = performance.now(); const i = s.replay.indexAt(ms); s.replay.at(s.replay.language(i), i);
        return performance.now() - a;
      },
      t: () => live.current.t,
      code: () => editor.getModel().getValue(),
      language: () => live.current.lang,
      playing: () => live.current.playing,
      speed: () => live.current.speed,
      range: () => ({ start: s.tMin, end: s.tMax }),
      updates: s.replay.n,
      buildMs: s.buildMs,
      authors: () => s.replay.at(live.current.lang, live.current.shown).runs,
      board: () => (live.current.boardElements || []).map((e) => ({ id: e.id, type: e.type, text: e.text })),
    };
    return () => { delete window.__parleyPlayback; };
  }, [s, editor, seek]);

  const keys = (e) => {
    const big = e.shiftKey ? 10000 : 1000;
    const by = { ArrowLeft: -big, ArrowDown: -big, ArrowRight: big, ArrowUp: big, PageUp: 10000, PageDown: -10000 }[e.key];
    if (by !== undefined) { e.preventDefault(); seek(live.current.t + by); }
    else if (e.key === "Home") { e.preventDefault(); seek(s.tMin); }
    else if (e.key === "End") { e.preventDefault(); seek(s.tMax); }
    else if (e.key === " " || e.key === "k") { e.preventDefault(); toggle(); }
  };

  const pct = (ms) => (s ? `${((ms - s.tMin) / (s.tMax - s.tMin)) * 100}%` : "0%");
  const current = useMemo(() => (s ? [...s.marks].reverse().find((e) => e.t_ms <= t) : null), [s, t]);

  if (error) return <div className="pb"><p className="pb-error" role="alert">Playback could not load: {error}</p></div>;
  return (
    <div className="pb" id="playback">
      {!s ? <p role="status">Loading the session's history…</p> : null}
      {s && s.replay.n === 0 ? <p role="status">No code was written in this session.</p> : null}
      <div className="pb-controls">
        <button type="button" className="tk-button" onClick={toggle} disabled={!s} id="pb-play">
          {playing ? "Pause" : "Play"}
        </button>
        <span className="pb-time" id="pb-time" aria-live="off">{clock(t)} / {s ? clock(s.tMax) : "--:--"}</span>
        <span className="pb-group" role="group" aria-label="Speed">
          <span className="pb-group-label">Speed</span>
          {SPEEDS.map((x) => (
            <button key={x} type="button" className="tk-button" aria-pressed={speed === x} onClick={() => setSpeed(x)}
                    aria-label={`${x}× speed`}>{x}×</button>
          ))}
        </span>
        <label className="pb-group">
          <input type="checkbox" checked={skipIdle} onChange={(e) => setSkipIdle(e.target.checked)} />
          Skip idle (gaps over 3 s)
        </label>
        <span className="pb-group-label" id="pb-language">Language: {LANG_LABEL[language] || language || "—"}</span>
      </div>
      <div className="pb-controls" role="group" aria-label="Jump to">
        {JUMPS.map(([label, kinds]) => (
          <span className="pb-group" key={label}>
            <button type="button" className="tk-button" disabled={!jumpTarget(kinds, -1)}
                    onClick={() => { const e = jumpTarget(kinds, -1); if (e) seek(e.t_ms); }}>◀ Previous {label}</button>
            <button type="button" className="tk-button" disabled={!jumpTarget(kinds, 1)}
                    onClick={() => { const e = jumpTarget(kinds, 1); if (e) seek(e.t_ms); }}>Next {label} ▶</button>
          </span>
        ))}
      </div>
      <div className="pb-track">
        <div className="pb-markers" aria-hidden="true">
          {s ? s.marks.map((e, i) => (
            <span key={i} className="pb-marker" style={{ left: pct(e.t_ms), background: markerColour(e) }}
                  title={`${clock(e.t_ms)} ${describe(e)}`} onClick={() => seek(e.t_ms)} />
          )) : null}
        </div>
        <input type="range" className="pb-scrubber" id="pb-scrubber" aria-label="Playback position"
               min={s ? s.tMin : 0} max={s ? s.tMax : 1} step={1} value={t} disabled={!s}
               aria-valuetext={`${clock(t)} of ${s ? clock(s.tMax) : "--:--"}`}
               onChange={(e) => seek(e.target.value)} onKeyDown={keys} />
        <div className="pb-bursts" aria-hidden="true">
          {s ? s.bursts.map((e, i) => (
            <span key={i} className="pb-burst" style={{ left: pct(e.t_ms), width: `max(2px, calc(${pct(e.until_ms)} - ${pct(e.t_ms)}))`,
              background: PALETTE[s.colour.get(e.by_id) ?? 0] }} />
          )) : null}
        </div>
      </div>
      <div className="pb-legend" aria-label="Who typed what">
        {s ? s.people.map((p) => (
          <span key={p.id}><span className="pb-swatch" style={{ background: PALETTE[s.colour.get(p.id)] }} />
            {p.name} ({p.role === "host" ? "interviewer" : p.role === "participant" ? "candidate" : p.role})</span>
        )) : null}
        <span><span className="pb-swatch" style={{ border: "1px solid var(--gray-a8)" }} />starter code</span>
      </div>
      <div className={s && s.replay.boardChanges.length ? "pb-split" : ""}>
      <div className="pb-editor" id="pb-editor">
        <Editor
          height="100%"
          defaultLanguage="python"
          defaultValue=""
          theme={theme === "dark" ? "vs-dark" : "vs"}
          options={{ readOnly: true, domReadOnly: true, minimap: { enabled: false }, automaticLayout: true,
                     scrollBeyondLastLine: false, fontSize: 14, tabSize: 4,
                     fontFamily: "ui-monospace, SFMono-Regular, Menlo, Consolas, monospace" }}
          onMount={(ed) => {
            ed.getModel().setEOL(monaco.editor.EndOfLineSequence.LF);
            window.__parleyEditors = window.__parleyEditors || {};
            window.__parleyEditors.playback = ed;
            setEditor(ed);
          }}
        />
      </div>
      {s && s.replay.boardChanges.length ? (
        <div className="pb-board" id="pb-board" aria-label="The whiteboard at this moment">
          <BoardView elements={board} theme={theme} assetPath={assetPath} />
        </div>
      ) : null}
      </div>
      <h3 className="tk-subhead">Timeline</h3>
      <ol className="pb-events" aria-label="Timeline events">
        {s && s.marks.length === 0 ? <li>Nothing happened in this session yet.</li> : null}
        {s ? s.marks.map((e, i) => (
          <li key={i} className={current === e ? "pb-now" : ""}>
            <button type="button" onClick={() => seek(e.t_ms)}>
              <span className="pb-dot" style={{ background: markerColour(e) }} />
              <span className="pb-ev-time">{clock(e.t_ms)}</span>
              <span>{describe(e)}</span>
            </button>
          </li>
        )) : null}
      </ol>
    </div>
  );
}
