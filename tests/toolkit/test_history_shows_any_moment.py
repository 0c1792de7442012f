"""Every editor update is kept with its server time and author: the code at any moment of a 20,000-update session
is exactly the code of that moment (rebuilt from the nearest snapshot), and the room still loads as it was."""
from __future__ import annotations

import asyncio
import math
import random
from datetime import timedelta

from pycrdt import Doc, Text
from sqlmodel import select

from app.auth import service as auth
from app.collab import history, rooms, store
from app.db import session_scope
from app.models import DocSnapshot, DocUpdate, InterviewSession
from app.room import timeline
from app.sessions import service as sessions
from tests.conftest import run_async

N = 20_000


async def _type(sid: str, user_id: int) -> list[str]:
    """N random edits through the room, as a browser's would arrive; the text after each one."""
    async def sink(_message: bytes) -> None:
        pass

    room = await rooms.open_room(sid, lambda: rooms.Seed({"python": "class Solution:\n"}, "python"))
    client = rooms.Client(send=sink, user_id=user_id, name="Hana")
    room.clients.add(client)
    src = Doc()
    src.apply_update(room.doc.get_update())
    text = src.get("code:python", type=Text)
    made: list[bytes] = []
    sub = src.observe(lambda e: made.append(e.update))
    rng, moments = random.Random(20), []
    for i in range(N):
        n = len(text)
        if n > 40 and rng.random() < 0.3:
            at = rng.randrange(n)
            del text[at:min(n, at + rng.randint(1, 3))]
        else:
            text.insert(rng.randint(0, n), rng.choice("abcdefghij(){}:=\n "))
        await room.apply(made.pop(), client)
        moments.append(str(text))
        await asyncio.sleep(0)  # as between two frames of a socket: background work (snapshots) gets its turn
    src.unobserve(sub)
    await timeline.flushed()
    while room.snapshotting:
        await asyncio.sleep(0.01)
    rooms.release(room, client)
    return moments


def test_any_moment_of_20000_updates_is_the_code_of_that_moment(app_db):
    host = auth.signup("playback-host@example.com", "playback-host-pw", "Hana")
    sid = sessions.create(host, "two-sum")["id"]
    moments = run_async(_type(sid, host.id))
    with session_scope() as s:
        start = s.get(InterviewSession, sid).created_at
        stamps = s.exec(select(DocUpdate.created_at).where(DocUpdate.room == sid, DocUpdate.author_id == host.id)
                        .order_by(DocUpdate.id)).all()
        snapshots = s.exec(select(DocSnapshot.upto_id).where(DocSnapshot.room == sid)).all()
    assert len(stamps) == N
    assert len(snapshots) >= N // rooms.SNAPSHOT_EVERY - 1
    rng = random.Random(3)
    ms = [math.floor((at - start) / timedelta(milliseconds=1)) for at in stamps]  # as the timeline gives them
    for i in sorted(rng.sample(range(N), 40)) + [0, N - 1]:
        t_ms = ms[i]  # the moment the timeline puts update i at: it is in the code then
        last = max(j for j in range(N) if ms[j] <= t_ms)  # and so is every update of the same millisecond
        got = history.code_at(sid, t_ms)
        assert got["language"] == "python"
        assert got["code"]["python"] == moments[last], f"moment {i} (t={t_ms} ms)"
    assert history.code_at(sid, None)["code"]["python"] == moments[-1]
    reloaded = run_async(rooms.current_code(sid))
    assert reloaded == ("python", moments[-1])
    assert str(store.replay(store.load(sid)).get("code:python", type=Text)) == moments[-1]
