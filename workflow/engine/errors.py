"""The refusals the workflow gives, each with a stable code and reasons a person can read.

They map one to one onto the API's error bodies (docs/api.md): the UI, the API
and the CLI all show the same words.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass


@dataclass(frozen=True)
class Reason:
    """Why something is refused: a stable `code` and a sentence for a person."""

    code: str
    message: str

    def as_dict(self) -> dict[str, str]:
        return {"code": self.code, "message": self.message}


def listed(code: str, message: str, items: Iterable[str]) -> list[Reason]:
    """No reason when `items` is empty; else one reason that names them all."""
    names = list(items)
    return [Reason(code, f"{message}: {', '.join(names)}.")] if names else []


class WorkflowError(Exception):
    code = "workflow_error"

    def __init__(self, message: str, reasons: Iterable[Reason] = ()) -> None:
        super().__init__(message)
        self.message = message
        self.reasons = list(reasons)

    def __str__(self) -> str:
        # A reason that only repeats the message (see `invalid`) is not said twice.
        said = (f"{r.code}: {r.message}" for r in self.reasons)
        details = "; ".join(d for d in said if d != self.message)
        return f"{self.message} ({details})" if details else self.message


class NotFound(WorkflowError):
    code = "not_found"


class Forbidden(WorkflowError):
    code = "forbidden"


class ValidationFailed(WorkflowError):
    code = "validation_failed"


class Stale(WorkflowError):
    code = "stale"


class InvalidTransition(WorkflowError):
    code = "invalid_transition"


class GuardFailed(WorkflowError):
    code = "guard_failed"


def invalid(field: str, message: str) -> ValidationFailed:
    """A validation refusal naming one field (a dotted path)."""
    return ValidationFailed(f"{field}: {message}", [Reason(field, message)])


def stale(what: str, current: int | None = None, sent: int | None = None) -> Stale:
    """The refusal of a change made on an old copy of `what` (409: reload and try again)."""
    versions = f" (version {current}, you sent {sent})" if current is not None else ""
    return Stale(f"This {what} was changed by someone else{versions}: reload and try again.")
