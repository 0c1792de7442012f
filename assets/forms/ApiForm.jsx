// A plain HTML form that posts to the app's backend. In production the backend is the page's own origin;
// in development (`make run`) it is another port, which env.json (written by Reflex) names.
import env from "$/env.json";

export default function ApiForm({ path, children, ...rest }) {
  const action = new URL(path, env.PING).href;
  return (
    <form method="post" action={action} {...rest}>
      {children}
    </form>
  );
}
