"""What each kind accepts in an edit (PATCH, the UI's edit forms): all fields optional."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any, ClassVar

from pydantic import (
    AliasChoices,
    ConfigDict,
    Field,
    StringConstraints,
    ValidationInfo,
    field_validator,
)

from workflow.inputs import Code, CountryCode, FocalPointInput
from workflow.schemas import Shape, ShortText, Text

LongText = Annotated[str, StringConstraints(strip_whitespace=True, max_length=20_000)]


def _drop_null(schema: dict[str, Any], cls: Any) -> None:
    """The JSON schema shows null only where null is accepted (the OpenAPI document)."""
    for name, prop in schema.get("properties", {}).items():
        options = prop.get("anyOf", [])
        if name not in cls.NULLABLE and {"type": "null"} in options:
            kept = [o for o in options if o != {"type": "null"}]
            prop.pop("anyOf")
            prop.pop("default", None)
            prop.update(kept[0] if len(kept) == 1 else {"anyOf": kept})


class Edit(Shape):
    """Fields left out stay as they are; only NULLABLE ones may be sent as null (a null
    for a required column would otherwise reach the database instead of being refused)."""

    model_config = ConfigDict(json_schema_extra=_drop_null)
    NULLABLE: ClassVar[frozenset[str]] = frozenset()

    @field_validator("*", mode="before")
    @classmethod
    def not_null(cls, value: Any, info: ValidationInfo) -> Any:
        if value is None and info.field_name not in cls.NULLABLE:
            raise ValueError("must not be null")
        return value


class RequestEdit(Edit):
    NULLABLE = frozenset({"endorsed_by", "endorsed_on"})
    requester_name: ShortText | None = None
    requester_type: Code | None = None
    countries: Annotated[list[CountryCode], Field(min_length=1, max_length=60)] | None = None
    thematic_areas: Annotated[list[Code], Field(max_length=10)] | None = None
    topics: Annotated[list[Code], Field(max_length=10)] | None = None
    received_on: dt.date | None = None
    summary: Text | None = None
    endorsed_by: ShortText | None = None
    endorsed_on: dt.date | None = None
    owner_id: int | None = Field(None, validation_alias=AliasChoices("owner_id", "owner"))


class ActionEdit(Edit):
    title: ShortText | None = None
    objectives: LongText | None = None
    context: LongText | None = None
    countries: Annotated[list[CountryCode], Field(min_length=1, max_length=60)] | None = None
    thematic_areas: Annotated[list[Code], Field(max_length=10)] | None = None
    topics: Annotated[list[Code], Field(max_length=10)] | None = None
    focal_points: Annotated[list[FocalPointInput], Field(max_length=30)] | None = None
    owner_id: int | None = Field(None, validation_alias=AliasChoices("owner_id", "owner"))


class ActivityEdit(Edit):
    NULLABLE = frozenset({"planned_start", "planned_end"})
    type: Code | None = None
    title: ShortText | None = None
    place: Annotated[str, StringConstraints(strip_whitespace=True, max_length=300)] | None = None
    planned_start: dt.date | None = None
    planned_end: dt.date | None = None
    expert_ids: Annotated[list[int], Field(max_length=50)] | None = None


# Fields an object shows but no edit may change: sending one is `not_editable` (409).
READ_ONLY = frozenset(
    {"id", "version", "state", "created_at", "updated_at", "action_id", "request_id"}
    | {"partner_validated_by", "partner_validated_on", "psc_round", "psc_deadline", "votes"}
    | {"evaluation", "activity_ids", "actual_start", "actual_end", "participants"}
    | {"report_due_on", "report", "participant_feedback"}
)
