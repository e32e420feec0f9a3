"""What callers send about Requests: a new one, an edit, the reasons of a decline."""

from __future__ import annotations

from typing import Annotated

from pydantic import (
    AliasChoices,
    Field,
)

from workflow.editing.shapes import Edit
from workflow.engine.shapes import Code, CountryCode, Date, Shape, ShortText, Text


class DeclineData(Shape):
    reasons: Text


class RequestInput(Shape):
    requester_name: ShortText
    requester_type: Code
    countries: Annotated[list[CountryCode], Field(min_length=1, max_length=60)]
    thematic_areas: Annotated[list[Code], Field(max_length=10)] = []
    topics: Annotated[list[Code], Field(max_length=10)] = []
    received_on: Date
    summary: Text
    endorsed_by: ShortText | None = None
    endorsed_on: Date | None = None
    owner_id: int | None = None


class RequestEdit(Edit):
    NULLABLE = frozenset({"endorsed_by", "endorsed_on"})
    requester_name: ShortText | None = None
    requester_type: Code | None = None
    countries: Annotated[list[CountryCode], Field(min_length=1, max_length=60)] | None = None
    thematic_areas: Annotated[list[Code], Field(max_length=10)] | None = None
    topics: Annotated[list[Code], Field(max_length=10)] | None = None
    received_on: Date | None = None
    summary: Text | None = None
    endorsed_by: ShortText | None = None
    endorsed_on: Date | None = None
    owner_id: int | None = Field(None, validation_alias=AliasChoices("owner_id", "owner"))
