"""Questions of your own: uploaded or written in the editor, checked against the bank's format, completed in the
sandbox, private to their owner unless shared, and usable wherever a bank problem is (sessions, the judge)."""
