"""The Reflex app: theme, pages and routes; HTTP/WebSocket endpoints come from app.api."""
import reflex as rx

from app.api import build_api
from app.pages import auth, dashboard, home, problem, problems, session
from app.state.problems import PracticeState, ProblemListState

api = build_api()

app = rx.App(api_transformer=api)
app.add_page(home.index, route="/", title="Parley — live coding interviews")
app.add_page(dashboard.dashboard, route="/dashboard", title="Dashboard · Parley")
app.add_page(problems.problems, route="/problems", title="Problems · Parley", on_load=ProblemListState.load)
app.add_page(problem.problem, route="/problems/[slug]", title="Practice · Parley", on_load=PracticeState.load)
app.add_page(session.session, route="/session/[id]", title="Session · Parley")
app.add_page(auth.login, route="/login", title="Sign in · Parley")
app.add_page(auth.signup, route="/signup", title="Sign up · Parley")
