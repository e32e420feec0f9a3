"""Shapes and field types that every lifecycle's input shares (422 when malformed).

pydantic validates them and the API's OpenAPI document is generated from the
same classes, so the contract and the checks cannot drift apart."""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from dataclasses import dataclass
from typing import Annotated, Any

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    EmailStr,
    Field,
    GetCoreSchemaHandler,
    GetJsonSchemaHandler,
    StringConstraints,
    ValidationInfo,
    field_validator,
)
from pydantic_core import core_schema

from db import lengths
from workflow.engine.errors import Reason

LINE_BREAKS = frozenset("\n\r\t")


def has_control(text: str, allowed: frozenset[str] = frozenset()) -> bool:
    """Whether `text` holds a control character other than those `allowed`."""
    return any(unicodedata.category(c) == "Cc" and c not in allowed for c in text)


def has_visible(text: str) -> bool:
    """Whether `text` holds a character one can see (not blank, control or format)."""
    return any(not c.isspace() and unicodedata.category(c)[0] not in "CZ" for c in text)


def one_line(value: str) -> str:
    if has_control(value):
        raise ValueError("must not contain control characters (line breaks, tabs, ...)")
    return value


def long_text(value: str) -> str:
    if has_control(value, LINE_BREAKS):
        raise ValueError("must not contain control characters other than line breaks and tabs")
    return value


def visible(value: str) -> str:
    if not has_visible(value):
        raise ValueError("must contain visible characters")
    return value


def _bounded(length: int, required: bool = True) -> Any:
    return StringConstraints(
        strip_whitespace=True, min_length=1 if required else None, max_length=length
    )


Text = Annotated[
    str, _bounded(lengths.LONG_TEXT), AfterValidator(long_text), AfterValidator(visible)
]
"""A required free text: line breaks and tabs allowed, at least one visible character."""

LongText = Annotated[str, _bounded(lengths.LONG_TEXT, required=False), AfterValidator(long_text)]
"""An optional free text (may be empty)."""

ShortText = Annotated[
    str, _bounded(lengths.SHORT_TEXT), AfterValidator(one_line), AfterValidator(visible)
]
"""A required one-line text."""

OptionalLine = Annotated[
    str, _bounded(lengths.SHORT_TEXT, required=False), AfterValidator(one_line)
]
"""A one-line text that may be empty (an Activity's place)."""

Name = Annotated[str, _bounded(lengths.NAME), AfterValidator(one_line), AfterValidator(visible)]
"""A person's name."""

Title = Annotated[
    str, _bounded(lengths.ACTION_TITLE), AfterValidator(one_line), AfterValidator(visible)
]
"""An Action Fiche's title."""

Email = Annotated[EmailStr, Field(max_length=lengths.EMAIL)]
"""An e-mail address (shown with format email and its length in the OpenAPI document)."""

FIRST_YEAR = 1990
"""No Request, Activity or availability of the programme lies before this year."""

_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


def latest_date() -> dt.date:
    """The last plausible date: the end of the year ten years from now."""
    return dt.date(dt.date.today().year + 10, 12, 31)


def _iso_date(value: Any) -> Any:
    if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
        return value
    if not isinstance(value, str) or not _ISO_DATE.fullmatch(value):
        raise ValueError("must be a calendar date written YYYY-MM-DD")
    return value


def _plausible(value: dt.date) -> dt.date:
    last = latest_date()
    if not dt.date(FIRST_YEAR, 1, 1) <= value <= last:
        raise ValueError(f"must lie between {FIRST_YEAR}-01-01 and {last.isoformat()}")
    return value


Date = Annotated[dt.date, BeforeValidator(_iso_date), AfterValidator(_plausible)]
"""Every date callers send: an ISO calendar date string (YYYY-MM-DD, no time, no number)
from 1990 to ten years ahead."""


class Shape(BaseModel):
    """Strict shapes: unknown fields are refused, not ignored."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)


def end_not_before(value: dt.date | None, info: ValidationInfo, start_field: str) -> Any:
    """Refuse an end date before its start date; the error names the end field."""
    start = info.data.get(start_field)
    if value is not None and start is not None and value < start:
        raise ValueError(f"must not be before {start_field} ({start.isoformat()})")
    return value


def dates_in_order(start_field: str, end_field: str) -> Any:
    """A shape's validator, assigned in its class body: `end_field` is not before `start_field`."""

    def ordered(cls: type[Shape], value: dt.date | None, info: ValidationInfo) -> Any:
        return end_not_before(value, info, start_field)

    return field_validator(end_field)(ordered)


@dataclass(frozen=True)
class OneOf:
    """An annotation: the text must be one of `codes` (an enum in the OpenAPI document)."""

    codes: tuple[str, ...]

    def __get_pydantic_core_schema__(self, source: Any, handler: GetCoreSchemaHandler) -> Any:
        return core_schema.no_info_after_validator_function(self._check, handler(source))

    def __get_pydantic_json_schema__(self, schema: Any, handler: GetJsonSchemaHandler) -> Any:
        found = handler(schema)
        found["enum"] = [*self.codes]
        return found

    def _check(self, value: str) -> str:
        if value not in self.codes:
            raise ValueError(f"must be one of {', '.join(self.codes)}")
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


def comment_reasons(comment: str, required: str | None = None) -> list[Reason]:
    """What is wrong with an act's comment: unstorable, control characters other than line
    breaks and tabs, longer than a long text, or (with `required`, the message) nothing visible."""
    if not comment:  # most acts send none: nothing to scan
        return [Reason("comment", required)] if required else []
    reasons = unstorable(comment, "comment")
    if not reasons and has_control(comment, LINE_BREAKS):
        reasons.append(
            Reason("comment", "must not contain control characters other than line breaks and tabs")
        )
    if len(comment) > lengths.LONG_TEXT:
        reasons.append(Reason("comment", f"must be at most {lengths.LONG_TEXT} characters long"))
    if required and not reasons and not has_visible(comment):
        reasons.append(Reason("comment", required))
    return reasons


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


Code = Annotated[str, _bounded(lengths.CODE)]


CountryCode = Annotated[
    str, StringConstraints(strip_whitespace=True, to_upper=True, pattern=r"^[A-Za-z]{2}$")
]
