"""The one error type that every service raises for input it refuses.

Views show `message` in the form; the API's exception handler turns it into
400 (or 409 for a conflict with the current state) with {"detail": message}.
"""


class DomainError(Exception):
    """A business rule refused the request; nothing was written."""

    status_code = 400

    def __init__(self, message, *, field: str | None = None):
        super().__init__(message)
        self.message = message
        self.field = field

    def as_data(self) -> dict:
        """The API's response body for this refusal."""
        data = {"detail": str(self.message)}
        if self.field:
            data["field"] = self.field
        return data


class ConflictError(DomainError):
    """The request is valid but conflicts with the current state (HTTP 409)."""

    status_code = 409


class AccessDenied(DomainError):
    """The user may not act on this record (HTTP 403)."""

    status_code = 403
