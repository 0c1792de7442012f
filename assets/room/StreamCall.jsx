// The room's call through Stream Video (only when the server has Stream keys): the server created the call with
// every member of the room and issued this person a token for that call only (GET /api/sessions/{id}/video).
// Same grid, controls and accessible names as the built-in call; recordings made here are kept by Stream.
import React, { useEffect, useState } from "react";
import {
  StreamVideo, StreamVideoClient, StreamCall as StreamCallProvider, StreamTheme, ParticipantView,
  useCallStateHooks, useCall, SfuModels,
} from "@stream-io/video-react-sdk";
import "@stream-io/video-react-sdk/dist/css/styles.css";

const btn = { padding: "4px 10px", borderRadius: 6, border: "1px solid var(--gray-7)", background: "var(--gray-2)",
              color: "var(--gray-12)", cursor: "pointer", fontSize: 13 };
const select = { ...btn, flex: 1, minWidth: 0, padding: "3px 4px" };
const tile = { position: "relative", background: "#111", borderRadius: 8, overflow: "hidden", flex: 1, minWidth: 0,
               aspectRatio: "4 / 3", outline: "2px solid transparent", outlineOffset: -2 };
const tag = { position: "absolute", left: 6, bottom: 6, color: "#fff", background: "rgba(0,0,0,.55)", borderRadius: 4,
              padding: "0 6px", fontSize: 12, zIndex: 1 };
const notice = { position: "absolute", inset: 0, display: "flex", alignItems: "center", justifyContent: "center",
                 color: "#ddd", fontSize: 13 };
const has = (p, type) => p.publishedTracks.includes(type);

function Controls({ role }) {
  const call = useCall();
  const { useMicrophoneState, useCameraState, useScreenShareState, useIsCallRecordingInProgress } = useCallStateHooks();
  const mic = useMicrophoneState();
  const cam = useCameraState();
  const share = useScreenShareState();
  const recording = useIsCallRecordingInProgress();
  const [error, setError] = useState("");
  const run = (p) => p.catch((e) => setError(String((e && e.message) || e)));
  return (
    <>
      {error && <div role="status" style={{ fontSize: 12, color: "var(--amber-11)" }}>{error}</div>}
      <div style={{ display: "flex", gap: 6, flexWrap: "wrap" }}>
        <button type="button" style={btn} onClick={() => run(mic.microphone.toggle())}>{mic.isMute ? "Unmute" : "Mute"}</button>
        <button type="button" style={btn} onClick={() => run(cam.camera.toggle())}>{cam.isMute ? "Turn camera on" : "Turn camera off"}</button>
        <button type="button" style={btn} onClick={() => run(share.screenShare.toggle())}>{share.isMute ? "Share screen" : "Stop sharing"}</button>
        {role === "host" && (
          <button type="button" style={btn} onClick={() => run(recording ? call.stopRecording() : call.startRecording())}>
            {recording ? "Stop recording" : "Start recording"}
          </button>
        )}
        {recording && <span role="status" aria-label="Recording" style={{ color: "var(--red-11)", fontWeight: 600, fontSize: 13, alignSelf: "center" }}>● Recording</span>}
      </div>
      <div style={{ display: "flex", gap: 6 }}>
        <select aria-label="Microphone" style={select} value={mic.selectedDevice || ""} onChange={(e) => run(mic.microphone.select(e.target.value))}>
          {(mic.devices || []).map((d, i) => <option key={d.deviceId} value={d.deviceId}>{d.label || `Microphone ${i + 1}`}</option>)}
        </select>
        <select aria-label="Camera" style={select} value={cam.selectedDevice || ""} onChange={(e) => run(cam.camera.select(e.target.value))}>
          {(cam.devices || []).map((d, i) => <option key={d.deviceId} value={d.deviceId}>{d.label || `Camera ${i + 1}`}</option>)}
        </select>
      </div>
    </>
  );
}

// One tile per remote person (a grid for the panel), named with their display name as text, then yours.
function Tiles() {
  const { useRemoteParticipants, useLocalParticipant } = useCallStateHooks();
  const remotes = useRemoteParticipants();
  const me = useLocalParticipant();
  const talking = (p) => (p && p.isSpeaking ? { outline: "2px solid var(--green-9)" } : {});
  const cols = remotes.length + 1 <= 4 ? 2 : 3;
  return (
    <div style={{ display: "grid", gridTemplateColumns: `repeat(${cols}, minmax(0, 1fr))`, gap: 6 }}>
      {remotes.map((remote) => {
        const name = remote.name || remote.userId;
        return (
          <div key={remote.sessionId} role="group" aria-label={name} style={{ ...tile, ...talking(remote) }}>
            <ParticipantView participant={remote} ParticipantViewUI={null}
                             trackType={has(remote, SfuModels.TrackType.SCREEN_SHARE) ? "screenShareTrack" : "videoTrack"} />
            {(!has(remote, SfuModels.TrackType.AUDIO) || !has(remote, SfuModels.TrackType.VIDEO)) && (
              <div style={{ ...tag, bottom: "auto", top: 6 }} aria-label={`Remote media state: ${name}`}>
                {!has(remote, SfuModels.TrackType.AUDIO) ? "🔇 muted " : ""}{!has(remote, SfuModels.TrackType.VIDEO) ? "📷 camera off" : ""}
              </div>
            )}
            {remote.isSpeaking && <div style={{ ...tag, left: "auto", bottom: "auto", top: 6, right: 6 }} aria-label={`Other person speaking: ${name}`}>🔊 speaking</div>}
            <div style={tag}>{name}</div>
          </div>
        );
      })}
      {!remotes.length && <div style={tile}><div style={notice}>Waiting for the others to join…</div></div>}
      <div style={{ ...tile, ...talking(me) }}>
        {me && <ParticipantView participant={me} ParticipantViewUI={null} mirror />}
        <div style={tag}>You</div>
      </div>
    </div>
  );
}

export default function StreamCall({ apiKey, token, userId, userName, callType, callId, role, baseUrl }) {
  const [state, setState] = useState({ client: null, call: null, error: "" });
  const [slow, setSlow] = useState(false);
  useEffect(() => {
    if (!apiKey || !token || !userId || !callId) return undefined;
    setSlow(false);
    const timer = setTimeout(() => setSlow(true), 15000); // the SDK keeps retrying: say so rather than spin
    let cancelled = false;
    const client = new StreamVideoClient({ apiKey, token, user: { id: userId, name: userName },
                                          options: baseUrl ? { baseURL: baseUrl } : {} });
    const call = client.call(callType || "default", callId);
    // an observer joins with camera and microphone off (and may turn them on)
    const quiet = role === "observer" ? Promise.all([call.camera.disable(), call.microphone.disable()]).catch(() => {})
      : Promise.resolve();
    quiet.then(() => call.join({ create: false }))
      .then(() => { if (!cancelled) setState({ client, call, error: "" }); })
      .catch((e) => { if (!cancelled) setState({ client: null, call: null, error: String((e && e.message) || e) }); });
    return () => { cancelled = true; clearTimeout(timer); call.leave().catch(() => {}); client.disconnectUser(); };
  }, [apiKey, token, userId, callType, callId, baseUrl, role]); // eslint-disable-line react-hooks/exhaustive-deps

  if (state.error) return <div role="alert" style={{ padding: 8 }}>Stream video is unavailable: {state.error}</div>;
  if (!state.call) {
    return <div role="status" style={{ padding: 8 }}>{slow ? "Stream video is not reachable yet; still trying…" : "Joining the call…"}</div>;
  }
  return (
    <StreamVideo client={state.client}>
      <StreamTheme>
        <StreamCallProvider call={state.call}>
          <div style={{ display: "flex", flexDirection: "column", gap: 6, width: "100%" }}>
            <Tiles />
            <Controls role={role} />
          </div>
        </StreamCallProvider>
      </StreamTheme>
    </StreamVideo>
  );
}
