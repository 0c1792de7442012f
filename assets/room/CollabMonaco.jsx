// The Monaco half of the room's shared editor (loaded lazily by CollabEditor.jsx, which owns the Yjs document and
// its y-websocket connection): Monaco bound to the document (y-monaco). Remote cursors carry the person's name and
// colour (awareness), undo only undoes your own edits (Y.UndoManager tracking this binding), and the language is
// shared through the document's `meta` map, each language keeping its own Y.Text. Exposes
// window.__parleyEditors.room and window.__parleyRoom for the page.
import React, { useEffect, useRef, useState } from "react";
import Editor from "@monaco-editor/react";
import * as monaco from "monaco-editor";
import * as Y from "yjs";
import { MonacoBinding } from "y-monaco";
import "../monaco/MonacoEditor.jsx"; // bundled Monaco + its Vite web workers (no CDN loader)

const MONACO_LANG = { python: "python", java: "java", cpp: "cpp", javascript: "javascript", typescript: "typescript", go: "go" };
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

export default function CollabMonaco({ room, theme, fontSize, readOnly, onLanguage, onBound }) {
  const [editor, setEditor] = useState(null);
  const ref = useRef({});
  const cb = useRef({});
  cb.current = { onLanguage, onBound };

  // bind the editor to the room's document (CollabEditor.jsx connects it and closes it)
  useEffect(() => {
    if (!room || !editor) return undefined;
    const { doc, provider } = room;
    const meta = doc.getMap("meta");
    const style = document.createElement("style");
    document.head.appendChild(style);
    const state = ref.current;
    Object.assign(state, { binding: null, undo: null, language: null });

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
      cb.current.onBound && cb.current.onBound();
    };
    const onMeta = () => { if (provider.synced) bind(meta.get("language") || "python"); };
    const onSync = (synced) => synced && onMeta();
    meta.observe(onMeta);
    provider.on("sync", onSync);
    const onAwareness = () => { style.textContent = cursorCss(provider.awareness, doc.clientID); };
    provider.awareness.on("change", onAwareness);
    onMeta(); // the document may have synced while Monaco was loading
    onAwareness();

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
      meta.unobserve(onMeta);
      provider.off("sync", onSync);
      provider.awareness.off("change", onAwareness);
      state.binding && state.binding.destroy();
      state.undo && state.undo.destroy();
      state.binding = state.undo = state.language = null;
      style.remove();
      void undoKeys;
    };
  }, [room, editor]);

  return (
    <Editor
      height="100%"
      defaultLanguage="python"
      defaultValue=""
      theme={theme === "dark" ? "vs-dark" : "vs"}
      options={{ fontSize: fontSize || 14, readOnly: !!readOnly, minimap: { enabled: false }, automaticLayout: true,
                 scrollBeyondLastLine: false,
                 tabSize: 4, fontFamily: "ui-monospace, SFMono-Regular, Menlo, Consolas, monospace" }}
      onMount={(ed) => {
        window.__parleyEditors = window.__parleyEditors || {};
        window.__parleyEditors.room = ed;
        setEditor(ed);
      }}
    />
  );
}
