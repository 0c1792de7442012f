"""The shared editor: one Yjs document per session, served over the y-websocket protocol at
`/collab/{session_id}?token=ROOM_TOKEN`, persisted update by update.

Document layout (what any Yjs client sees):
- `Y.Text` named `code:<language>` (e.g. `code:python`, `code:java`) holds that language's code;
- `Y.Map` named `meta` holds `language`, the language both people are looking at.
A new room's document is seeded with the problem's starter code for every language.
"""
