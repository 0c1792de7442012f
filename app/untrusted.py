"""JSON from someone else: `json.loads` raises RecursionError (not ValueError) for a few thousand nested
brackets, which a handler catching ValueError lets escape as a 500 or a dropped socket."""
from __future__ import annotations

import json
from typing import Any


def loads(raw: str | bytes) -> Any:
    """Parse JSON; any malformed input, however deep, raises ValueError."""
    try:
        return json.loads(raw)
    except RecursionError:
        raise ValueError("JSON nested too deeply") from None
