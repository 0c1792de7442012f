// The code as plain text where an editor is about to appear: Monaco (~900 kB gz) takes 0.4-0.8 s to evaluate after
// the page's data has arrived, and people should read the code meanwhile. Sits under the editor in the same box and
// removes itself once Monaco has painted its first line. Hidden from assistive technology (the editor is the control).
// No Monaco import here, so this renders as soon as the page does.
import React, { useEffect, useRef, useState } from "react";

// `ready`: the editor holds the code (the room's editor starts empty and is filled when it binds to the document).
export default function CodePreview({ code, dark, ready = true }) {
  const ref = useRef(null);
  const [gone, setGone] = useState(false);
  useEffect(() => {
    const host = ref.current && ref.current.parentElement;
    if (!host || !ready) return undefined;
    let frame = 0;
    const observer = new MutationObserver(() => check());
    const check = () => {
      if (host.querySelector(".monaco-editor .view-line")) {
        observer.disconnect();
        frame = requestAnimationFrame(() => setGone(true)); // after Monaco's own frame has drawn the lines
      }
    };
    observer.observe(host, { childList: true, subtree: true });
    check();
    return () => { observer.disconnect(); cancelAnimationFrame(frame); };
  }, [ready]);
  if (gone) return null;
  return (
    <pre ref={ref} data-starter-code="" aria-hidden="true" style={{
      position: "absolute", inset: 0, margin: 0, padding: "0 0 0 64px", overflow: "hidden", whiteSpace: "pre",
      fontFamily: "ui-monospace, SFMono-Regular, Menlo, Consolas, monospace", fontSize: "14px", lineHeight: "19px",
      tabSize: 4, pointerEvents: "none", background: dark ? "#1e1e1e" : "#fffffe", color: dark ? "#d4d4d4" : "#000000",
    }}>{code}</pre>
  );
}
