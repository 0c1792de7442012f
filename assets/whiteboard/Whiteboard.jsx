// The room's shared whiteboard: Excalidraw (bundled from npm, fonts from Parley's origin) bound to the session's
// Yjs document (./binding.js), with everyone's pointer and name. Exposes window.__parleyBoard for tests.
import React, { useEffect, useRef, useState } from "react";
import { Excalidraw } from "@excalidraw/excalidraw";
import "@excalidraw/excalidraw/index.css";
import { acquireRoom, applyToken } from "../room/yroom.js";
import { BoardBinding, boardElements } from "./binding.js";
import { useOwnAssets } from "./assets.js";

const UI = { canvasActions: { loadScene: false, saveToActiveFile: false, export: false, toggleTheme: false },
             tools: { image: false } };

export default function Whiteboard({ sessionId, token, userName, userColor, theme, assetPath, elementTypes,
                                     maxElementBytes, readOnly, visible }) {
  useOwnAssets(assetPath);
  const [api, setApi] = useState(null);
  const ref = useRef({});
  // Excalidraw sets up its scene from initialData once that resolves (overwriting anything set before): the
  // stored board is handed over that way, after the first sync, and the binding starts after that
  const init = useRef(null);
  if (!init.current) {
    let resolve;
    init.current = { promise: new Promise((r) => { resolve = r; }), resolve };
  }

  useEffect(() => {
    if (!sessionId || !token || !api) return undefined;
    const room = acquireRoom(sessionId, token);
    const { doc, provider } = room;
    provider.awareness.setLocalStateField("user", { name: userName, color: userColor });
    let binding = null;
    let gone = false;
    const bind = () => {
      if (binding || gone) return;
      binding = new BoardBinding(doc, provider.awareness, api, { types: elementTypes || [], maxBytes: maxElementBytes || 131072,
                                                                 readOnly: !!readOnly });
      ref.current.binding = binding;
      ref.current.centre();
    };
    const start = () => {
      if (!provider.synced || init.current.started) return;
      init.current.started = true;
      init.current.resolve({ elements: boardElements(doc.getMap("whiteboard")), scrollToContent: true });
      init.current.promise.then(() => requestAnimationFrame(bind));
    };
    if (init.current.started) init.current.promise.then(() => requestAnimationFrame(bind)); // a remount
    const onSync = (synced) => synced && start();
    provider.on("sync", onSync);
    start();
    ref.current.provider = provider;
    window.__parleyBoard = {
      api, doc,
      ready: () => !!binding,
      elements: () => api.getSceneElements().map((e) => ({ id: e.id, type: e.type, text: e.text, version: e.version })),
      stored: () => Array.from(doc.getMap("whiteboard").values()).filter((e) => !e.isDeleted).map((e) => e.id),
    };
    return () => {
      gone = true;
      provider.off("sync", onSync);
      binding && binding.destroy();
      ref.current.binding = null;
      ref.current.provider = null;
      room.release();
      delete window.__parleyBoard;
    };
  }, [sessionId, api]); // eslint-disable-line react-hooks/exhaustive-deps

  useEffect(() => applyToken(ref.current.provider, token), [token]);
  // a board set up while hidden (the Code view was showing) centres its content in a box it cannot measure: once
  // it shows with its elements in the scene, centre it again (once) so a starter drawing is in view
  ref.current.visible = visible;
  ref.current.centre = () => {
    if (ref.current.centred || !ref.current.visible || !ref.current.binding || !api) return;
    const { width, height } = api.getAppState();
    if (!width || !height) return; // not measured yet: onChange calls again once it is
    ref.current.centred = true;
    api.scrollToContent(api.getSceneElements(), { animate: false });
  };
  useEffect(() => {
    if (!api || !visible) return;
    api.refresh();
    requestAnimationFrame(() => ref.current.centre());
  }, [api, visible]);

  return (
    <div style={{ height: "100%", width: "100%" }} className="parley-whiteboard">
      <Excalidraw
        excalidrawAPI={setApi}
        initialData={init.current.promise}
        theme={theme === "dark" ? "dark" : "light"}
        viewModeEnabled={!!readOnly}
        isCollaborating
        UIOptions={UI}
        validateEmbeddable={() => false}
        onChange={(elements) => {
          if (!ref.current.binding) return;
          ref.current.binding.changed(elements);
          if (!ref.current.centred && elements.length) requestAnimationFrame(() => ref.current.centre());
        }}
        onPointerUpdate={(p) => ref.current.binding && ref.current.binding.pointer(p)}
      />
    </div>
  );
}
