"""The Reflex app: theme, pages and routes; HTTP/WebSocket endpoints come from app.api."""
import reflex as rx

from app.api import build_api
from app.pages import auth, dashboard, home, problem, problems, session
from app.sandbox.runner import warm_boxes
from app.sessions.cleanup import run_forever as sweep_stale_sessions
from app.state.auth import AuthState
from app.state.dashboard import DashboardState
from app.state.problems import PracticeState, ProblemListState
from app.state.session import SessionState

api = build_api()

app = rx.App(api_transformer=api)
app.register_lifespan_task(sweep_stale_sessions)
app.register_lifespan_task(warm_boxes)

app.add_page(home.index, route="/", title="Parley — live coding interviews", on_load=AuthState.refresh)
app.add_page(dashboard.dashboard, route="/dashboard", title="Dashboard · Parley", on_load=DashboardState.load)
app.add_page(problems.problems, route="/problems", title="Problems · Parley",
             on_load=[AuthState.refresh, ProblemListState.load])
app.add_page(problem.problem, route="/problems/[slug]", title="Practice · Parley",
             on_load=[AuthState.refresh, PracticeState.load])
app.add_page(session.session, route="/session/[id]", title="Session · Parley", on_load=SessionState.load)
app.add_page(auth.login, route="/login", title="Sign in · Parley", on_load=AuthState.load_form)
app.add_page(auth.signup, route="/signup", title="Sign up · Parley", on_load=AuthState.load_form)
