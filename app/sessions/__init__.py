"""Interview sessions: create, list, join (atomically, at most two people), leave, end, history, stats."""
