"""The roles a person can have in a room, and which of them may do what (app.sessions.service decides who has
which)."""
ROLE_HOST, ROLE_PARTICIPANT = "host", "participant"
ROLE_INTERVIEWER, ROLE_OBSERVER = "interviewer", "observer"
PANEL = (ROLE_INTERVIEWER, ROLE_OBSERVER)  # the roles a host invites; they sit on panel seats
WRITERS = (ROLE_HOST, ROLE_PARTICIPANT, ROLE_INTERVIEWER)  # who may change the document and run the code
REVIEWERS = (ROLE_HOST, ROLE_INTERVIEWER)  # notes, scorecard, playback, timeline, report (never the candidate)
NOTE_TAKERS = (*REVIEWERS, ROLE_OBSERVER)  # observers keep notes of their own, and see nothing else of the toolkit
