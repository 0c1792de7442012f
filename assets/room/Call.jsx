// The built-in call: peer-to-peer WebRTC between the room's two members, signalled over /rtc/{id}?token=.
// "Perfect negotiation" (the participant is the polite peer) so both can join at once without glare; a fresh
// peer connection whenever the other side (re)joins; ICE restart when the network path fails.
import React, { useCallback, useEffect, useRef, useState } from "react";
import env from "$/env.json";
import { getBackendURL } from "$/utils/state"; // the page's own host, as Reflex's socket uses

const btn = { padding: "4px 10px", borderRadius: 6, border: "1px solid var(--gray-7)", background: "var(--gray-2)",
              color: "var(--gray-12)", cursor: "pointer", fontSize: 13 };

// Record the call as the host hears and sees it: remote video (or the shared screen / own camera when alone)
// drawn onto a canvas, remote and own audio mixed; uploaded in 2 s chunks while recording.
function startRecorder(sessionId, getVideo, streams, onError) {
  const api = (p) => new URL(p, getBackendURL(env.PING)).href;
  const mime = ["video/webm;codecs=vp8,opus", "video/webm"].find((m) => MediaRecorder.isTypeSupported(m)) || "video/webm";
  const canvas = document.createElement("canvas");
  canvas.width = 640; canvas.height = 480;
  const g = canvas.getContext("2d");
  const draw = setInterval(() => {
    const v = getVideo();
    g.fillStyle = "#111"; g.fillRect(0, 0, 640, 480);
    if (v && v.videoWidth) g.drawImage(v, 0, 0, 640, 480);
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

export default function Call({ sessionId, token, role, onRecorded }) {
  const [local, setLocal] = useState(null);
  const [mediaError, setMediaError] = useState("");
  const [muted, setMuted] = useState(false);
  const [cameraOff, setCameraOff] = useState(false);
  const [sharing, setSharing] = useState(false);
  const [peer, setPeer] = useState(false);
  const [remote, setRemote] = useState({ stream: null, muted: false, cameraOff: false });
  const [status, setStatus] = useState("connecting");
  const [recording, setRecording] = useState(false);
  const [remoteRecording, setRemoteRecording] = useState(false);
  const localVideo = useRef(null);
  const remoteVideo = useRef(null);
  const remoteAudio = useRef(null);
  const [soundBlocked, setSoundBlocked] = useState(false);
  const [devices, setDevices] = useState({ audio: [], video: [] });
  const [chosen, setChosen] = useState({ audio: "", video: "" });
  const [speaking, setSpeaking] = useState({ remote: false, local: false });
  const s = useRef({});
  const tokenRef = useRef(token);
  tokenRef.current = token; // a refreshed token is used by the next reconnect; it must not restart the call

  // local camera + microphone, once
  useEffect(() => {
    performance.mark("parley:call-mounted"); // marks time the join for benchmarks and diagnostics
    let stream = null, cancelled = false;
    navigator.mediaDevices.getUserMedia({ audio: true, video: { width: 640, height: 480 } })
      .then((m) => { if (cancelled) { m.getTracks().forEach((t) => t.stop()); return; } stream = m; performance.mark("parley:call-media"); setLocal(m); })
      .catch((e) => setMediaError(e && e.name === "NotAllowedError"
        ? "Camera and microphone are blocked for this site: allow them in the browser to be seen and heard."
        : e && e.name === "NotFoundError" ? "No camera or microphone found: you can still see and hear the other person."
        : `Camera and microphone unavailable (${(e && e.name) || e}).`));
    return () => { cancelled = true; stream && stream.getTracks().forEach((t) => t.stop()); };
  }, []);

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

  // Speaking: audio levels from WebRTC stats (the other side's inbound audio, our own microphone), held briefly
  // so the indicator does not flicker between syllables. No AudioContext: it may not start before a click.
  useEffect(() => {
    const heard = { remote: 0, local: 0 };
    const timer = setInterval(async () => {
      const pc = s.current.pc;
      if (!pc) { setSpeaking((x) => (x.remote || x.local ? { remote: false, local: false } : x)); return; }
      const now = Date.now();
      (await pc.getStats()).forEach((r) => {
        if (r.kind !== "audio" || typeof r.audioLevel !== "number" || r.audioLevel < 0.02) return;
        if (r.type === "inbound-rtp") heard.remote = now;
        if (r.type === "media-source" && !s.current.muted) heard.local = now;
      });
      const next = { remote: now - heard.remote < 700, local: now - heard.local < 700 };
      setSpeaking((x) => (x.remote === next.remote && x.local === next.local ? x : next));
    }, 200);
    return () => clearInterval(timer);
  }, []);
  // The video element stays muted (muted video may always autoplay); sound plays through an <audio> element,
  // which browsers may block until the user interacts: then a button says so.
  useEffect(() => {
    if (remoteVideo.current) { remoteVideo.current.srcObject = remote.stream; remoteVideo.current.play().catch(() => {}); }
    if (remoteAudio.current) {
      remoteAudio.current.srcObject = remote.stream;
      if (remote.stream) remoteAudio.current.play().then(() => setSoundBlocked(false)).catch(() => setSoundBlocked(true));
    }
  }, [remote.stream]);

  const send = useCallback((data) => {
    const ws = s.current.ws;
    if (ws && ws.readyState === WebSocket.OPEN) ws.send(JSON.stringify(data));
  }, []);

  const sendState = useCallback(() => send({ state: { muted: s.current.muted, cameraOff: s.current.cameraOff,
                                                      recording: !!s.current.recorder } }), [send]);

  // signalling + peer connection
  useEffect(() => {
    if (!sessionId || !token || (!local && !mediaError)) return undefined;
    const st = s.current;
    let stopped = false, retry = 0, timer = null;
    st.muted = false; st.cameraOff = false;

    // Media goes on a connection after any offer it answers was applied: tracks added before would make the
    // polite side offer too, and Chromium loses the ICE candidates of an offer that is rolled back.
    const attachMedia = (pc) => {
      if (local) local.getTracks().forEach((t) => pc.addTrack(t, local));
      else if (!pc.getTransceivers().length) {
        pc.addTransceiver("audio", { direction: "recvonly" });
        pc.addTransceiver("video", { direction: "recvonly" });
      }
      if (st.screenTrack) {
        const sender = pc.getSenders().find((x) => x.track && x.track.kind === "video");
        sender && sender.replaceTrack(st.screenTrack);
      }
    };

    const newPc = () => {
      if (st.pc) st.pc.close();
      const pc = new RTCPeerConnection({ iceServers: st.iceServers || [] });
      st.pc = pc; st.makingOffer = false; st.ignoreOffer = false;
      pc.onnegotiationneeded = async () => {
        try {
          st.makingOffer = true;
          await pc.setLocalDescription();
          send({ description: pc.localDescription });
        } catch (e) { console.warn("negotiation", e); } finally { st.makingOffer = false; }
      };
      pc.onicecandidate = ({ candidate }) => candidate && send({ candidate });
      pc.ontrack = ({ track, streams }) => {
        const stream = streams[0] || new MediaStream([track]);
        setRemote((r) => ({ ...r, stream }));
      };
      pc.oniceconnectionstatechange = () => {
        if (pc.iceConnectionState === "failed") pc.restartIce();
        setStatus(pc.iceConnectionState);
      };
      // Watchdog: a path that is not up within a few seconds (a lost candidate, a network change) gets an ICE
      // restart from the impolite side, which renegotiates with fresh candidates; bounded attempts.
      let attempts = 0;
      const watchdog = setInterval(() => {
        if (st.pc !== pc || pc.connectionState === "closed") { clearInterval(watchdog); return; }
        const up = pc.iceConnectionState === "connected" || pc.iceConnectionState === "completed";
        if (up) { attempts = 0; return; }
        if (!st.polite && pc.signalingState === "stable" && attempts < 5) { attempts += 1; pc.restartIce(); }
      }, 4000);
      return pc;
    };

    // A peer (re)joined: the impolite side starts a fresh connection and offers; the polite side drops its old
    // one and builds the next from that offer. One offerer per (re)join, so a reload never meets glare.
    const peerJoined = () => {
      if (st.polite) { if (st.pc) st.pc.close(); st.pc = null; return; }
      attachMedia(newPc());
    };

    const onSignal = async (data) => {
      if (data.state) {
        setRemote((r) => ({ ...r, muted: !!data.state.muted, cameraOff: !!data.state.cameraOff }));
        setRemoteRecording(!!data.state.recording);
        return;
      }
      let pc = st.pc;
      try {
        if (data.description) {
          if (!pc && data.description.type === "offer") {
            pc = newPc();
            await pc.setRemoteDescription(data.description);
            attachMedia(pc);
            await pc.setLocalDescription();
            send({ description: pc.localDescription });
            return;
          }
          if (!pc) return;
          const collision = data.description.type === "offer" && (st.makingOffer || pc.signalingState !== "stable");
          st.ignoreOffer = !st.polite && collision;
          if (st.ignoreOffer) return;
          await pc.setRemoteDescription(data.description);
          if (data.description.type === "offer") {
            await pc.setLocalDescription();
            send({ description: pc.localDescription });
          }
        } else if (data.candidate && pc) {
          try { await pc.addIceCandidate(data.candidate); } catch (e) { if (!st.ignoreOffer) throw e; }
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
        if (msg.type === "config") { st.iceServers = msg.ice_servers; st.polite = msg.polite; }
        else if (msg.type === "peer") {
          setPeer(msg.present);
          if (msg.present) { peerJoined(); sendState(); }
          else { if (st.pc) st.pc.close(); st.pc = null; setRemote({ stream: null, muted: false, cameraOff: false }); setStatus("waiting"); }
        } else if (msg.type === "signal") {
          st.chain = (st.chain || Promise.resolve()).then(() => onSignal(msg.data)); // one message at a time, in order
        }
      };
      ws.onopen = () => { performance.mark("parley:call-signalling"); retry = 0; setStatus("waiting"); };
      ws.onclose = (e) => {
        if (stopped || [4403, 4404, 4409, 4410].includes(e.code)) return;
        setStatus("reconnecting");
        timer = setTimeout(open, Math.min(4000, 250 * 2 ** retry++));
      };
    };
    open();
    // The network changed (Wi-Fi to cable, VPN, back online): the impolite side restarts ICE at once instead of
    // waiting for the old path to time out.
    const onNetwork = () => { if (!st.polite && st.pc && st.pc.signalingState === "stable") st.pc.restartIce(); };
    window.addEventListener("online", onNetwork);
    const connection = navigator.connection;
    connection && connection.addEventListener && connection.addEventListener("change", onNetwork);
    // for tests and diagnostics: inbound media counters of the current peer connection
    window.__parleyCall = {
      async inbound() {
        const out = { framesDecoded: 0, audioPackets: 0, frameWidth: 0 };
        if (!st.pc) return out;
        (await st.pc.getStats()).forEach((r) => {
          if (r.type !== "inbound-rtp") return;
          if (r.kind === "video") { out.framesDecoded += r.framesDecoded || 0; out.frameWidth = Math.max(out.frameWidth, r.frameWidth || 0); }
          if (r.kind === "audio") out.audioPackets += r.packetsReceived || 0;
        });
        return out;
      },
    };
    return () => {
      stopped = true; clearTimeout(timer);
      window.removeEventListener("online", onNetwork);
      connection && connection.removeEventListener && connection.removeEventListener("change", onNetwork);
      st.ws && st.ws.close();
      st.pc && st.pc.close(); st.pc = null;
    };
  }, [sessionId, !!token, local, mediaError, send, sendState]); // eslint-disable-line react-hooks/exhaustive-deps

  const toggleMute = () => {
    const next = !muted;
    local && local.getAudioTracks().forEach((t) => { t.enabled = !next; });
    s.current.muted = next; setMuted(next); sendState();
  };
  const toggleCamera = () => {
    const next = !cameraOff;
    local && local.getVideoTracks().forEach((t) => { t.enabled = !next; });
    s.current.cameraOff = next; setCameraOff(next); sendState();
  };
  // the sender of a kind, found through its transceiver (its track may be a stopped one being replaced)
  const senderOf = (kind) => {
    const pc = s.current.pc;
    const t = pc && pc.getTransceivers().find((x) => x.receiver.track && x.receiver.track.kind === kind && !x.stopped);
    return t ? t.sender : null;
  };
  const videoSender = () => senderOf("video");
  // Switching device swaps the track inside the same local stream and on the sender: no renegotiation.
  const pickDevice = async (kind, deviceId) => {
    try {
      const constraints = kind === "audio" ? { audio: { deviceId: { exact: deviceId } } }
        : { video: { deviceId: { exact: deviceId }, width: 640, height: 480 } };
      const track = (await navigator.mediaDevices.getUserMedia(constraints)).getTracks()[0];
      track.enabled = kind === "audio" ? !s.current.muted : !s.current.cameraOff;
      const old = kind === "audio" ? local.getAudioTracks()[0] : local.getVideoTracks()[0];
      if (old) { local.removeTrack(old); old.stop(); }
      local.addTrack(track);
      const sender = senderOf(kind);
      if (sender && !(kind === "video" && s.current.screenTrack)) await sender.replaceTrack(track);
      if (localVideo.current) localVideo.current.srcObject = local;
      setChosen((c) => ({ ...c, [kind]: deviceId }));
    } catch (e) { setMediaError(`That ${kind === "audio" ? "microphone" : "camera"} could not be opened (${(e && e.name) || e}).`); }
  };
  const stopShare = () => {
    const st = s.current;
    st.screenTrack && st.screenTrack.stop();
    st.screenTrack = null;
    const sender = videoSender();
    const cam = local && local.getVideoTracks()[0];
    sender && cam && sender.replaceTrack(cam);
    setSharing(false);
  };
  const toggleShare = async () => {
    if (sharing) { stopShare(); return; }
    try {
      const display = await navigator.mediaDevices.getDisplayMedia({ video: true });
      const track = display.getVideoTracks()[0];
      s.current.screenTrack = track;
      track.onended = stopShare;
      const sender = videoSender();
      sender && (await sender.replaceTrack(track));
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
      st.recorder = startRecorder(sessionId, () => (remote.stream ? remoteVideo.current : localVideo.current),
                                  [remote.stream, local], setMediaError);
      setRecording(true); sendState();
    } catch (e) { st.recorder = null; setMediaError(`Recording could not start (${(e && e.name) || e}).`); }
  };

  const tile = { position: "relative", background: "#111", borderRadius: 8, overflow: "hidden", flex: 1, minWidth: 0,
                 aspectRatio: "4 / 3", outline: "2px solid transparent", outlineOffset: -2 };
  const tag = { position: "absolute", left: 6, bottom: 6, color: "#fff", background: "rgba(0,0,0,.55)", borderRadius: 4,
                padding: "0 6px", fontSize: 12 };
  const notice = { position: "absolute", inset: 0, display: "flex", alignItems: "center", justifyContent: "center",
                   textAlign: "center", padding: 12, color: "#ddd", fontSize: 13, background: "#111" };
  const talking = { outline: "2px solid var(--green-9)" };
  const select = { ...btn, flex: 1, minWidth: 0, padding: "3px 4px" };
  const localNotice = !local ? (mediaError ? "No camera or microphone: the other person can't see or hear you."
                                           : "Starting camera…")
    : cameraOff && !sharing ? "Your camera is off" : "";
  return (
    <div style={{ display: "flex", flexDirection: "column", gap: 6, width: "100%" }} data-call-status={status}>
      <div style={{ display: "flex", gap: 6 }}>
        <div style={{ ...tile, ...(speaking.remote && !remote.muted ? talking : {}) }} data-speaking={speaking.remote && !remote.muted}>
          <audio ref={remoteAudio} autoPlay />
          <video ref={remoteVideo} autoPlay playsInline muted aria-label="Remote video" style={{ width: "100%", height: "100%", objectFit: "cover" }} />
          {!peer && <div style={notice}>Waiting for the other person to join…</div>}
          {peer && !remote.stream && <div style={notice}>Connecting…</div>}
          {peer && remote.stream && remote.cameraOff && <div style={notice}>Their camera is off</div>}
          {peer && (remote.muted || remote.cameraOff) && (
            <div style={tag} aria-label="Remote media state">{remote.muted ? "🔇 muted " : ""}{remote.cameraOff ? "📷 camera off" : ""}</div>
          )}
          {peer && speaking.remote && !remote.muted && <div style={tag} aria-label="Other person speaking">🔊 speaking</div>}
        </div>
        <div style={{ ...tile, ...(speaking.local && !muted ? talking : {}) }}>
          <video ref={localVideo} autoPlay playsInline muted aria-label="Your video" style={{ width: "100%", height: "100%", objectFit: "cover", transform: sharing ? "none" : "scaleX(-1)" }} />
          {localNotice && <div style={notice}>{localNotice}</div>}
          <div style={tag}>You{muted ? " · muted" : ""}{sharing ? " · sharing screen" : ""}</div>
        </div>
      </div>
      {soundBlocked && (
        <button type="button" style={btn} onClick={() => remoteAudio.current.play().then(() => setSoundBlocked(false)).catch(() => {})}>
          Enable sound
        </button>
      )}
      {mediaError && <div role="status" style={{ fontSize: 12, color: "var(--amber-11)" }}>{mediaError}</div>}
      <div style={{ display: "flex", gap: 6, flexWrap: "wrap" }}>
        <button type="button" style={btn} onClick={toggleMute} disabled={!local}>{muted ? "Unmute" : "Mute"}</button>
        <button type="button" style={btn} onClick={toggleCamera} disabled={!local}>{cameraOff ? "Turn camera on" : "Turn camera off"}</button>
        <button type="button" style={btn} onClick={toggleShare} disabled={!local}>{sharing ? "Stop sharing" : "Share screen"}</button>
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
