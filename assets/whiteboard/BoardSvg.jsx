// A board drawn as SVG (Excalidraw's exportToSvg, fonts inlined from Parley's own origin): the report's final board.
// `elements` is the JSON list the server checked; nothing else reaches the export.
import React, { useEffect, useRef, useState } from "react";
import { exportToSvg, restoreElements } from "@excalidraw/excalidraw";
import { useOwnAssets } from "./assets.js";

export default function BoardSvg({ elements, assetPath }) {
  useOwnAssets(assetPath);
  const box = useRef(null);
  const [state, setState] = useState("drawing");

  useEffect(() => {
    let gone = false;
    let list = [];
    try { list = JSON.parse(elements || "[]"); } catch (e) { list = []; }
    if (!Array.isArray(list) || list.length === 0) { setState("empty"); return undefined; }
    exportToSvg({ elements: restoreElements(list, null), files: null, exportPadding: 16,
                  appState: { exportBackground: true, viewBackgroundColor: "#ffffff", exportWithDarkMode: false } })
      .then((svg) => {
        if (gone || !box.current) return;
        svg.setAttribute("role", "img");
        svg.setAttribute("aria-label", "The final whiteboard");
        svg.style.maxWidth = "100%";
        svg.style.height = "auto";
        box.current.replaceChildren(svg);
        setState("drawn");
        window.__parleyBoardSvg = svg.outerHTML.length;
      })
      .catch(() => { if (!gone) setState("failed"); });
    return () => { gone = true; };
  }, [elements]);

  return (
    <div className="report-board" data-state={state}>
      {state === "empty" ? <p>Nothing was drawn on the whiteboard.</p> : null}
      {state === "failed" ? <p role="alert">The whiteboard could not be drawn.</p> : null}
      <div ref={box} id="report-board-svg" />
    </div>
  );
}
