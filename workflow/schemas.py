"""The shapes of what callers send: transition data and new objects (422 when malformed).

pydantic validates them and, later, the API's OpenAPI document is generated
from the same classes, so the contract and the checks cannot drift apart.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    StringConstraints,
    ValidationInfo,
    field_validator,
)

from db.reference.catalog import GOOD_PRACTICE_FEATURES
from workflow.errors import Reason

Text = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=20_000)]
ShortText = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=300)]
Rating = Annotated[int, Field(ge=1, le=4, strict=True)]
GOOD_PRACTICE_CODES = tuple(code for code, _ in GOOD_PRACTICE_FEATURES)


class Shape(BaseModel):
    """Strict shapes: unknown fields are refused, not ignored."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)


def end_not_before(value: dt.date | None, info: ValidationInfo, start_field: str) -> Any:
    """Refuse an end date before its start date; the error names the end field."""
    start = info.data.get(start_field)
    if value is not None and start is not None and value < start:
        raise ValueError(f"must not be before {start_field} ({start.isoformat()})")
    return value


class ReasonData(Shape):
    reason: Text


class DeclineData(Shape):
    reasons: Text


class DacRatings(Shape):
    relevance: Rating
    effectiveness: Rating
    efficiency: Rating
    sustainability: Rating
    impact: Rating
    coherence: Rating
    eu_added_value: Rating


class Evaluation(Shape):
    dac: DacRatings
    partner_feedback: Text
    expert_feedback: Text
    lessons_learned: Text
    good_practice: list[str]

    @field_validator("good_practice")
    @classmethod
    def known_codes(cls, value: list[str]) -> list[str]:
        unknown = sorted(set(value) - set(GOOD_PRACTICE_CODES))
        if unknown:
            raise ValueError(f"unknown good-practice codes {unknown}; known: {GOOD_PRACTICE_CODES}")
        return sorted(set(value), key=GOOD_PRACTICE_CODES.index)


class CloseData(Shape):
    evaluation: Evaluation


class ScheduleData(Shape):
    """Dates and experts may be sent here or set before by editing the planned Activity."""

    planned_start: dt.date | None = None
    planned_end: dt.date | None = None
    expert_ids: list[int] | None = None

    @field_validator("planned_end")
    @classmethod
    def planned_end_ordered(cls, value: dt.date | None, info: ValidationInfo) -> Any:
        return end_not_before(value, info, "planned_start")


class Participants(Shape):
    total: Annotated[int, Field(ge=0, strict=True)]
    women: Annotated[int, Field(ge=0, strict=True)] | None = None
    men: Annotated[int, Field(ge=0, strict=True)] | None = None

    @field_validator("men")
    @classmethod
    def split_fits(cls, men: int | None, info: ValidationInfo) -> int | None:
        women, total = info.data.get("women") or 0, info.data.get("total") or 0
        if (men or 0) + women > total:
            raise ValueError(f"women + men ({women + (men or 0)}) exceed the total ({total})")
        return men


class MarkHeldData(Shape):
    actual_start: dt.date
    actual_end: dt.date
    participants: Participants

    @field_validator("actual_end")
    @classmethod
    def actual_end_ordered(cls, value: dt.date | None, info: ValidationInfo) -> Any:
        return end_not_before(value, info, "actual_start")


class SubmitReportData(Shape):
    report: Text
    participant_feedback: Text


# Integer columns are 32-bit on PostgreSQL, and no text column holds NUL or a lone surrogate.
INT_LIMIT = 2**31 - 1


def unstorable(value: Any, path: str) -> list[Reason]:
    """Values no database column can hold, each named by its dotted path (422, never 500)."""
    if isinstance(value, dict):
        return [r for k, v in value.items() for r in unstorable(v, _join(path, str(k)))]
    if isinstance(value, list):
        return [r for i, v in enumerate(value) for r in unstorable(v, _join(path, str(i)))]
    if isinstance(value, str) and not _storable(value):
        return [Reason(path or "body", "Text must be valid Unicode without NUL characters.")]
    if isinstance(value, int) and not isinstance(value, bool) and abs(value) > INT_LIMIT:
        return [Reason(path or "body", f"Integers must lie within +/-{INT_LIMIT}.")]
    return []


def _join(path: str, key: str) -> str:
    return f"{path}.{key}" if path else key


def _storable(text: str) -> bool:
    if "\x00" in text:
        return False
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True
