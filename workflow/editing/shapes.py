"""The common ground of edit shapes (PATCH, edit forms): fields optional, null only if allowed."""

from __future__ import annotations

from typing import Any, ClassVar

from pydantic import (
    ConfigDict,
    ValidationInfo,
    field_validator,
)

from workflow.engine.shapes import (
    LongText,  # noqa: F401  (re-exported for the edit shapes)
    Shape,
)


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


# Fields an object shows but no edit may change: sending one is `not_editable` (409).
READ_ONLY = frozenset(
    {"id", "version", "state", "created_at", "updated_at", "action_id", "request_id"}
    | {"partner_validated_by", "partner_validated_on", "psc_round", "psc_deadline", "votes"}
    | {"evaluation", "activity_ids", "actual_start", "actual_end", "participants"}
    | {"report_due_on", "report", "participant_feedback"}
)
