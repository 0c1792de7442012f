// A plain HTML form that posts to the app's backend. In production the backend is the page's own origin;
// in development (`make run`) it is another port, which env.json (written by Reflex) names. env.json says
// "localhost"; like Reflex's own socket (getBackendURL), the form posts to the host the page was loaded from
// (127.0.0.1, a LAN address), so the Origin check and the cookie's host match the page. The pre-rendered
// action is env.json's; the page's own is set once mounted (hydration keeps the server's markup).
import React, { useEffect, useState } from "react";
import env from "$/env.json";
import { getBackendURL } from "$/utils/state";

export default function ApiForm({ path, children, ...rest }) {
  const [action, setAction] = useState(() => new URL(path, env.PING).href);
  useEffect(() => { setAction(new URL(path, getBackendURL(env.PING)).href); }, [path]);
  return (
    <form method="post" action={action} {...rest}>
      {children}
    </form>
  );
}
