"""What callers send about Experts: a new one with its languages, contact and availability."""

from __future__ import annotations

import re
from typing import Annotated, Any, ClassVar

import pycountry
from pydantic import AfterValidator, Field, StringConstraints

from db import lengths
from db.experts import EXPERT_TYPES, GENDERS
from workflow.engine.shapes import (
    Code,
    CountryCode,
    Date,
    Email,
    Name,
    OneOf,
    Shape,
    ShortText,
    dates_in_order,
)

ExpertType = Annotated[str, OneOf(EXPERT_TYPES)]
Gender = Annotated[str, OneOf(GENDERS)]
_PHONE = re.compile(r"\+?[0-9][0-9 ()./-]{3,}")


def _known_language(code: str) -> str:
    if pycountry.languages.get(alpha_2=code) is None:
        raise ValueError(f"{code!r} is not an ISO 639-1 language code (such as en, fr, es)")
    return code


def _phone(value: str) -> str:
    if not _PHONE.fullmatch(value) or sum(c.isdigit() for c in value) < 4:
        raise ValueError("must be a telephone number: digits, spaces, ( ) . / - and a leading +")
    return value


Language = Annotated[str, StringConstraints(pattern=r"^[a-z]{2}$"), AfterValidator(_known_language)]
"""An ISO 639-1 code, lower case, that pycountry knows."""

Phone = Annotated[
    str,
    StringConstraints(strip_whitespace=True, min_length=1, max_length=lengths.PHONE),
    AfterValidator(_phone),
]
Languages = Annotated[list[Language], Field(max_length=30)]
Areas = Annotated[list[Code], Field(max_length=10)]


class Period(Shape):
    start: Date
    end: Date

    end_ordered: ClassVar[Any] = dates_in_order("start", "end")


Periods = Annotated[list[Period], Field(max_length=100)]


class ExpertInput(Shape):
    name: Name
    email: Email
    nationality: CountryCode
    type: ExpertType
    gender: Gender
    administration: ShortText | None = None
    member_state: CountryCode | None = Field(
        default=None,
        description="The Member State of an EU government expert's administration; by "
        "default their nationality when it is one. Only for type eu_government.",
    )
    phone: Phone | None = None
    languages: Languages = []
    availability: Periods = []
    thematic_areas: Areas = []
    has_cv: bool = False
