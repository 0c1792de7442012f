"""The Reflex app: theme, pages and routes; HTTP/WebSocket endpoints come from app.api."""
import gc

import reflex as rx

from app.api import build_api
from app.config import settings
from app.assessments.service import run_forever as submit_due_assessments
from app.pages import (assessment, auth, dashboard, home, playback, problem, problems, profile, questions, report, session,
                       submission)
from app.problems.bank import warm as warm_problem_bank
from app.sandbox import pool as sandbox_pool
from app.sandbox.startup import serving as sandbox_serving
from app.room import fanout
from app.room.events import follow_other_workers
from app.room.sweep import run_forever as sweep_stale_sessions
from app.state.assessments import AssessmentState
from app.state.auth import AuthState
from app.state.dashboard import DashboardState
from app.state.problems import PracticeState, ProblemListState
from app.state.review import ReviewState
from app.state.profile import ProfileState
from app.state.questions import QuestionEditorState, QuestionListState
from app.state.session import SessionState
from app.state.submission import SubmissionState

api = build_api()
if settings.redis_url:  # a person's runs per minute and one run at a time hold across workers (Redis)
    sandbox_pool.shared = fanout.bus


async def freeze_startup_heap() -> None:
    """Lifespan task: once start-up's objects exist (Reflex, the pages, the problem bank), take them out of the
    garbage collector's walks (gc.freeze). A full collection in a worker walked all of them, ~140 ms here during
    which no keystroke, chat line or run result of any room on the worker moved; afterwards it walks what was made
    since."""
    await warm_problem_bank()
    gc.collect()
    gc.freeze()


app = rx.App(api_transformer=api)
# /_event's Origin is checked by app.auth.origins.OriginGuard (around the whole app); engineio's own check knows
# only a fixed list (not the request's own origin), so it is turned off ([] = no CORS handling in engineio).
app.sio.eio.cors_allowed_origins = []
app.register_lifespan_task(freeze_startup_heap)  # warms the problem bank first
app.register_lifespan_task(follow_other_workers)  # ends and leaves in the other workers (REDIS_URL)
app.register_lifespan_task(sweep_stale_sessions)
app.register_lifespan_task(submit_due_assessments)  # a take-home is submitted at its limit, browser or not
app.register_lifespan_task(sandbox_serving)  # refuses to start if a box can see private paths

app.add_page(home.index, route="/", title="Parley — live coding interviews", on_load=AuthState.refresh)
app.add_page(dashboard.dashboard, route="/dashboard", title="Dashboard · Parley", on_load=DashboardState.load)
app.add_page(problems.problems, route="/problems", title="Problems · Parley",
             on_load=[AuthState.refresh, ProblemListState.load])
app.add_page(problem.problem, route="/problems/[slug]", title="Practice · Parley",
             on_load=[AuthState.refresh, PracticeState.load])
app.add_page(session.session, route="/session/[id]", title="Session · Parley", on_load=SessionState.load)
app.add_page(playback.playback, route="/session/[id]/playback", title="Playback · Parley",
             on_load=ReviewState.load_playback)
app.add_page(report.report, route="/session/[id]/report", title="Report · Parley", on_load=ReviewState.load_report)
app.add_page(profile.profile, route="/profile", title="Progress · Parley",
             on_load=[AuthState.refresh, ProfileState.load])
app.add_page(submission.submission, route="/submissions/[id]", title="Submission · Parley",
             on_load=[AuthState.refresh, SubmissionState.load])
app.add_page(questions.questions, route="/questions", title="Questions · Parley", on_load=QuestionListState.load)
app.add_page(questions.question_editor, route="/questions/[slug]", title="Question · Parley",
             on_load=QuestionEditorState.load)
app.add_page(assessment.assessment, route="/assessments/[id]", title="Take-home · Parley", on_load=AssessmentState.load)
app.add_page(auth.login, route="/login", title="Sign in · Parley", on_load=AuthState.load_form)
app.add_page(auth.signup, route="/signup", title="Sign up · Parley", on_load=AuthState.load_form)
