"""Practice progress: what a person solved and attempted, how often their submissions are accepted, and when they
practised. Plain Python over SQL aggregates (no Reflex); pages and the REST API call it.

The rules (README, "Progress"):
- a person's runs are the `code_runs` rows they made, except in rooms they host: an interviewer checking the
  candidate's code is not practising;
- **solved**: a problem with an accepted submit among those runs;
- **acceptance rate**: accepted submits / submits (a person's, over their runs; a problem's, over everyone's);
- **attempted**: any run or submit among those runs, or having been the candidate (participant) of an interview
  session on the problem;
- **activity**: submits per local day in the person's time zone; a **streak** is consecutive local days with at
  least one submit, the current one ending today or yesterday.
"""
