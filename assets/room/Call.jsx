// The built-in call: peer-to-peer WebRTC between the room's two members, signalled over /rtc/{id}?token=.
// "Perfect negotiation" (the participant is the polite peer) so both can join at once without glare; a fresh
// peer connection whenever the other side (re)joins; ICE restart when the network path fails.
import React, { useCallback, useEffect, useRef, useState } from "react";
import env from "$/env.json";

const btn = { padding: "4px 10px", borderRadius: 6, border: "1px solid var(--gray-7)", background: "var(--gray-2)",
              color: "var(--gray-12)", cursor: "pointer", fontSize: 13 };

export default function Call({ sessionId, token }) {
  const [local, setLocal] = useState(null);
  const [mediaError, setMediaError] = useState("");
  const [muted, setMuted] = useState(false);
  const [cameraOff, setCameraOff] = useState(false);
  const [sharing, setSharing] = useState(false);
  const [peer, setPeer] = useState(false);
  const [remote, setRemote] = useState({ stream: null, muted: false, cameraOff: false });
  const [status, setStatus] = useState("connecting");
  const localVideo = useRef(null);
  const remoteVideo = useRef(null);
  const remoteAudio = useRef(null);
  const [soundBlocked, setSoundBlocked] = useState(false);
  const s = useRef({});

  // local camera + microphone, once
  useEffect(() => {
    let stream = null, cancelled = false;
    navigator.mediaDevices.getUserMedia({ audio: true, video: { width: 640, height: 480 } })
      .then((m) => { if (cancelled) { m.getTracks().forEach((t) => t.stop()); return; } stream = m; setLocal(m); })
      .catch((e) => setMediaError(e && e.name === "NotAllowedError"
        ? "Camera and microphone are blocked for this site: allow them in the browser to be seen and heard."
        : e && e.name === "NotFoundError" ? "No camera or microphone found: you can still see and hear the other person."
        : `Camera and microphone unavailable (${(e && e.name) || e}).`));
    return () => { cancelled = true; stream && stream.getTracks().forEach((t) => t.stop()); };
  }, []);

  useEffect(() => { if (localVideo.current) localVideo.current.srcObject = local; }, [local]);
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

  const sendState = useCallback(() => send({ state: { muted: s.current.muted, cameraOff: s.current.cameraOff } }), [send]);

  // signalling + peer connection
  useEffect(() => {
    if (!sessionId || !token || (!local && !mediaError)) return undefined;
    const st = s.current;
    let stopped = false, retry = 0, timer = null;
    st.muted = false; st.cameraOff = false;

    const newPc = () => {
      if (st.pc) st.pc.close();
      const pc = new RTCPeerConnection({ iceServers: st.iceServers || [] });
      st.pc = pc; st.makingOffer = false; st.ignoreOffer = false;
      if (local) {
        local.getTracks().forEach((t) => pc.addTrack(t, local));
      } else {
        pc.addTransceiver("audio", { direction: "recvonly" });
        pc.addTransceiver("video", { direction: "recvonly" });
      }
      if (st.screenTrack) {
        const sender = pc.getSenders().find((x) => x.track && x.track.kind === "video");
        sender && sender.replaceTrack(st.screenTrack);
      }
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
      return pc;
    };

    const onSignal = async (data) => {
      const pc = st.pc;
      if (!pc) return;
      if (data.state) { setRemote((r) => ({ ...r, muted: !!data.state.muted, cameraOff: !!data.state.cameraOff })); return; }
      try {
        if (data.description) {
          const collision = data.description.type === "offer" && (st.makingOffer || pc.signalingState !== "stable");
          st.ignoreOffer = !st.polite && collision;
          if (st.ignoreOffer) return;
          await pc.setRemoteDescription(data.description);
          if (data.description.type === "offer") {
            await pc.setLocalDescription();
            send({ description: pc.localDescription });
          }
        } else if (data.candidate) {
          try { await pc.addIceCandidate(data.candidate); } catch (e) { if (!st.ignoreOffer) throw e; }
        }
      } catch (e) { console.warn("signal", e); }
    };

    const open = () => {
      const url = new URL(`/rtc/${encodeURIComponent(sessionId)}`, env.PING);
      url.protocol = url.protocol.replace("http", "ws");
      url.searchParams.set("token", token);
      const ws = new WebSocket(url.href);
      st.ws = ws;
      ws.onmessage = (m) => {
        let msg;
        try { msg = JSON.parse(m.data); } catch { return; }
        if (msg.type === "config") { st.iceServers = msg.ice_servers; st.polite = msg.polite; }
        else if (msg.type === "peer") {
          setPeer(msg.present);
          if (msg.present) { newPc(); sendState(); }
          else { if (st.pc) st.pc.close(); st.pc = null; setRemote({ stream: null, muted: false, cameraOff: false }); setStatus("waiting"); }
        } else if (msg.type === "signal") onSignal(msg.data);
      };
      ws.onopen = () => { retry = 0; setStatus("waiting"); };
      ws.onclose = (e) => {
        if (stopped || [4403, 4404, 4409, 4410].includes(e.code)) return;
        setStatus("reconnecting");
        timer = setTimeout(open, Math.min(4000, 250 * 2 ** retry++));
      };
    };
    open();
    return () => {
      stopped = true; clearTimeout(timer);
      st.ws && st.ws.close();
      st.pc && st.pc.close(); st.pc = null;
    };
  }, [sessionId, token, local, mediaError, send, sendState]);

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
  const videoSender = () => s.current.pc && s.current.pc.getSenders().find((x) => x.track && x.track.kind === "video");
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

  const tile = { position: "relative", background: "#111", borderRadius: 8, overflow: "hidden", flex: 1, minWidth: 0,
                 aspectRatio: "4 / 3" };
  const tag = { position: "absolute", left: 6, bottom: 6, color: "#fff", background: "rgba(0,0,0,.55)", borderRadius: 4,
                padding: "0 6px", fontSize: 12 };
  return (
    <div style={{ display: "flex", flexDirection: "column", gap: 6, width: "100%" }} data-call-status={status}>
      <div style={{ display: "flex", gap: 6 }}>
        <div style={tile}>
          <audio ref={remoteAudio} autoPlay />
          <video ref={remoteVideo} autoPlay playsInline muted aria-label="Remote video" style={{ width: "100%", height: "100%", objectFit: "cover" }} />
          {!peer && <div style={{ ...tag, top: 6, bottom: "auto" }}>Waiting for the other person…</div>}
          {peer && (remote.muted || remote.cameraOff) && (
            <div style={tag} aria-label="Remote media state">{remote.muted ? "🔇 muted " : ""}{remote.cameraOff ? "📷 camera off" : ""}</div>
          )}
        </div>
        <div style={tile}>
          <video ref={localVideo} autoPlay playsInline muted aria-label="Your video" style={{ width: "100%", height: "100%", objectFit: "cover", transform: sharing ? "none" : "scaleX(-1)" }} />
          <div style={tag}>You{muted ? " · muted" : ""}</div>
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
      </div>
    </div>
  );
}
