// The interviewers' private notes: Markdown with a live preview (never HTML), saved over REST only (never the
// room's sockets, never Reflex state, so nothing of them can reach the candidate's page). Autosaves a moment after
// typing stops, saves at once on Ctrl/Cmd+S, when the tab is hidden or closed and when the panel unmounts.
// "Insert timestamp" adds a link that opens playback at this moment of the session.
import React, { useCallback, useEffect, useRef, useState } from "react";
import { api, clock, KEEPALIVE_MAX, parseIso } from "./api.js";
import Markdown from "./Markdown.jsx";
import "./toolkit.css";

const SAVE_AFTER_MS = 700;
const drafts = new Map(); // session id -> {text, saved}: survives the tab being switched away and back

const STATUS = { loading: "Loading…", saved: "Saved", pending: "Saving…", saving: "Saving…", error: "Not saved" };

export default function NotesPanel({ sessionId, newTabLinks, live, onSaved }) {
  const [text, setText] = useState(null); // null while loading
  const [status, setStatus] = useState("loading");
  const [error, setError] = useState("");
  const area = useRef(null);
  const st = useRef({ text: null, saved: null, timer: null, inflight: false, again: false, start: null });
  const cb = useRef({});
  cb.current = { onSaved };

  const remember = () => drafts.set(sessionId, { text: st.current.text, saved: st.current.saved });

  const save = useCallback(async () => {
    const s = st.current;
    clearTimeout(s.timer);
    if (s.text === null || s.text === s.saved) { if (s.text !== null) setStatus("saved"); return; }
    if (s.inflight) { s.again = true; return; }
    const body = s.text;
    s.inflight = true;
    setStatus("saving");
    try {
      await api(`/api/sessions/${encodeURIComponent(sessionId)}/notes`, { method: "PUT", body: { markdown: body } });
      s.saved = body;
      remember();
      setError("");
      setStatus(s.text === s.saved ? "saved" : "pending");
      cb.current.onSaved && cb.current.onSaved();
    } catch (e) {
      setError(e.message);
      setStatus("error");
    } finally {
      s.inflight = false;
      if (s.again) { s.again = false; save(); }
    }
  }, [sessionId]); // eslint-disable-line react-hooks/exhaustive-deps

  // Leaving the page or the panel: one last request that outlives the page (keepalive), if anything is unsaved.
  const flush = useCallback(() => {
    const s = st.current;
    clearTimeout(s.timer);
    if (s.text === null || s.text === s.saved) return;
    const sent = s.text;
    const size = new TextEncoder().encode(JSON.stringify({ markdown: sent })).length;
    api(`/api/sessions/${encodeURIComponent(sessionId)}/notes`, { method: "PUT", body: { markdown: sent },
      keepalive: size < KEEPALIVE_MAX }).then(() => { s.saved = sent; remember(); }).catch(() => {});
  }, [sessionId]); // eslint-disable-line react-hooks/exhaustive-deps

  useEffect(() => {
    let gone = false;
    const s = st.current;
    const kept = drafts.get(sessionId);
    if (kept) {
      Object.assign(s, kept);
      setText(kept.text);
      setStatus(kept.text === kept.saved ? "saved" : "pending");
      if (kept.text !== kept.saved) s.timer = setTimeout(save, SAVE_AFTER_MS);
    } else {
      api(`/api/sessions/${encodeURIComponent(sessionId)}/notes`).then((r) => {
        if (gone) return;
        s.text = s.saved = r.markdown || "";
        remember();
        setText(s.text);
        setStatus("saved");
      }).catch((e) => { if (!gone) { setError(e.message); setStatus("error"); } });
    }
    const hidden = () => { if (document.visibilityState === "hidden") flush(); };
    window.addEventListener("pagehide", flush);
    document.addEventListener("visibilitychange", hidden);
    return () => {
      gone = true;
      window.removeEventListener("pagehide", flush);
      document.removeEventListener("visibilitychange", hidden);
      if (s.text !== null) remember();
      flush();
    };
  }, [sessionId]); // eslint-disable-line react-hooks/exhaustive-deps

  const change = (value) => {
    const s = st.current;
    s.text = value;
    remember();
    setText(value);
    setStatus(value === s.saved ? "saved" : "pending");
    clearTimeout(s.timer);
    s.timer = setTimeout(save, SAVE_AFTER_MS);
  };

  // ms since the session's start (the candidate's first join, or the room's creation before that), as the
  // timeline counts. The start is asked of the server: it is set when the candidate joins, after this page loaded.
  const now = async () => {
    const s = st.current;
    if (s.start === null) {
      const info = await api(`/api/sessions/${encodeURIComponent(sessionId)}`);
      if (info.started_at) s.start = parseIso(info.started_at);
      else return Math.max(0, Date.now() - parseIso(info.created_at));
    }
    return Math.max(0, Date.now() - s.start);
  };

  const insertTimestamp = async () => {
    let t;
    try { t = await now(); } catch (e) { setError(e.message); setStatus("error"); return; }
    const el = area.current;
    const cur = st.current.text || "";
    const at = el ? el.selectionStart : cur.length;
    const end = el ? el.selectionEnd : cur.length;
    const before = cur.slice(0, at);
    const link = `${before && !/\s$/.test(before) ? " " : ""}[${clock(t)}](/session/${sessionId}/playback?t=${t}) `;
    change(before + link + cur.slice(end));
    requestAnimationFrame(() => {
      if (!el) return;
      el.focus();
      el.selectionStart = el.selectionEnd = at + link.length;
    });
  };

  const keys = (e) => {
    if ((e.ctrlKey || e.metaKey) && e.key === "s") { e.preventDefault(); save(); }
  };

  return (
    <section className="tk-panel tk-notes" aria-label="Private notes">
      <div className="tk-row">
        <span className="tk-hint">Private: only the session's interviewers see these notes. Markdown.</span>
        <span className={`tk-status tk-status-${status}`} role="status" aria-live="polite" id="notes-status">
          {STATUS[status]}{status === "error" && error ? `: ${error}` : ""}
        </span>
      </div>
      <textarea ref={area} className="tk-textarea" aria-label="Private notes (Markdown)" id="notes-input"
                value={text ?? ""} disabled={text === null} onChange={(e) => change(e.target.value)}
                onKeyDown={keys} onBlur={save} rows={10} spellCheck
                placeholder={live ? "What you noticed, as it happens.\nInsert timestamp links this moment of the playback." : "Notes on the interview."} />
      {live ? (
        <div className="tk-row">
          <button type="button" className="tk-button" onClick={insertTimestamp} disabled={text === null}>
            Insert timestamp
          </button>
        </div>
      ) : null}
      <h4 className="tk-subhead">Preview</h4>
      <div className="tk-preview" id="notes-preview">
        <Markdown source={text || ""} newTab={newTabLinks} empty="Your notes will show here." />
      </div>
    </section>
  );
}
