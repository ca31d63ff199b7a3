"""The staffing app's refusals: the core's domain errors, one with the violations attached."""

from hospital.errors import ConflictError


class RosterHasViolations(ConflictError):
    """Publishing (or a swap) would leave hard rules broken; `violations` lists them."""

    def __init__(self, message, violations):
        super().__init__(message)
        self.violations = list(violations)

    def as_data(self) -> dict:
        data = super().as_data()
        data["violations"] = [v.as_dict() for v in self.violations]
        return data
