"""Take-home assessments: a problem, a time limit kept by the server, one candidate, a private room of their own."""
