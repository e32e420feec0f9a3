"""What callers send about Experts: a new one with its availability periods."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any

from pydantic import Field, StringConstraints, ValidationInfo, field_validator

from db.experts import EXPERT_TYPES, GENDERS
from workflow.engine.shapes import (
    Code,
    CountryCode,
    Date,
    Email,
    Name,
    Shape,
    ShortText,
    end_not_before,
)


class Period(Shape):
    start: Date
    end: Date

    @field_validator("end")
    @classmethod
    def end_ordered(cls, value: dt.date | None, info: ValidationInfo) -> Any:
        return end_not_before(value, info, "start")


class ExpertInput(Shape):
    name: Name
    email: Email
    nationality: CountryCode
    type: Annotated[str, Field(json_schema_extra={"enum": list(EXPERT_TYPES)})]
    gender: Annotated[str, Field(json_schema_extra={"enum": list(GENDERS)})]
    administration: ShortText | None = None
    languages: Annotated[
        list[Annotated[str, StringConstraints(pattern=r"^[a-z]{2}$")]], Field(max_length=30)
    ] = []
    availability: Annotated[list[Period], Field(max_length=100)] = []
    thematic_areas: Annotated[list[Code], Field(max_length=10)] = []
    has_cv: bool = False

    @field_validator("type")
    @classmethod
    def known_type(cls, value: str) -> str:
        if value not in EXPERT_TYPES:
            raise ValueError(f"must be one of {', '.join(EXPERT_TYPES)}")
        return value

    @field_validator("gender")
    @classmethod
    def known_gender(cls, value: str) -> str:
        if value not in GENDERS:
            raise ValueError(f"must be one of {', '.join(GENDERS)}")
        return value
