// The room's shared editor: Monaco bound to the session's Yjs document (y-monaco) over the app's y-websocket
// endpoint. Remote cursors carry the person's name and colour (awareness), undo only undoes your own edits
// (Y.UndoManager tracking this binding), and the language is shared through the document's `meta` map, each
// language keeping its own Y.Text. Exposes window.__parleyEditors.room and window.__parleyRoom for the page.
import React, { useEffect, useRef, useState } from "react";
import Editor from "@monaco-editor/react";
import * as monaco from "monaco-editor";
import * as Y from "yjs";
import { WebsocketProvider } from "y-websocket";
import { MonacoBinding } from "y-monaco";
import env from "$/env.json";
import "../monaco/MonacoEditor.jsx"; // bundled Monaco + its Vite web workers (no CDN loader)

const MONACO_LANG = { python: "python", java: "java", cpp: "cpp", javascript: "javascript" };
const SAFE_COLOR = /^#[0-9a-fA-F]{6}$/;

// Every character of a name becomes a CSS escape, so whatever a peer calls itself stays text.
const cssString = (s) => '"' + Array.from(String(s).slice(0, 40)).map((c) => "\\" + c.codePointAt(0).toString(16) + " ").join("") + '"';

function cursorCss(awareness, selfId) {
  const rules = [];
  awareness.getStates().forEach((state, id) => {
    if (id === selfId || !state.user) return;
    const color = SAFE_COLOR.test(state.user.color) ? state.user.color : "#8e44ad";
    rules.push(`.yRemoteSelection-${id}{background-color:${color}40}`,
      `.yRemoteSelectionHead-${id}{position:absolute;border-left:2px solid ${color};height:100%;box-sizing:border-box}`,
      `.yRemoteSelectionHead-${id}::after{content:${cssString(state.user.name)};position:absolute;top:-1.25em;left:-2px;` +
      `background:${color};color:#fff;font:11px/1.3 system-ui,sans-serif;padding:0 4px;border-radius:3px;white-space:nowrap;z-index:10;pointer-events:none}`);
  });
  return rules.join("\n");
}

export default function CollabEditor({ sessionId, token, userName, userColor, theme, fontSize, onStatus, onLanguage,
                                       onTokenExpired, onProblem }) {
  const [editor, setEditor] = useState(null);
  const ref = useRef({});
  const cb = useRef({});
  cb.current = { onStatus, onLanguage, onTokenExpired, onProblem };

  // one document and one provider per session
  useEffect(() => {
    if (!sessionId || !token || !editor) return undefined;
    const doc = new Y.Doc();
    const base = new URL("/collab", env.PING).href.replace(/^http/, "ws");
    const provider = new WebsocketProvider(base, sessionId, doc, { params: { token }, disableBc: true, maxBackoffTime: 4000 });
    const meta = doc.getMap("meta");
    const style = document.createElement("style");
    document.head.appendChild(style);
    const state = ref.current;
    Object.assign(state, { doc, provider, binding: null, undo: null, language: null });
    provider.awareness.setLocalStateField("user", { name: userName, color: userColor });

    const bind = (language) => {
      if (state.language === language && state.binding) return;
      state.binding && state.binding.destroy();
      state.undo && state.undo.destroy();
      const ytext = doc.getText(`code:${language}`);
      const model = editor.getModel();
      monaco.editor.setModelLanguage(model, MONACO_LANG[language] || "plaintext");
      state.binding = new MonacoBinding(ytext, model, new Set([editor]), provider.awareness);
      state.undo = new Y.UndoManager(ytext, { trackedOrigins: new Set([state.binding]) });
      state.language = language;
      cb.current.onLanguage && cb.current.onLanguage(language);
    };
    const onMeta = () => { if (provider.synced) bind(meta.get("language") || "python"); };
    meta.observe(onMeta);
    provider.on("sync", (synced) => synced && onMeta());
    provider.on("status", ({ status }) => cb.current.onStatus && cb.current.onStatus(status));
    provider.on("connection-close", (event) => {
      const code = event && event.code;
      if (code === 4401) cb.current.onTokenExpired && cb.current.onTokenExpired();
      if (code === 4403 || code === 4404 || code === 4410) { provider.shouldConnect = false; cb.current.onStatus && cb.current.onStatus("closed"); }
      if (code === 4413 || code === 1009) cb.current.onProblem && cb.current.onProblem(
        "The shared document is over its size limit: your last change was not saved. Undo it to continue.");
    });
    const onAwareness = () => { style.textContent = cursorCss(provider.awareness, doc.clientID); };
    provider.awareness.on("change", onAwareness);
    const onOffline = () => cb.current.onStatus && cb.current.onStatus("offline");
    window.addEventListener("offline", onOffline);

    const undoKeys = [
      editor.addCommand(monaco.KeyMod.CtrlCmd | monaco.KeyCode.KeyZ, () => state.undo && state.undo.undo()),
      editor.addCommand(monaco.KeyMod.CtrlCmd | monaco.KeyMod.Shift | monaco.KeyCode.KeyZ, () => state.undo && state.undo.redo()),
      editor.addCommand(monaco.KeyMod.CtrlCmd | monaco.KeyCode.KeyY, () => state.undo && state.undo.redo()),
    ];
    window.__parleyRoom = {
      doc, provider,
      setLanguage(language) { if (MONACO_LANG[language]) meta.set("language", language); },
      getCode() { return state.language ? doc.getText(`code:${state.language}`).toString() : ""; },
      undo() { state.undo && state.undo.undo(); },
    };
    return () => {
      window.removeEventListener("offline", onOffline);
      meta.unobserve(onMeta);
      state.binding && state.binding.destroy();
      state.undo && state.undo.destroy();
      provider.destroy();
      doc.destroy();
      style.remove();
      void undoKeys;
    };
  }, [sessionId, editor]); // eslint-disable-line react-hooks/exhaustive-deps

  // a refreshed room token is used by the next (re)connect
  useEffect(() => {
    const p = ref.current.provider;
    if (p && token && p.params.token !== token) {
      p.params.token = token;
      if (!p.wsconnected && p.shouldConnect) p.connect();
    }
  }, [token]);

  useEffect(() => {
    const p = ref.current.provider;
    if (p) p.awareness.setLocalStateField("user", { name: userName, color: userColor });
  }, [userName, userColor]);

  return (
    <Editor
      height="100%"
      defaultLanguage="python"
      defaultValue=""
      theme={theme === "dark" ? "vs-dark" : "vs"}
      options={{ fontSize: fontSize || 14, minimap: { enabled: false }, automaticLayout: true, scrollBeyondLastLine: false,
                 tabSize: 4, fontFamily: "ui-monospace, SFMono-Regular, Menlo, Consolas, monospace" }}
      onMount={(ed) => {
        window.__parleyEditors = window.__parleyEditors || {};
        window.__parleyEditors.room = ed;
        setEditor(ed);
      }}
    />
  );
}
