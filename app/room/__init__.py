"""The room's one home: who is admitted to its sockets (`admission`), what live features are told when a room
ends or a person leaves (`events`), per-member message rates (`limits`), the room channel (`channel`: presence,
chat relay, reactions, shared runs), room runs (`runs`) and the stale-room sweep (`sweep`).

Live features (collab, rtc, chat, notes) plug in here; they never import each other, and `app.sessions` (the
rules and records of a room) never imports them: they register with `events` instead.
"""
