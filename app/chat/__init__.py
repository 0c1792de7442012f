"""Per-session chat, persisted: the server stamps author and time, so a client cannot post as someone else."""
