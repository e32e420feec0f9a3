"""Shapes of new objects and of edits (checked before anything is written)."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any

from pydantic import EmailStr, Field, StringConstraints, ValidationInfo, field_validator

from db.experts import EXPERT_TYPES, GENDERS
from workflow.schemas import Shape, ShortText, Text, end_not_before

Code = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=40)]
CountryCode = Annotated[
    str, StringConstraints(strip_whitespace=True, to_upper=True, pattern=r"^[A-Za-z]{2}$")
]


class FocalPointInput(Shape):
    name: ShortText
    institution: ShortText
    email: EmailStr


class RequestInput(Shape):
    requester_name: ShortText
    requester_type: Code
    countries: Annotated[list[CountryCode], Field(min_length=1, max_length=60)]
    thematic_areas: Annotated[list[Code], Field(max_length=10)] = []
    topics: Annotated[list[Code], Field(max_length=10)] = []
    received_on: dt.date
    summary: Text
    endorsed_by: ShortText | None = None
    endorsed_on: dt.date | None = None
    owner_id: int | None = None


class ActivityInput(Shape):
    type: Code
    title: ShortText
    place: Annotated[str, StringConstraints(strip_whitespace=True, max_length=300)] = ""
    planned_start: dt.date | None = None
    planned_end: dt.date | None = None
    expert_ids: Annotated[list[int], Field(max_length=50)] = []

    @field_validator("planned_end")
    @classmethod
    def planned_end_ordered(cls, value: dt.date | None, info: ValidationInfo) -> Any:
        return end_not_before(value, info, "planned_start")


class Period(Shape):
    start: dt.date
    end: dt.date

    @field_validator("end")
    @classmethod
    def end_ordered(cls, value: dt.date | None, info: ValidationInfo) -> Any:
        return end_not_before(value, info, "start")


class ExpertInput(Shape):
    name: ShortText
    email: EmailStr
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
