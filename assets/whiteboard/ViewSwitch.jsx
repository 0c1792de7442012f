// Code | Whiteboard: what the room has on screen, shared by everyone through the document's meta.view (so a
// reload or a late joiner lands on the same view). Tells the page through onView.
import React, { useEffect, useRef, useState } from "react";
import { acquireRoom, applyToken, viewOf, VIEWS } from "../room/yroom.js";

const LABEL = { code: "Code", whiteboard: "Whiteboard" };

export default function ViewSwitch({ sessionId, token, onView }) {
  const [view, setView] = useState("code");
  const ref = useRef({});
  const cb = useRef(onView);
  cb.current = onView;

  useEffect(() => {
    if (!sessionId || !token) return undefined;
    const room = acquireRoom(sessionId, token);
    const meta = room.doc.getMap("meta");
    const show = () => { const v = viewOf(meta); setView(v); cb.current && cb.current(v); };
    meta.observe(show);
    room.provider.on("sync", show);
    show();
    ref.current = { room, meta };
    return () => { meta.unobserve(show); room.provider.off("sync", show); room.release(); ref.current = {}; };
  }, [sessionId]); // eslint-disable-line react-hooks/exhaustive-deps

  useEffect(() => applyToken(ref.current.room && ref.current.room.provider, token), [token]);

  return (
    <span role="group" aria-label="Show" className="parley-view-switch" style={{ display: "inline-flex", gap: 2 }}>
      {VIEWS.map((v) => (
        <button key={v} type="button" aria-pressed={view === v} id={`view-${v}`}
                onClick={() => ref.current.meta && ref.current.meta.set("view", v)}
                style={{ padding: "2px 10px", borderRadius: 6, border: "1px solid var(--gray-a7)", cursor: "pointer",
                         background: view === v ? "var(--accent-9)" : "transparent",
                         color: view === v ? "var(--accent-contrast)" : "var(--gray-12)", font: "inherit", fontSize: 13 }}>
          {LABEL[v]}
        </button>
      ))}
    </span>
  );
}
