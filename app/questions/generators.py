"""An uploaded question's generators, run in the sandbox like user code (never in the server process): each in its
own box, `generate(rng)` called with `random.Random(seed)`, its return value written as JSON to a file the server
collects (O_NOFOLLOW) and reads as untrusted input."""
from __future__ import annotations

import json

from app import untrusted
from app.config import settings
from app.sandbox import ExecRequest, File, execute

OUT = "generated.json"
DRIVER = """import json, random, sys
sys.setrecursionlimit(10000)
scope = {"__name__": "generator"}
exec(compile(open("generator.py").read(), "generator.py", "exec"), scope)
if not callable(scope.get("generate")):
    sys.exit("the generator defines no generate(rng) function")
made = scope["generate"](random.Random(int(sys.argv[1])))
with open("%s", "w") as f:
    json.dump(made, f)
""" % OUT


class GeneratorFailed(ValueError):
    def __init__(self, index: int, message: str):
        super().__init__(message)
        self.index = index


async def run_all(generators: list[dict], user_key: str | None) -> list[dict]:
    """Each generator's `{"input": {...}, "expected"?: ...}`, in order; GeneratorFailed names the one that failed."""
    if len(generators) > settings.question_max_generators:
        raise GeneratorFailed(settings.question_max_generators, f"at most {settings.question_max_generators} "
                                                                "generators per question")
    made = []
    for i, g in enumerate(generators):
        req = ExecRequest("python", [File("main.py", DRIVER), File("generator.py", g["code"])],
                          args=[str(int(g.get("seed", i)))], collect=[OUT])
        res = await execute(req, user_key=user_key, local=True)
        stage = res.run
        if res.status != "ok" or stage is None or stage.status != "ok":
            why = (stage.stderr.strip().splitlines() or [""])[-1][:300] if stage else ""
            raise GeneratorFailed(i, f"failed ({(stage.status if stage else res.status).replace('_', ' ')})"
                                     + (f": {why}" if why else ""))
        data = res.files.get(OUT) or (stage.files.get(OUT) if stage else None)
        if data is None:
            raise GeneratorFailed(i, "generate() returned nothing the judge could read")
        if len(data) > settings.judge_max_input_bytes:
            raise GeneratorFailed(i, f"generated over {settings.judge_max_input_bytes} bytes")
        try:
            value = untrusted.loads(data)
        except (ValueError, UnicodeDecodeError):
            raise GeneratorFailed(i, "generate() must return JSON-able data") from None
        if not isinstance(value, dict) or not isinstance(value.get("input"), dict):
            raise GeneratorFailed(i, "generate() must return {input: {...}} (expected is optional)")
        made.append(value)
    return made
