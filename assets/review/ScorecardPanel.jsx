// The scorecard: each rubric criterion scored 1-4 with its one-line anchors shown, an overall recommendation and a
// summary, autosaved over REST (interviewers only; a refusal or a 422 is shown and nothing is lost locally).
import React, { useCallback, useEffect, useRef, useState } from "react";
import { api, KEEPALIVE_MAX } from "./api.js";
import "./toolkit.css";

const SAVE_AFTER_MS = 600;
const RECOMMENDATIONS = [["strong_no", "Strong no"], ["no", "No"], ["yes", "Yes"], ["strong_yes", "Strong yes"]];
const STATUS = { loading: "Loading…", saved: "Saved", pending: "Saving…", saving: "Saving…", error: "Not saved" };

export default function ScorecardPanel({ sessionId, onSaved }) {
  const [card, setCard] = useState(null); // {criteria, scores, recommendation, summary}
  const [status, setStatus] = useState("loading");
  const [error, setError] = useState("");
  const st = useRef({ card: null, dirty: false, timer: null, inflight: false, again: false });
  const cb = useRef({});
  cb.current = { onSaved };
  const path = `/api/sessions/${encodeURIComponent(sessionId)}/scorecard`;
  const body = (c) => ({ scores: c.scores, recommendation: c.recommendation, summary: c.summary });

  const save = useCallback(async () => {
    const s = st.current;
    clearTimeout(s.timer);
    if (!s.card || !s.dirty) return;
    if (s.inflight) { s.again = true; return; }
    s.inflight = true;
    s.dirty = false;
    setStatus("saving");
    try {
      await api(path, { method: "PUT", body: body(s.card) });
      setError("");
      setStatus(s.dirty ? "pending" : "saved");
      cb.current.onSaved && cb.current.onSaved();
    } catch (e) {
      s.dirty = true;
      setError(e.message);
      setStatus("error");
    } finally {
      s.inflight = false;
      if (s.again) { s.again = false; save(); }
    }
  }, [path]); // eslint-disable-line react-hooks/exhaustive-deps

  useEffect(() => {
    let gone = false;
    const s = st.current;
    api(path).then((r) => {
      if (gone) return;
      s.card = { criteria: r.criteria, scores: r.scores || {}, recommendation: r.recommendation, summary: r.summary || "" };
      setCard(s.card);
      setStatus("saved");
    }).catch((e) => { if (!gone) { setError(e.message); setStatus("error"); } });
    const flush = () => {
      clearTimeout(s.timer);
      if (!s.card || !s.dirty) return;
      const text = JSON.stringify(body(s.card));
      s.dirty = false;
      api(path, { method: "PUT", body: body(s.card), keepalive: new TextEncoder().encode(text).length < KEEPALIVE_MAX })
        .catch(() => { s.dirty = true; });
    };
    const hidden = () => { if (document.visibilityState === "hidden") flush(); };
    window.addEventListener("pagehide", flush);
    document.addEventListener("visibilitychange", hidden);
    return () => {
      gone = true;
      window.removeEventListener("pagehide", flush);
      document.removeEventListener("visibilitychange", hidden);
      flush();
    };
  }, [path]); // eslint-disable-line react-hooks/exhaustive-deps

  const update = (patch, wait = SAVE_AFTER_MS) => {
    const s = st.current;
    s.card = { ...s.card, ...patch };
    s.dirty = true;
    setCard(s.card);
    setStatus("pending");
    clearTimeout(s.timer);
    s.timer = setTimeout(save, wait);
  };
  const score = (key, level) => {
    const scores = { ...st.current.card.scores };
    if (level === null) delete scores[key]; else scores[key] = level;
    update({ scores }, 150);
  };

  if (!card) {
    return (
      <section className="tk-panel" aria-label="Scorecard">
        <span className={`tk-status tk-status-${status}`} role="status">{STATUS[status]}{error ? `: ${error}` : ""}</span>
      </section>
    );
  }
  return (
    <section className="tk-panel tk-scorecard" aria-label="Scorecard">
      <div className="tk-row">
        <span className="tk-hint">Private to the interviewers. Score each criterion 1–4.</span>
        <span className={`tk-status tk-status-${status}`} role="status" aria-live="polite" id="scorecard-status">
          {STATUS[status]}{status === "error" && error ? `: ${error}` : ""}
        </span>
      </div>
      {card.criteria.map((c) => (
        <fieldset key={c.key} className="tk-criterion" data-criterion={c.key}>
          <legend>{c.label}{card.scores[c.key] ? <span className="tk-score"> · {card.scores[c.key]}/4</span> : null}</legend>
          {c.anchors.map((anchor, i) => (
            <label key={i} className={`tk-level${card.scores[c.key] === i + 1 ? " tk-level-on" : ""}`}>
              <input type="radio" name={`score-${c.key}`} value={i + 1} checked={card.scores[c.key] === i + 1}
                     onChange={() => score(c.key, i + 1)} aria-label={`${c.label}: ${i + 1} – ${anchor}`} />
              <span className="tk-level-n">{i + 1}</span>
              <span className="tk-level-anchor">{anchor}</span>
            </label>
          ))}
          {card.scores[c.key] ? (
            <button type="button" className="tk-link-button" onClick={() => score(c.key, null)}>
              Clear {c.label}
            </button>
          ) : null}
        </fieldset>
      ))}
      <fieldset className="tk-criterion tk-recommendation">
        <legend>Recommendation</legend>
        <div className="tk-choices">
          {RECOMMENDATIONS.map(([value, label]) => (
            <label key={value} className={`tk-choice tk-rec-${value}${card.recommendation === value ? " tk-choice-on" : ""}`}>
              <input type="radio" name="recommendation" value={value} checked={card.recommendation === value}
                     onChange={() => update({ recommendation: value }, 150)} />
              {label}
            </label>
          ))}
        </div>
      </fieldset>
      <label className="tk-field">
        <span>Summary</span>
        <textarea className="tk-textarea" rows={4} value={card.summary} aria-label="Scorecard summary"
                  onChange={(e) => update({ summary: e.target.value })} onBlur={save}
                  placeholder="One paragraph: the decision and why." />
      </label>
    </section>
  );
}
