"""What an invite link grants in a room. The candidate's invite is the room's own random token; a panel role's
invite is derived from it with an HMAC under the deployment's secret, so it is as unguessable as that one and needs
no table of its own. An invite's first letter says the role; the MAC proves it."""
from __future__ import annotations

import hashlib
import hmac

from app.config import settings
from app.models import InterviewSession
from app.sessions.roles import PANEL, ROLE_PARTICIPANT


def token(row: InterviewSession, role: str) -> str:
    """The invite that joins `row` as `role`: the room's token for the candidate, a MAC of it for a panel role."""
    if role == ROLE_PARTICIPANT:
        return row.invite_token
    mac = hmac.new(settings.secret.encode(), f"{row.id}:{row.invite_token}:{role}".encode(), hashlib.sha256)
    return f"{role[0]}{mac.hexdigest()[:40]}"


def path(row: InterviewSession, role: str = ROLE_PARTICIPANT) -> str:
    """The room's page with the invite for `role`."""
    return f"/session/{row.id}?invite={token(row, role)}"


def role_of(row: InterviewSession, invite: str | None) -> str | None:
    """The role an invite grants in this room: the candidate's slot, a panel role, or None (no or a wrong one)."""
    if not isinstance(invite, str) or not invite or len(invite) > 128:
        return None
    for role in (ROLE_PARTICIPANT, *PANEL):
        if hmac.compare_digest(invite.encode(), token(row, role).encode()):
            return role
    return None


def valid(row: InterviewSession, invite: str | None) -> bool:
    return role_of(row, invite) is not None
