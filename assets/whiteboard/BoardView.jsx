// A read-only board that shows whatever `elements` it is handed (playback shows the board of the moment here).
import React, { useEffect, useState } from "react";
import { Excalidraw, restoreElements, CaptureUpdateAction } from "@excalidraw/excalidraw";
import "@excalidraw/excalidraw/index.css";
import { useOwnAssets } from "./assets.js";

export default function BoardView({ elements, theme, assetPath }) {
  useOwnAssets(assetPath);
  const [api, setApi] = useState(null);
  useEffect(() => {
    if (!api) return;
    api.updateScene({ elements: restoreElements(elements || [], null), captureUpdate: CaptureUpdateAction.NEVER });
  }, [api, elements]);
  return (
    <Excalidraw excalidrawAPI={(a) => { setApi(a); window.__parleyBoardView = a; }} viewModeEnabled zenModeEnabled
                theme={theme === "dark" ? "dark" : "light"} UIOptions={{ canvasActions: { loadScene: false,
                saveToActiveFile: false, export: false, toggleTheme: false, changeViewBackgroundColor: false } }} />
  );
}
