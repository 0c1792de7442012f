// The built-in call: peer-to-peer WebRTC between the room's members (up to 6), signalled over /rtc/{id}?token=.
// A full mesh: one RTCPeerConnection per pair, each with one audio and one video transceiver (a sender may carry
// no track: an observer joins with camera and microphone off and turns them on without renegotiating).
// "Perfect negotiation" per pair (the server says who is polite: the higher peer id) so both can join at once
// without glare; a fresh connection whenever the other side (re)joins; ICE restart when the path fails.
import React, { useCallback, useEffect, useRef, useState } from "react";
import env from "$/env.json";
import { getBackendURL } from "$/utils/state"; // the page's own host, as Reflex's socket uses

const btn = { padding: "4px 10px", borderRadius: 6, border: "1px solid var(--gray-7)", background: "var(--gray-2)",
              color: "var(--gray-12)", cursor: "pointer", fontSize: 13 };
const KINDS = ["audio", "video"];
const MESH_SMALL = 4;
const MESH_VIDEO = { maxBitrate: 300000, maxFramerate: 15, scaleResolutionDownBy: 2 };
const ROLE_LABEL = { host: "host", participant: "candidate", interviewer: "interviewer", observer: "observer" };

// Record the call as the host hears and sees it: the remote videos that have frames (or the shared screen / own
// camera when alone) tiled onto a canvas, remote and own audio mixed; uploaded in 2 s chunks while recording.
function startRecorder(sessionId, getVideos, streams, onError) {
  const api = (p) => new URL(p, getBackendURL(env.PING)).href;
  const mime = ["video/webm;codecs=vp8,opus", "video/webm"].find((m) => MediaRecorder.isTypeSupported(m)) || "video/webm";
  const canvas = document.createElement("canvas");
  canvas.width = 640; canvas.height = 480;
  const g = canvas.getContext("2d");
  const draw = setInterval(() => {
    const videos = getVideos().filter((v) => v && v.videoWidth);
    g.fillStyle = "#111"; g.fillRect(0, 0, 640, 480);
    const cols = Math.ceil(Math.sqrt(videos.length)), rows = Math.ceil(videos.length / cols);
    videos.forEach((v, i) => g.drawImage(v, (i % cols) * 640 / cols, Math.floor(i / cols) * 480 / rows, 640 / cols, 480 / rows));
  }, 40);
  const audio = new AudioContext();
  const mix = audio.createMediaStreamDestination();
  streams.filter((x) => x && x.getAudioTracks().length).forEach((x) => audio.createMediaStreamSource(x).connect(mix));
  const stream = new MediaStream([...canvas.captureStream(25).getVideoTracks(), ...mix.stream.getAudioTracks()]);
  const rec = { id: null, seq: 0, chain: null, recorder: new MediaRecorder(stream, { mimeType: mime }) };
  const post = (path, body, json) => fetch(api(path), {
    method: "POST", credentials: "include", body,
    headers: json ? { "content-type": "application/json" } : { "content-type": "application/octet-stream" },
  }).then((r) => (r.ok ? r.json() : r.json().then((e) => Promise.reject(new Error(e.detail || r.status)))));
  rec.chain = post(`/api/sessions/${sessionId}/recordings`, JSON.stringify({ mime_type: mime }), true)
    .then((r) => { rec.id = r.id; });
  rec.recorder.ondataavailable = (e) => {
    if (!e.data || !e.data.size) return;
    const n = rec.seq++;
    rec.chain = rec.chain.then(() => post(`/api/sessions/${sessionId}/recordings/${rec.id}/chunks?seq=${n}`, e.data))
      .catch((err) => onError(`Recording upload failed: ${err.message}`));
  };
  rec.stop = () => new Promise((resolve) => {
    rec.recorder.onstop = () => {
      clearInterval(draw); audio.close();
      rec.chain.then(() => post(`/api/sessions/${sessionId}/recordings/${rec.id}/finish`, "{}", true))
        .catch((err) => onError(`Recording could not be finished: ${err.message}`)).finally(resolve);
    };
    rec.recorder.stop();
  });
  rec.recorder.start(2000);
  return rec;
}

const tile = { position: "relative", background: "#111", borderRadius: 8, overflow: "hidden", minWidth: 0,
               aspectRatio: "4 / 3", outline: "2px solid transparent", outlineOffset: -2 };
const tag = { position: "absolute", left: 6, bottom: 6, color: "#fff", background: "rgba(0,0,0,.55)", borderRadius: 4,
              padding: "0 6px", fontSize: 12, maxWidth: "calc(100% - 12px)", overflow: "hidden", textOverflow: "ellipsis",
              whiteSpace: "nowrap", zIndex: 1 };
const notice = { position: "absolute", inset: 0, display: "flex", alignItems: "center", justifyContent: "center",
                 textAlign: "center", padding: 12, color: "#ddd", fontSize: 13, background: "#111" };
const talking = { outline: "2px solid var(--green-9)" };
const fill = { width: "100%", height: "100%", objectFit: "cover" };

// One remote person: their video (muted: muted video may always autoplay) and their sound through an <audio>
// element, which browsers may block until the user interacts. The name is text, never markup.
function RemoteTile({ peer, speaking, onSound }) {
  const video = useRef(null);
  const audio = useRef(null);
  useEffect(() => {
    if (video.current) { video.current.srcObject = peer.stream; video.current.play().catch(() => {}); }
    if (audio.current) {
      audio.current.srcObject = peer.stream;
      if (peer.stream) audio.current.play().then(() => onSound(peer.id, true)).catch(() => onSound(peer.id, false));
    }
  }, [peer.stream]); // eslint-disable-line react-hooks/exhaustive-deps
  const name = peer.name || "Guest";
  const talks = speaking && !peer.muted;
  return (
    <div role="group" aria-label={`${name} (${ROLE_LABEL[peer.role] || peer.role})`} style={{ ...tile, ...(talks ? talking : {}) }}
         data-peer-tile="" data-peer-id={peer.id} data-peer-name={name} data-speaking={talks} data-muted={peer.muted}
         data-camera-off={peer.cameraOff}>
      <audio ref={audio} autoPlay />
      <video ref={video} autoPlay playsInline muted data-remote="" aria-label="Remote video" style={fill} />
      {!peer.stream && <div style={notice}>Connecting…</div>}
      {peer.stream && peer.cameraOff && <div style={notice}>Camera off</div>}
      {(peer.muted || peer.cameraOff) && (
        <div style={{ ...tag, bottom: "auto", top: 6 }} aria-label={`Remote media state: ${name}`}>
          {peer.muted ? "🔇 muted " : ""}{peer.cameraOff ? "📷 camera off" : ""}
        </div>
      )}
      {talks && <div style={{ ...tag, left: "auto", bottom: "auto", top: 6, right: 6 }} aria-label={`Other person speaking: ${name}`}>🔊 speaking</div>}
      <div style={tag}>{name} · {ROLE_LABEL[peer.role] || peer.role}</div>
    </div>
  );
}

export default function Call({ sessionId, token, role, onRecorded }) {
  const observer = role === "observer"; // joins with camera and microphone off, may turn them on
  const [local, setLocal] = useState(null);
  const [mediaAsked, setMediaAsked] = useState(observer); // signalling starts once our own media was asked for
  const [mediaError, setMediaError] = useState("");
  const [muted, setMuted] = useState(observer);
  const [cameraOff, setCameraOff] = useState(observer);
  const [sharing, setSharing] = useState(false);
  const [peers, setPeers] = useState([]);
  const [socket, setSocket] = useState("connecting");
  const [recording, setRecording] = useState(false);
  const localVideo = useRef(null);
  const root = useRef(null);
  const [blocked, setBlocked] = useState({}); // peer id -> sound blocked by the browser
  const [devices, setDevices] = useState({ audio: [], video: [] });
  const [chosen, setChosen] = useState({ audio: "", video: "" });
  const [speaking, setSpeaking] = useState({}); // peer id (or "local") -> speaking now
  const s = useRef({ peers: new Map(), local: null, muted: observer, cameraOff: observer });
  const tokenRef = useRef(token);
  tokenRef.current = token; // a refreshed token is used by the next reconnect; it must not restart the call

  const render = useCallback(() => {
    setPeers([...s.current.peers.values()].map(({ id, name, role: r, stream, muted: m, cameraOff: c, recording: rec, status }) =>
      ({ id, name, role: r, stream, muted: m, cameraOff: c, recording: rec, status })));
  }, []);
  const keepLocal = (stream) => { s.current.local = stream; setLocal(stream); };

  // local camera + microphone, once (an observer asks only when turning one on)
  useEffect(() => {
    performance.mark("parley:call-mounted"); // marks time the join for benchmarks and diagnostics
    if (observer) return undefined;
    let stream = null, cancelled = false;
    navigator.mediaDevices.getUserMedia({ audio: true, video: { width: 640, height: 480 } })
      .then((m) => { if (cancelled) { m.getTracks().forEach((t) => t.stop()); return; } stream = m; performance.mark("parley:call-media"); keepLocal(m); })
      .catch((e) => setMediaError(e && e.name === "NotAllowedError"
        ? "Camera and microphone are blocked for this site: allow them in the browser to be seen and heard."
        : e && e.name === "NotFoundError" ? "No camera or microphone found: you can still see and hear the others."
        : `Camera and microphone unavailable (${(e && e.name) || e}).`))
      .finally(() => { if (!cancelled) setMediaAsked(true); });
    return () => { cancelled = true; stream && stream.getTracks().forEach((t) => t.stop()); };
  }, []); // eslint-disable-line react-hooks/exhaustive-deps

  useEffect(() => { if (localVideo.current) localVideo.current.srcObject = local; }, [local]);

  // microphones and cameras to pick from (labels are known once the user allowed media)
  useEffect(() => {
    if (!local || !navigator.mediaDevices.enumerateDevices) return undefined;
    const load = () => navigator.mediaDevices.enumerateDevices().then((all) => {
      setDevices({ audio: all.filter((d) => d.kind === "audioinput"), video: all.filter((d) => d.kind === "videoinput") });
      const id = (t) => (t && t.getSettings().deviceId) || "";
      setChosen({ audio: id(local.getAudioTracks()[0]), video: id(local.getVideoTracks()[0]) });
    });
    load();
    navigator.mediaDevices.addEventListener("devicechange", load);
    return () => navigator.mediaDevices.removeEventListener("devicechange", load);
  }, [local]);

  // Speaking: audio levels from WebRTC stats (each peer's inbound audio, our own microphone), held briefly so the
  // indicator does not flicker between syllables. No AudioContext: it may not start before a click.
  useEffect(() => {
    const heard = {};
    const timer = setInterval(async () => {
      const now = Date.now();
      const live = [...s.current.peers.values()].filter((p) => p.pc);
      await Promise.all(live.map(async (p) => {
        try {
          (await p.pc.getStats()).forEach((r) => {
            if (r.kind !== "audio" || typeof r.audioLevel !== "number" || r.audioLevel < 0.02) return;
            if (r.type === "inbound-rtp") heard[p.id] = now;
            if (r.type === "media-source" && !s.current.muted) heard.local = now;
          });
        } catch (e) { /* closed meanwhile */ }
      }));
      const next = {};
      [...live.map((p) => p.id), "local"].forEach((id) => { if (now - (heard[id] || 0) < 700) next[id] = true; });
      setSpeaking((x) => (JSON.stringify(x) === JSON.stringify(next) ? x : next));
    }, 250);
    return () => clearInterval(timer);
  }, []);

  const send = useCallback((data) => {
    const ws = s.current.ws;
    if (ws && ws.readyState === WebSocket.OPEN) ws.send(JSON.stringify(data));
  }, []);
  // our media state, to one peer (`to`) or everyone
  const sendState = useCallback((to) => {
    const st = s.current;
    send({ ...(to ? { to } : {}), state: { muted: st.muted, cameraOff: st.cameraOff, recording: !!st.recorder } });
  }, [send]);

  // What each sender carries: the shared screen or the camera, the microphone; null while we have none.
  const trackFor = (kind) => {
    const st = s.current;
    if (kind === "video" && st.screenTrack) return st.screenTrack;
    return (st.local && st.local.getTracks().find((t) => t.kind === kind)) || null;
  };
  const senderOf = (pc, kind) => {
    const t = pc.getTransceivers().find((x) => !x.stopped && x.receiver.track && x.receiver.track.kind === kind);
    return t ? t.sender : null;
  };
  // A mesh encodes the camera once per peer: from MESH_SMALL people on, each camera goes out at half size and 15 fps
  // (a shared screen keeps its size), so six people's 30 encodes and 30 decodes fit a laptop. Sent once negotiated.
  const fitSenders = () => {
    const st = s.current;
    const small = st.peers.size + 1 >= MESH_SMALL;
    st.peers.forEach((p) => {
      const sender = p.pc && senderOf(p.pc, "video");
      if (!sender) return;
      const params = sender.getParameters();
      const enc = params.encodings && params.encodings[0];
      if (!enc) return;
      const screen = !!sender.track && sender.track === st.screenTrack;
      const want = small && !screen ? MESH_VIDEO : {};
      if (Object.keys(MESH_VIDEO).every((k) => enc[k] === want[k])) return;
      Object.keys(MESH_VIDEO).forEach((k) => { if (k in want) enc[k] = want[k]; else delete enc[k]; });
      sender.setParameters(params).catch(() => {});
    });
  };
  // Every connection's senders follow the current tracks: replaceTrack needs no renegotiation.
  const applyTracks = useCallback(async (only) => {
    const pcs = only ? [only] : [...s.current.peers.values()].map((p) => p.pc).filter(Boolean);
    await Promise.all(pcs.flatMap((pc) => KINDS.map((kind) => {
      const sender = senderOf(pc, kind), track = trackFor(kind);
      return sender && sender.track !== track ? sender.replaceTrack(track).catch(() => {}) : null;
    })));
    fitSenders();
  }, []); // eslint-disable-line react-hooks/exhaustive-deps

  // signalling + one peer connection per other person
  useEffect(() => {
    if (!sessionId || !token || !mediaAsked) return undefined;
    const st = s.current;
    let stopped = false, retry = 0, timer = null;

    const newPc = (p) => {
      if (p.pc) p.pc.close();
      const pc = new RTCPeerConnection({ iceServers: st.iceServers || [] });
      p.pc = pc; p.makingOffer = false; p.ignoreOffer = false; p.stream = null; p.status = "new";
      const to = p.id;
      pc.onnegotiationneeded = async () => {
        try {
          p.makingOffer = true;
          await pc.setLocalDescription();
          send({ to, description: pc.localDescription });
        } catch (e) { console.warn("negotiation", e); } finally { p.makingOffer = false; }
      };
      pc.onicecandidate = ({ candidate }) => candidate && send({ to, candidate });
      pc.ontrack = ({ track }) => {
        if (p.pc !== pc) return;
        const kept = p.stream ? p.stream.getTracks().filter((t) => t.kind !== track.kind) : [];
        p.stream = new MediaStream([...kept, track]);
        render();
      };
      pc.oniceconnectionstatechange = () => {
        if (pc.iceConnectionState === "failed") pc.restartIce();
        if (p.pc === pc) { p.status = pc.iceConnectionState; render(); }
        if (pc.iceConnectionState === "connected") fitSenders(); // everyone's senders: the mesh may have grown
      };
      // Watchdog: a path that is not up within a few seconds (a lost candidate, a network change) gets an ICE
      // restart from the impolite side, which renegotiates with fresh candidates; bounded attempts.
      let attempts = 0;
      const watchdog = setInterval(() => {
        if (p.pc !== pc || pc.connectionState === "closed") { clearInterval(watchdog); return; }
        const up = pc.iceConnectionState === "connected" || pc.iceConnectionState === "completed";
        if (up) { attempts = 0; return; }
        if (!p.polite && pc.signalingState === "stable" && attempts < 5) { attempts += 1; pc.restartIce(); }
      }, 4000);
      return pc;
    };

    // A peer (re)joined: the impolite side of the pair starts a fresh connection and offers; the polite side drops
    // its old one and builds the next from that offer. One offerer per (re)join, so a reload never meets glare.
    const peerJoined = (info) => {
      const p = st.peers.get(info.id) || { id: info.id, chain: Promise.resolve() };
      const quiet = info.role === "observer"; // until their state says otherwise
      Object.assign(p, { name: info.name, role: info.role, polite: info.polite, muted: quiet, cameraOff: quiet, recording: false });
      st.peers.set(p.id, p);
      if (p.pc) p.pc.close();
      p.pc = null; p.stream = null; p.status = "new";
      if (!p.polite) {
        const pc = newPc(p);
        KINDS.forEach((kind) => pc.addTransceiver(trackFor(kind) || kind, { direction: "sendrecv" }));
      }
      sendState(p.id);
      render();
    };
    const peerLeft = (id) => {
      const p = st.peers.get(id);
      if (!p) return;
      if (p.pc) p.pc.close();
      st.peers.delete(id);
      fitSenders();
      render();
    };

    const onSignal = async (p, data) => {
      if (data.state) {
        Object.assign(p, { muted: !!data.state.muted, cameraOff: !!data.state.cameraOff, recording: !!data.state.recording });
        render();
        return;
      }
      let pc = p.pc;
      try {
        if (data.description) {
          if (!pc && data.description.type === "offer") { // the polite side answers with media on both kinds
            pc = newPc(p);
            await pc.setRemoteDescription(data.description);
            pc.getTransceivers().forEach((t) => { t.direction = "sendrecv"; });
            await applyTracks(pc);
            await pc.setLocalDescription();
            send({ to: p.id, description: pc.localDescription });
            return;
          }
          if (!pc) return;
          const collision = data.description.type === "offer" && (p.makingOffer || pc.signalingState !== "stable");
          p.ignoreOffer = !p.polite && collision;
          if (p.ignoreOffer) return;
          await pc.setRemoteDescription(data.description);
          if (data.description.type === "offer") {
            await pc.setLocalDescription();
            send({ to: p.id, description: pc.localDescription });
          }
        } else if (data.candidate && pc) {
          try { await pc.addIceCandidate(data.candidate); } catch (e) { if (!p.ignoreOffer) throw e; }
        }
      } catch (e) { console.warn("signal", e); }
    };

    const open = () => {
      const url = new URL(`/rtc/${encodeURIComponent(sessionId)}`, getBackendURL(env.PING));
      url.protocol = url.protocol.replace("http", "ws");
      url.searchParams.set("token", tokenRef.current);
      const ws = new WebSocket(url.href);
      st.ws = ws;
      ws.onmessage = (m) => {
        let msg;
        try { msg = JSON.parse(m.data); } catch { return; }
        if (msg.type === "config") {
          st.iceServers = msg.ice_servers;
          const here = new Set((msg.peers || []).map((x) => x.id));
          [...st.peers.keys()].filter((id) => !here.has(id)).forEach(peerLeft); // gone while we were away
          (msg.peers || []).forEach(peerJoined);
        } else if (msg.type === "peer" && typeof msg.id === "string") {
          if (msg.present) peerJoined(msg); else peerLeft(msg.id);
        } else if (msg.type === "signal" && msg.data && typeof msg.data === "object") {
          const p = st.peers.get(msg.from);
          if (p) p.chain = p.chain.then(() => onSignal(p, msg.data)); // one message at a time, in order
        } else if (msg.type === "error") {
          console.warn("call signalling", msg.detail);
        }
      };
      ws.onopen = () => { performance.mark("parley:call-signalling"); retry = 0; setSocket("open"); };
      ws.onclose = (e) => {
        if (stopped || [4403, 4404, 4409, 4410, 4423].includes(e.code)) { if (e.code === 4423) setSocket("full"); return; }
        setSocket("reconnecting");
        timer = setTimeout(open, Math.min(4000, 250 * 2 ** retry++));
      };
    };
    open();
    // The network changed (Wi-Fi to cable, VPN, back online): the impolite sides restart ICE at once instead of
    // waiting for the old paths to time out.
    const onNetwork = () => st.peers.forEach((p) => {
      if (!p.polite && p.pc && p.pc.signalingState === "stable") p.pc.restartIce();
    });
    window.addEventListener("online", onNetwork);
    const connection = navigator.connection;
    connection && connection.addEventListener && connection.addEventListener("change", onNetwork);
    // for tests and diagnostics: inbound media counters, in all and per peer
    const counters = async (pc) => {
      const out = { framesDecoded: 0, audioPackets: 0, frameWidth: 0 };
      if (!pc) return out;
      (await pc.getStats()).forEach((r) => {
        if (r.type !== "inbound-rtp") return;
        if (r.kind === "video") { out.framesDecoded += r.framesDecoded || 0; out.frameWidth = Math.max(out.frameWidth, r.frameWidth || 0); }
        if (r.kind === "audio") out.audioPackets += r.packetsReceived || 0;
      });
      return out;
    };
    window.__parleyCall = {
      async inbound() {
        const all = await Promise.all([...st.peers.values()].map((p) => counters(p.pc)));
        return all.reduce((a, b) => ({ framesDecoded: a.framesDecoded + b.framesDecoded, audioPackets: a.audioPackets + b.audioPackets,
                                       frameWidth: Math.max(a.frameWidth, b.frameWidth) }), { framesDecoded: 0, audioPackets: 0, frameWidth: 0 });
      },
      // how our camera goes out to each peer (the mesh's size decides: see fitSenders)
      sending() {
        return [...st.peers.values()].map((p) => {
          const sender = p.pc && senderOf(p.pc, "video");
          const enc = sender && sender.getParameters().encodings && sender.getParameters().encodings[0];
          return { name: p.name, scale: enc ? enc.scaleResolutionDownBy || 1 : null, fps: enc ? enc.maxFramerate || null : null };
        });
      },
      async peers() {
        return Promise.all([...st.peers.values()].map(async (p) => ({ id: p.id, name: p.name, role: p.role, status: p.status,
                                                                     connection: p.pc ? p.pc.connectionState : null, ...(await counters(p.pc)) })));
      },
    };
    return () => {
      stopped = true; clearTimeout(timer);
      window.removeEventListener("online", onNetwork);
      connection && connection.removeEventListener && connection.removeEventListener("change", onNetwork);
      st.ws && st.ws.close();
      st.peers.forEach((p) => p.pc && p.pc.close());
      st.peers.clear();
      render();
    };
  }, [sessionId, !!token, mediaAsked, send, sendState, render, applyTracks]); // eslint-disable-line react-hooks/exhaustive-deps

  // An observer (or anyone whose device failed) asks for a microphone or camera when turning it on.
  const acquire = async (kind) => {
    try {
      const m = await navigator.mediaDevices.getUserMedia(kind === "audio" ? { audio: true } : { video: { width: 640, height: 480 } });
      keepLocal(new MediaStream([...(s.current.local ? s.current.local.getTracks() : []), ...m.getTracks()]));
      setMediaError("");
      await applyTracks();
      return true;
    } catch (e) {
      setMediaError(`The ${kind === "audio" ? "microphone" : "camera"} could not be opened (${(e && e.name) || e}).`);
      return false;
    }
  };
  const toggleMute = async () => {
    const next = !muted;
    if (!next && !(s.current.local && s.current.local.getAudioTracks().length) && !(await acquire("audio"))) return;
    s.current.local && s.current.local.getAudioTracks().forEach((t) => { t.enabled = !next; });
    s.current.muted = next; setMuted(next); sendState();
  };
  const toggleCamera = async () => {
    const next = !cameraOff;
    if (!next && !(s.current.local && s.current.local.getVideoTracks().length) && !(await acquire("video"))) return;
    s.current.local && s.current.local.getVideoTracks().forEach((t) => { t.enabled = !next; });
    s.current.cameraOff = next; setCameraOff(next); sendState();
  };
  // Switching device swaps the track inside the same local stream and on every sender: no renegotiation.
  const pickDevice = async (kind, deviceId) => {
    try {
      const constraints = kind === "audio" ? { audio: { deviceId: { exact: deviceId } } }
        : { video: { deviceId: { exact: deviceId }, width: 640, height: 480 } };
      const track = (await navigator.mediaDevices.getUserMedia(constraints)).getTracks()[0];
      track.enabled = kind === "audio" ? !s.current.muted : !s.current.cameraOff;
      const old = kind === "audio" ? local.getAudioTracks()[0] : local.getVideoTracks()[0];
      if (old) { local.removeTrack(old); old.stop(); }
      local.addTrack(track);
      await applyTracks();
      if (localVideo.current) localVideo.current.srcObject = local;
      setChosen((c) => ({ ...c, [kind]: deviceId }));
    } catch (e) { setMediaError(`That ${kind === "audio" ? "microphone" : "camera"} could not be opened (${(e && e.name) || e}).`); }
  };
  const stopShare = () => {
    const st = s.current;
    st.screenTrack && st.screenTrack.stop();
    st.screenTrack = null;
    applyTracks();
    setSharing(false);
  };
  const toggleShare = async () => {
    if (sharing) { stopShare(); return; }
    try {
      const display = await navigator.mediaDevices.getDisplayMedia({ video: true });
      const track = display.getVideoTracks()[0];
      s.current.screenTrack = track;
      track.onended = stopShare;
      await applyTracks();
      setSharing(true);
    } catch (e) { setMediaError(`Screen sharing was not started (${(e && e.name) || e}).`); }
  };

  const toggleRecording = async () => {
    const st = s.current;
    if (st.recorder) {
      const rec = st.recorder;
      st.recorder = null; setRecording(false); sendState();
      await rec.stop();
      onRecorded && onRecorded();
      return;
    }
    try {
      const remote = () => [...root.current.querySelectorAll("video[data-remote]")];
      st.recorder = startRecorder(sessionId, () => { const v = remote().filter((x) => x.videoWidth); return v.length ? v : [localVideo.current]; },
                                  [...[...st.peers.values()].map((p) => p.stream), st.local], setMediaError);
      setRecording(true); sendState();
    } catch (e) { st.recorder = null; setMediaError(`Recording could not start (${(e && e.name) || e}).`); }
  };
  const onSound = useCallback((id, ok) => setBlocked((b) => (!ok === !!b[id] ? b : { ...b, [id]: !ok })), []);
  const enableSound = () => root.current.querySelectorAll("audio").forEach((a) => a.play().then(() => setBlocked({})).catch(() => {}));

  const select = { ...btn, flex: 1, minWidth: 0, padding: "3px 4px" };
  const hasVideo = !!(local && local.getVideoTracks().length);
  const localNotice = !hasVideo && !sharing ? (observer || local ? "Your camera is off"
      : mediaError ? "No camera or microphone: the others can't see or hear you." : "Starting camera…")
    : cameraOff && !sharing ? "Your camera is off" : "";
  const up = (p) => p.status === "connected" || p.status === "completed";
  const status = socket !== "open" ? socket : !peers.length ? "waiting"
    : peers.every(up) ? "connected" : (peers.find((p) => !up(p)) || {}).status;
  const canUse = !!local || observer;
  const cols = peers.length + 1 <= 4 ? 2 : 3;
  const soundBlocked = peers.some((p) => blocked[p.id]);
  const remoteRecording = peers.some((p) => p.recording);
  return (
    <div ref={root} style={{ display: "flex", flexDirection: "column", gap: 6, width: "100%" }} data-call-status={status}>
      <div style={{ display: "grid", gridTemplateColumns: `repeat(${cols}, minmax(0, 1fr))`, gap: 6 }}>
        {peers.map((p) => <RemoteTile key={p.id} peer={p} speaking={!!speaking[p.id]} onSound={onSound} />)}
        {!peers.length && (
          <div style={tile}>
            <div style={notice}>{socket === "full" ? "The call is full." : "Waiting for the others to join…"}</div>
          </div>
        )}
        <div style={{ ...tile, ...(speaking.local && !muted ? talking : {}) }} data-speaking={!!speaking.local && !muted}>
          <video ref={localVideo} autoPlay playsInline muted aria-label="Your video" style={{ ...fill, transform: sharing ? "none" : "scaleX(-1)" }} />
          {localNotice && <div style={notice}>{localNotice}</div>}
          <div style={tag}>You{muted ? " · muted" : ""}{sharing ? " · sharing screen" : ""}</div>
        </div>
      </div>
      {soundBlocked && <button type="button" style={btn} onClick={enableSound}>Enable sound</button>}
      {mediaError && <div role="status" style={{ fontSize: 12, color: "var(--amber-11)" }}>{mediaError}</div>}
      <div style={{ display: "flex", gap: 6, flexWrap: "wrap" }}>
        <button type="button" style={btn} onClick={toggleMute} disabled={!canUse}>{muted ? "Unmute" : "Mute"}</button>
        <button type="button" style={btn} onClick={toggleCamera} disabled={!canUse}>{cameraOff ? "Turn camera on" : "Turn camera off"}</button>
        <button type="button" style={btn} onClick={toggleShare} disabled={!canUse}>{sharing ? "Stop sharing" : "Share screen"}</button>
        {role === "host" && (
          <button type="button" style={{ ...btn, color: recording ? "var(--red-11)" : btn.color }} onClick={toggleRecording}>
            {recording ? "Stop recording" : "Start recording"}
          </button>
        )}
        {(recording || remoteRecording) && (
          <span role="status" aria-label="Recording" style={{ color: "var(--red-11)", fontWeight: 600, fontSize: 13, alignSelf: "center" }}>● Recording</span>
        )}
      </div>
      <div style={{ display: "flex", gap: 6 }}>
        {devices.audio.length > 0 && (
          <select aria-label="Microphone" style={select} value={chosen.audio} onChange={(e) => pickDevice("audio", e.target.value)}>
            {devices.audio.map((d, i) => <option key={d.deviceId} value={d.deviceId}>{d.label || `Microphone ${i + 1}`}</option>)}
          </select>
        )}
        {devices.video.length > 0 && (
          <select aria-label="Camera" style={select} value={chosen.video} onChange={(e) => pickDevice("video", e.target.value)}>
            {devices.video.map((d, i) => <option key={d.deviceId} value={d.deviceId}>{d.label || `Camera ${i + 1}`}</option>)}
          </select>
        )}
      </div>
    </div>
  );
}
