"""Accounts: password hashing, cookie sessions, room tokens, optional Clerk/OIDC."""
