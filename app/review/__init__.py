"""The interviewer's toolkit: private notes, the scorecard, the report (with its integrity signals) and what playback
reads. Only the session's interviewers reach any of it (`app.sessions.service.review_facts` decides)."""
