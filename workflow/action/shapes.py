"""What callers send about Actions: an edit, the focal points, the evaluation at `close`."""

from __future__ import annotations

from typing import Annotated

from pydantic import (
    AliasChoices,
    Field,
    field_validator,
)

from db.reference.catalog import GOOD_PRACTICE_FEATURES
from workflow.editing.shapes import Edit
from workflow.engine.shapes import (
    Code,
    CountryCode,
    Email,
    LongText,
    Name,
    Shape,
    ShortText,
    Text,
    Title,
)

Rating = Annotated[int, Field(ge=1, le=4, strict=True)]


GOOD_PRACTICE_CODES = tuple(code for code, _ in GOOD_PRACTICE_FEATURES)


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


class FocalPointInput(Shape):
    name: Name
    institution: ShortText
    email: Email


class ActionEdit(Edit):
    title: Title | None = None
    objectives: LongText | None = None
    context: LongText | None = None
    countries: Annotated[list[CountryCode], Field(min_length=1, max_length=60)] | None = None
    thematic_areas: Annotated[list[Code], Field(max_length=10)] | None = None
    topics: Annotated[list[Code], Field(max_length=10)] | None = None
    focal_points: Annotated[list[FocalPointInput], Field(max_length=30)] | None = None
    owner_id: int | None = Field(None, validation_alias=AliasChoices("owner_id", "owner"))
