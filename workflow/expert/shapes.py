"""What callers send about Experts: a new one with its availability periods."""

from __future__ import annotations

from typing import Annotated, Any, ClassVar

from pydantic import Field, StringConstraints

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


class Period(Shape):
    start: Date
    end: Date

    end_ordered: ClassVar[Any] = dates_in_order("start", "end")


class ExpertInput(Shape):
    name: Name
    email: Email
    nationality: CountryCode
    type: ExpertType
    gender: Gender
    administration: ShortText | None = None
    languages: Annotated[
        list[Annotated[str, StringConstraints(pattern=r"^[a-z]{2}$")]], Field(max_length=30)
    ] = []
    availability: Annotated[list[Period], Field(max_length=100)] = []
    thematic_areas: Annotated[list[Code], Field(max_length=10)] = []
    has_cv: bool = False
