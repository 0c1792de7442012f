"""Errors the sandbox reports to its callers; the HTTP layer maps each to a status code."""


class SandboxError(Exception):
    status_code = 500


class BadRequest(SandboxError):
    """The request itself is wrong (unknown language, missing files, code too large): HTTP 400."""
    status_code = 400


class TooLarge(SandboxError):
    status_code = 413


class SandboxBusy(SandboxError):
    """Every worker is busy and the queue is full: reject fast instead of piling up (HTTP 429)."""
    status_code = 429

    def __init__(self, message: str, retry_after: int = 1):
        super().__init__(message)
        self.retry_after = retry_after


class RateLimited(SandboxBusy):
    """This user ran too much in the last minute (HTTP 429)."""


class RunInProgress(RateLimited):
    """This person already has a run in progress (waiting or running): one at a time each (HTTP 429)."""
