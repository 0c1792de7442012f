// Excalidraw loads its fonts from window.EXCALIDRAW_ASSET_PATH (else from a public CDN): point it at Parley's own
// copy before anything renders. A path is resolved against the backend's origin (the page's own in production).
import env from "$/env.json";
import { getBackendURL } from "$/utils/state";

export function useOwnAssets(assetPath) {
  if (typeof window === "undefined") return;
  const path = assetPath || "/excalidraw-assets/";
  window.EXCALIDRAW_ASSET_PATH = new URL(path, getBackendURL(env.PING)).href;
}
