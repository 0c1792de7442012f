"""An uploaded question's generators run in the sandbox like user code, never in the server process: one that
writes a marker file outside its box leaves nothing on the server, one that reads /etc/shadow gets nothing, and one
that behaves makes hidden tests whose expected values the reference solution computes (in the sandbox too)."""
from __future__ import annotations

import os
import uuid
from pathlib import Path

from app.config import settings
from tests.questions.conftest import person, question, stored_questions, upload


def _marker_paths() -> list[Path]:
    tag = uuid.uuid4().hex
    return [Path("/tmp") / f"parley-marker-{tag}", Path(settings.parley_data_dir) / f"marker-{tag}",
            Path(__file__).resolve().parent / f"marker-{tag}"]


def test_a_generator_writing_outside_its_box_leaves_nothing_on_the_server(app_db):
    markers = _marker_paths()
    code = "import os\ndef generate(rng):\n"
    for m in markers:
        code += (f"    try:\n        open({str(m)!r}, 'w').write('pwned')\n"
                 f"    except OSError:\n        pass\n")
    code += "    return {'input': {'nums': [1, 2], 'k': 3}}\n"
    me = person()
    r = upload(me, question(generators=[{"name": "marker", "seed": 1, "code": code}]))
    assert r.status_code == 201, r.text  # the generator ran (in its box) and made its test
    assert r.json()["tests"][-1] == {"input": {"nums": [1, 2], "k": 3}, "expected": 6, "hidden": True}
    assert [m for m in markers if m.exists()] == [], "a generator wrote a file on the server"


def test_a_generator_cannot_read_the_servers_shadow_file(app_db):
    assert os.path.exists("/etc/shadow")
    code = ("def generate(rng):\n"
            "    try:\n        secret = open('/etc/shadow').read()\n"
            "    except OSError as e:\n        secret = 'refused: ' + type(e).__name__\n"
            "    return {'input': {'nums': [len(secret)], 'k': 1}, 'expected': None, 'leak': secret}\n")
    me = person()
    r = upload(me, question(generators=[{"name": "shadow", "code": code}]))
    assert r.status_code == 201, r.text
    shadow = Path("/etc/shadow").read_text()
    assert "root:" in shadow and "root:" not in r.text
    from sqlmodel import select

    from app.db import session_scope
    from app.models import Question

    with session_scope() as s:
        stored = s.exec(select(Question)).one()
    assert "root:" not in str(stored.generated) and "leak" not in stored.generated[0], stored.generated
    assert stored.generated[0]["input"]["nums"][0] != len(shadow)


def test_a_generator_that_runs_forever_or_floods_is_stopped_and_refused(app_db):
    me = person()
    r = upload(me, question(generators=[{"name": "spin", "code": "def generate(rng):\n    while True:\n        pass\n"}]))
    assert r.status_code == 422 and r.json()["field"] == "generators[0]", r.text
    assert "time limit" in r.json()["reason"], r.text
    r = upload(me, question(generators=[{"name": "huge", "code": "def generate(rng):\n"
                                                                  "    return {'input': {'nums': [1] * 10**7, 'k': 1}}\n"}]))
    assert r.status_code == 422 and r.json()["field"] == "generators[0]", r.text
    assert stored_questions() == 0


def test_generated_tests_are_hidden_and_answered_by_the_reference(app_db):
    code = ("def generate(rng):\n"
            "    nums = [rng.randint(-1000, 1000) for _ in range(2000)]\n"
            "    return {'input': {'nums': nums, 'k': 7}}\n")
    me = person()
    r = upload(me, question(generators=[{"name": "large", "seed": 42, "code": code}]))
    assert r.status_code == 201, r.text
    last = r.json()["tests"][-1]
    assert last["hidden"] and len(last["input"]["nums"]) == 2000
    assert last["expected"] == max(last["input"]["nums"]) * 7
    import random

    rng = random.Random(42)
    assert last["input"]["nums"] == [rng.randint(-1000, 1000) for _ in range(2000)]  # seeded as FORMAT.md says
