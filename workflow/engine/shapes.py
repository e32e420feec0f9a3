"""Shapes and field types that every lifecycle's input shares (422 when malformed).

pydantic validates them and the API's OpenAPI document is generated from the
same classes, so the contract and the checks cannot drift apart."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any

from pydantic import (
    BaseModel,
    ConfigDict,
    StringConstraints,
    ValidationInfo,
)

from workflow.engine.errors import Reason

Text = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=20_000)]


ShortText = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=300)]


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


Code = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=40)]


CountryCode = Annotated[
    str, StringConstraints(strip_whitespace=True, to_upper=True, pattern=r"^[A-Za-z]{2}$")
]
