// The room's chat through Stream (only when the server has Stream keys): the server prepared the channel and
// issued this person an expiring user token (GET /api/sessions/{id}/chat); the browser never sees the secret.
import React, { useEffect, useState } from "react";
import { StreamChat } from "stream-chat";
import { Chat, Channel, Window, MessageList, MessageComposer } from "stream-chat-react";
import "stream-chat-react/dist/css/index.css";

export default function StreamChatPanel({ apiKey, token, userId, userName, channelType, channelId, theme, baseUrl }) {
  const [state, setState] = useState({ client: null, channel: null, error: "" });
  useEffect(() => {
    if (!apiKey || !token || !userId) return undefined;
    let cancelled = false;
    const client = new StreamChat(apiKey, baseUrl ? { baseURL: baseUrl } : {});
    client.connectUser({ id: userId, name: userName }, token)
      .then(() => { const channel = client.channel(channelType, channelId); return channel.watch().then(() => channel); })
      .then((channel) => { if (!cancelled) setState({ client, channel, error: "" }); })
      .catch((e) => { if (!cancelled) setState({ client: null, channel: null, error: String((e && e.message) || e) }); });
    return () => { cancelled = true; client.disconnectUser(); };
  }, [apiKey, token, userId, channelType, channelId, baseUrl]); // eslint-disable-line react-hooks/exhaustive-deps

  if (state.error) return <div role="alert" style={{ padding: 8 }}>Stream chat is unavailable: {state.error}</div>;
  if (!state.client) return <div style={{ padding: 8 }}>Connecting to chat…</div>;
  return (
    <div style={{ height: "100%", minHeight: 0, display: "flex", flexDirection: "column" }}>
      <Chat client={state.client} theme={theme === "dark" ? "str-chat__theme-dark" : "str-chat__theme-light"}>
        <Channel channel={state.channel}>
          <Window>
            <MessageList />
            <MessageComposer />
          </Window>
        </Channel>
      </Chat>
    </div>
  );
}
