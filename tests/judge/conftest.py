import pytest

from app.problems import load_all
from tests.conftest import run_async


def run_judge(slug: str, language: str, code: str, mode: str = "submit", **kw) -> dict:
    from app.judge import judge

    return run_async(judge(slug, language, code, mode=mode, **kw))


@pytest.fixture(autouse=True)
def _no_rate_limit(monkeypatch):
    from app.sandbox import pool

    monkeypatch.setattr(pool.limiter, "per_minute", 0)


PROBLEMS = load_all()
