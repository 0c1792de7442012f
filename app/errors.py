"""Domain errors that services raise and every front door (REST, Reflex state, sockets) maps the same way.

Each carries the HTTP status it means and a stable machine-readable `error` code; `detail` is for people.
"""
from __future__ import annotations


class ParleyError(Exception):
    status = 400
    error = "bad_request"

    def __init__(self, detail: str, *, error: str | None = None):
        super().__init__(detail)
        self.detail = detail
        if error:
            self.error = error

    def body(self) -> dict:
        return {"error": self.error, "detail": self.detail}


class Invalid(ParleyError):
    status, error = 400, "invalid"


class Unauthorized(ParleyError):
    status, error = 401, "unauthorized"


class Forbidden(ParleyError):
    status, error = 403, "forbidden"


class NotFound(ParleyError):
    status, error = 404, "not_found"


class Unprocessable(ParleyError):
    """Well-formed but out of range (a score of 7, an unknown criterion): HTTP 422."""
    status, error = 422, "invalid_request"


class Conflict(ParleyError):
    status, error = 409, "conflict"


class Gone(ParleyError):
    status, error = 410, "gone"


class TooMany(ParleyError):
    status, error = 429, "rate_limited"

    def __init__(self, detail: str, *, retry_after: int = 60, error: str | None = None):
        super().__init__(detail, error=error)
        self.retry_after = retry_after


class TooLarge(ParleyError):
    status, error = 413, "too_large"


class InsufficientStorage(ParleyError):
    status, error = 507, "insufficient_storage"
