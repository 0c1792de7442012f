// One Yjs document and one y-websocket provider per session, shared by every part of the room page that shows it
// (the code editor, the whiteboard, the Code | Whiteboard switch): each acquires it and releases it when it
// unmounts; the last release closes the socket.
import * as Y from "yjs";
import { WebsocketProvider } from "y-websocket";
import env from "$/env.json";
import { getBackendURL } from "$/utils/state"; // the page's own host, as Reflex's socket uses

const open = new Map(); // session id -> { doc, provider, users }

export function acquireRoom(sessionId, token) {
  let r = open.get(sessionId);
  if (!r) {
    const doc = new Y.Doc();
    const base = new URL("/collab", getBackendURL(env.PING)).href.replace(/^http/, "ws");
    const provider = new WebsocketProvider(base, sessionId, doc, { params: { token }, disableBc: true, maxBackoffTime: 4000 });
    r = { doc, provider, users: 0 };
    open.set(sessionId, r);
  }
  r.users += 1;
  let released = false;
  return {
    doc: r.doc,
    provider: r.provider,
    release() {
      if (released) return;
      released = true;
      r.users -= 1;
      if (r.users === 0) {
        open.delete(sessionId);
        r.provider.destroy();
        r.doc.destroy();
      }
    },
  };
}

// a refreshed room token is used by the next (re)connect
export function applyToken(provider, token) {
  if (provider && token && provider.params.token !== token) {
    provider.params.token = token;
    if (!provider.wsconnected && provider.shouldConnect) provider.connect();
  }
}

// what the room has on screen: "code" or "whiteboard" (the document's meta.view, shared by everyone)
export const VIEWS = ["code", "whiteboard"];
export const viewOf = (meta) => (VIEWS.includes(meta.get("view")) ? meta.get("view") : "code");
