// The room's shared editor: the session's Yjs document over the app's y-websocket endpoint, shown as plain text
// (CodePreview) from the first sync, and Monaco bound to it (CollabMonaco.jsx, loaded lazily: Monaco takes
// 0.4-0.8 s to evaluate) once it is ready. The document and its socket are the session's one pair (yroom.js,
// shared with the whiteboard); this module reports their status, token refresh, the close codes the server sends,
// and who this person is (awareness).
import React, { Suspense, lazy, useEffect, useRef, useState } from "react";
import { acquireRoom, applyToken } from "./yroom.js";
import CodePreview from "../monaco/CodePreview.jsx";

const CollabMonaco = lazy(() => import("./CollabMonaco.jsx"));

export default function CollabEditor({ sessionId, token, userName, userColor, theme, fontSize, readOnly, onStatus,
                                       onLanguage, onTokenExpired, onProblem }) {
  const [room, setRoom] = useState(null);
  const [preview, setPreview] = useState("");
  const [bound, setBound] = useState(false);
  const cb = useRef({});
  cb.current = { onStatus, onTokenExpired, onProblem };
  const hasToken = !!token;

  // one document and one provider per session
  useEffect(() => {
    if (!sessionId || !hasToken) return undefined;
    const shared = acquireRoom(sessionId, token);
    const { doc, provider } = shared;
    provider.awareness.setLocalStateField("user", { name: userName, color: userColor });
    const onStatus = ({ status }) => cb.current.onStatus && cb.current.onStatus(status);
    provider.on("status", onStatus);
    if (provider.wsconnected) onStatus({ status: "connected" });
    const onClose = (event) => {
      const code = event && event.code;
      if (code === 4401) cb.current.onTokenExpired && cb.current.onTokenExpired();
      if (code === 4403 || code === 4404 || code === 4410) { provider.shouldConnect = false; cb.current.onStatus && cb.current.onStatus("closed"); }
      if (code === 4413 || code === 1009) cb.current.onProblem && cb.current.onProblem(
        "The shared document is over its size limit: your last change was not saved. Undo it to continue.");
    };
    provider.on("connection-close", onClose);
    const onOffline = () => cb.current.onStatus && cb.current.onStatus("offline");
    window.addEventListener("offline", onOffline);
    setRoom({ doc, provider });
    return () => {
      window.removeEventListener("offline", onOffline);
      provider.off("status", onStatus);
      provider.off("connection-close", onClose);
      setRoom(null);
      setBound(false);
      shared.release();
    };
  }, [sessionId, hasToken]); // eslint-disable-line react-hooks/exhaustive-deps

  // the shared code as text until Monaco is bound
  useEffect(() => {
    if (!room || bound) return undefined;
    const { doc, provider } = room;
    const show = () => {
      if (provider.synced) setPreview(doc.getText(`code:${doc.getMap("meta").get("language") || "python"}`).toString());
    };
    doc.on("update", show);
    provider.on("sync", show);
    show();
    return () => { doc.off("update", show); provider.off("sync", show); };
  }, [room, bound]);

  // a refreshed room token is used by the next (re)connect
  useEffect(() => applyToken(room && room.provider, token), [room, token]);

  useEffect(() => {
    if (room) room.provider.awareness.setLocalStateField("user", { name: userName, color: userColor });
  }, [room, userName, userColor]);

  return (
    <div style={{ position: "relative", width: "100%", height: "100%" }}>
      <CodePreview code={preview} dark={theme === "dark"} ready={bound} />
      {room && (
        <Suspense fallback={null}>
          <CollabMonaco room={room} theme={theme} fontSize={fontSize} readOnly={readOnly} onLanguage={onLanguage}
                        onBound={() => setBound(true)} />
        </Suspense>
      )}
    </div>
  );
}
