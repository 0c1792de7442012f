// The whiteboard's Yjs binding: the document's `whiteboard` Y.Map holds element id -> Excalidraw element (plain
// JSON). Local changes are written for elements whose version is newer than the map's (at once, then at most every
// 50 ms while a drag goes on); remote changes are merged into the scene with Excalidraw's own
// reconcileElements (higher version wins, ties by versionNonce; the element you are editing stays yours).
// Elements the server would refuse (type, size) are never written: one refused write would loop the reconnects.
import { reconcileElements, restoreElements, CaptureUpdateAction } from "@excalidraw/excalidraw";

const WRITE_EVERY_MS = 50;
const POINTER_EVERY_MS = 50;
const SAFE_COLOR = /^#[0-9a-fA-F]{6}$/;
const num = (v) => (typeof v === "number" && Number.isFinite(v) ? v : null);

// the board's elements as a scene (deleted ones included: they carry the deletion's version)
export function boardElements(map) {
  return restoreElements(Array.from(map.values()).filter((v) => v && typeof v === "object" && typeof v.id === "string"),
                         null, { repairBindings: true });
}

export class BoardBinding {
  constructor(doc, awareness, api, { types, maxBytes, readOnly }) {
    Object.assign(this, { doc, awareness, api, types: new Set(types), maxBytes, readOnly });
    this.map = doc.getMap("whiteboard");
    this.pending = null;
    this.timer = null;
    this.lastPointer = 0;
    this.lastWrite = -Infinity;
    this.onMap = (_event, tx) => { if (tx.origin !== this) this.pull(); };
    this.map.observe(this.onMap);
    this.onAwareness = () => this.showPointers();
    awareness.on("change", this.onAwareness);
    this.pull();
  }

  pull() {
    const local = this.api.getSceneElementsIncludingDeleted();
    const merged = reconcileElements(local, boardElements(this.map), this.api.getAppState());
    this.api.updateScene({ elements: merged, captureUpdate: CaptureUpdateAction.NEVER });
  }

  // Excalidraw's onChange: remember the newest scene, write it at most every WRITE_EVERY_MS
  changed(elements) {
    if (this.readOnly) return;
    this.pending = elements;
    if (this.timer) return;
    const wait = this.lastWrite + WRITE_EVERY_MS - performance.now();
    if (wait <= 0) this.flush();
    else this.timer = setTimeout(() => this.flush(), wait);
  }

  flush() {
    clearTimeout(this.timer);
    this.timer = null;
    const elements = this.pending;
    this.pending = null;
    if (!elements) return;
    this.lastWrite = performance.now();
    const writes = [];
    for (const el of elements) {
      const had = this.map.get(el.id);
      if (had && had.version >= el.version) continue;
      if (!this.types.has(el.type)) continue;
      const json = JSON.stringify(el);
      if (new TextEncoder().encode(json).length > this.maxBytes) continue;
      writes.push(JSON.parse(json));
    }
    if (writes.length) this.doc.transact(() => { for (const el of writes) this.map.set(el.id, el); }, this);
  }

  // Excalidraw's onPointerUpdate: where I am on the board, for the others
  pointer({ pointer, button }) {
    const now = performance.now();
    if (now - this.lastPointer < POINTER_EVERY_MS) return;
    this.lastPointer = now;
    this.awareness.setLocalStateField("pointer", { x: pointer.x, y: pointer.y, tool: pointer.tool === "laser" ? "laser" : "pointer",
                                                   button: button === "down" ? "down" : "up" });
  }

  showPointers() {
    const collaborators = new Map();
    this.awareness.getStates().forEach((state, id) => {
      if (id === this.doc.clientID || !state || !state.pointer || !state.user) return;
      const x = num(state.pointer.x), y = num(state.pointer.y);
      if (x === null || y === null) return;
      const color = SAFE_COLOR.test(state.user.color) ? state.user.color : "#8e44ad";
      collaborators.set(String(id), { id: String(id), username: String(state.user.name || "").slice(0, 40),
        pointer: { x, y, tool: state.pointer.tool === "laser" ? "laser" : "pointer" },
        button: state.pointer.button === "down" ? "down" : "up", color: { background: color, stroke: color } });
    });
    this.api.updateScene({ collaborators });
  }

  destroy() {
    this.flush();
    this.map.unobserve(this.onMap);
    this.awareness.off("change", this.onAwareness);
    this.awareness.setLocalStateField("pointer", null);
  }
}
