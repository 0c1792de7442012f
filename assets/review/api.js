// REST calls of the interviewer's toolkit, with the sign-in cookie. In production the API is the page's own
// origin; in development (`make run`) it is another port, which env.json (written by Reflex) names.
import env from "$/env.json";

export const apiUrl = (path) => new URL(path, env.PING).href;

// JSON in, JSON out; a refusal throws an Error carrying the server's {error, detail} and the status.
export async function api(path, { method = "GET", body, keepalive = false } = {}) {
  const init = { method, credentials: "include", keepalive };
  if (body !== undefined) {
    init.headers = { "content-type": "application/json" };
    init.body = JSON.stringify(body);
  }
  const res = await fetch(apiUrl(path), init);
  let data = null;
  try { data = await res.json(); } catch { data = null; }
  if (!res.ok) {
    const err = new Error((data && data.detail) || `The server answered ${res.status}.`);
    err.status = res.status;
    err.code = data && data.error;
    throw err;
  }
  return data;
}

// mm:ss from milliseconds (minutes keep counting past 59; times before the start are negative).
export function clock(ms) {
  const s = Math.floor(Math.abs(ms) / 1000);
  return (ms < 0 ? "-" : "") + String(Math.floor(s / 60)).padStart(2, "0") + ":" + String(s % 60).padStart(2, "0");
}

// keepalive requests are capped at 64 KiB of body by the browser: bigger ones are sent as ordinary requests.
export const KEEPALIVE_MAX = 60000;

// The server's ISO times may come without an offset (SQLite drops it): they are UTC.
export const parseIso = (s) => Date.parse(/(Z|[+-]\d\d:?\d\d)$/i.test(s) ? s : `${s}Z`);
