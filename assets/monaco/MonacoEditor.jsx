// Monaco bundled from npm (no CDN loader): @monaco-editor/react is pointed at the local monaco-editor package,
// and the web workers are Vite worker imports. Exposes each editor instance as window.__parleyEditors[id] so the
// room can bind it to Yjs (y-monaco) and tests can drive it.
import React, { useEffect, useRef } from "react";
import Editor, { loader } from "@monaco-editor/react";
import * as monaco from "monaco-editor";
import EditorWorker from "monaco-editor/esm/vs/editor/editor.worker?worker";
import TsWorker from "monaco-editor/esm/vs/language/typescript/ts.worker?worker";

if (typeof self !== "undefined" && !self.MonacoEnvironment) {
  self.MonacoEnvironment = {
    getWorker(_id, label) {
      return label === "typescript" || label === "javascript" ? new TsWorker() : new EditorWorker();
    },
  };
}
loader.config({ monaco });

export default function MonacoEditor({ editorId, value, language, theme, fontSize, readOnly, onChange, onRun, height }) {
  const timer = useRef(null);
  const onRunRef = useRef(onRun);
  const onChangeRef = useRef(onChange);
  onRunRef.current = onRun;
  onChangeRef.current = onChange;
  useEffect(() => () => clearTimeout(timer.current), []);
  return (
    <Editor
      height={height || "100%"}
      language={language || "python"}
      value={value}
      theme={theme === "dark" ? "vs-dark" : "vs"}
      options={{ fontSize: fontSize || 14, readOnly: !!readOnly, minimap: { enabled: false }, automaticLayout: true,
                 scrollBeyondLastLine: false, tabSize: 4, fontFamily: "ui-monospace, SFMono-Regular, Menlo, Consolas, monospace" }}
      onMount={(editor, m) => {
        window.__parleyEditors = window.__parleyEditors || {};
        window.__parleyEditors[editorId || "editor"] = editor;
        editor.addCommand(m.KeyMod.CtrlCmd | m.KeyCode.Enter, () => onRunRef.current && onRunRef.current());
      }}
      onChange={(v) => {
        clearTimeout(timer.current);
        timer.current = setTimeout(() => onChangeRef.current && onChangeRef.current(v ?? ""), 250);
      }}
    />
  );
}
