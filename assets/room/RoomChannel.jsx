// The room channel socket (/room/{id}?token=): forwards every server message to the page (onEvent), reconnects
// with backoff, reports tab visibility, and draws reaction bursts. window.__parleyChannel.send(obj) sends.
import React, { useEffect, useRef, useState } from "react";
import env from "$/env.json";
import { getBackendURL } from "$/utils/state"; // the page's own host, as Reflex's socket uses

const FINAL = new Set([4403, 4404, 4410]);

export default function RoomChannel({ sessionId, token, onEvent, onStatus, onTokenExpired }) {
  const [bursts, setBursts] = useState([]);
  const cb = useRef({});
  cb.current = { onEvent, onStatus, onTokenExpired };
  const tokenRef = useRef(token);
  tokenRef.current = token;
  const wsRef = useRef(null);

  useEffect(() => {
    if (!sessionId || !token) return undefined;
    let stopped = false, retry = 0, timer = null, burstId = 0;
    const status = (s) => cb.current.onStatus && cb.current.onStatus(s);
    const send = (obj) => {
      const ws = wsRef.current;
      if (ws && ws.readyState === WebSocket.OPEN) { ws.send(JSON.stringify(obj)); return true; }
      return false;
    };
    const visibility = () => send({ type: "visibility", visible: document.visibilityState === "visible" });
    const open = () => {
      const url = new URL(`/room/${encodeURIComponent(sessionId)}`, getBackendURL(env.PING));
      url.protocol = url.protocol.replace("http", "ws");
      url.searchParams.set("token", tokenRef.current);
      const ws = new WebSocket(url.href);
      wsRef.current = ws;
      status("connecting");
      ws.onopen = () => { retry = 0; status("connected"); visibility(); };
      ws.onmessage = (m) => {
        let data;
        try { data = JSON.parse(m.data); } catch { return; }
        if (data.type === "reaction") {
          const id = ++burstId;
          const left = 10 + Math.random() * 80;
          setBursts((b) => [...b.slice(-20), { id, emoji: data.emoji, by: data.by, left }]);
          setTimeout(() => setBursts((b) => b.filter((x) => x.id !== id)), 2600);
        }
        cb.current.onEvent && cb.current.onEvent(data);
      };
      ws.onclose = (e) => {
        if (stopped) return;
        if (FINAL.has(e.code)) { status("closed"); return; }
        if (e.code === 4401) cb.current.onTokenExpired && cb.current.onTokenExpired();
        status(navigator.onLine === false ? "offline" : "reconnecting");
        timer = setTimeout(open, Math.min(4000, 250 * 2 ** retry++));
      };
    };
    open();
    document.addEventListener("visibilitychange", visibility);
    window.__parleyChannel = { send };
    return () => {
      stopped = true;
      clearTimeout(timer);
      document.removeEventListener("visibilitychange", visibility);
      wsRef.current && wsRef.current.close();
    };
  }, [sessionId, !!token]); // eslint-disable-line react-hooks/exhaustive-deps

  return (
    <div aria-live="polite" style={{ position: "fixed", inset: 0, pointerEvents: "none", zIndex: 50, overflow: "hidden" }}>
      <style>{"@keyframes parley-float{0%{transform:translateY(0) scale(.6);opacity:0}15%{opacity:1;transform:translateY(-8vh) scale(1.2)}100%{transform:translateY(-70vh) scale(1);opacity:0}}"}</style>
      {bursts.map((b) => (
        <div key={b.id} className="parley-reaction" title={b.by}
             style={{ position: "absolute", bottom: "4vh", left: `${b.left}%`, fontSize: "2.5rem",
                      animation: "parley-float 2.5s ease-out forwards" }}>{b.emoji}</div>
      ))}
    </div>
  );
}

// Time since the room started, ticking once a second on the client.
export function Elapsed({ since }) {
  const [now, setNow] = useState(Date.now());
  useEffect(() => { const t = setInterval(() => setNow(Date.now()), 1000); return () => clearInterval(t); }, []);
  if (!since) return <span>not started</span>;
  const s = Math.max(0, Math.floor((now - Date.parse(since)) / 1000));
  const pad = (n) => String(n).padStart(2, "0");
  return <span role="timer" aria-label="Elapsed time">{Math.floor(s / 3600) ? `${Math.floor(s / 3600)}:` : ""}{pad(Math.floor(s / 60) % 60)}:{pad(s % 60)}</span>;
}
