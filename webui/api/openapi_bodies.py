"""The request bodies of the OpenAPI document, built from the very shapes that check them.

PATCH bodies are the workflow's edit shapes plus `version` and `comment`; a
transition's body is the envelope around that transition's own data shape.
"""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict, Field, StrictStr, create_model

from webui.api.schemas import Version
from workflow.services import (
    LIFECYCLES,
    ActionEdit,
    ActivityEdit,
    Edit,
    ExpertEdit,
    RequestEdit,
    Transition,
)


def _title(*words: str) -> str:
    return "".join(part.title() for word in words for part in word.split("_"))


def patch_body(edit: type[Edit], name: str) -> type[BaseModel]:
    """The edit shape with `version` (required) and `comment` (may be null)."""
    model: type[Edit] = create_model(
        name,
        __base__=edit,
        version=(Version, ...),
        comment=(StrictStr | None, Field(None, description="Required during implementation.")),
    )
    model.NULLABLE = edit.NULLABLE | {"comment"}
    return model


PATCH_BODIES: dict[str, type[BaseModel]] = {
    "requests": patch_body(RequestEdit, "RequestPatch"),
    "actions": patch_body(ActionEdit, "ActionPatch"),
    "activities": patch_body(ActivityEdit, "ActivityPatch"),
    "experts": patch_body(ExpertEdit, "ExpertPatch"),
}


class Envelope(BaseModel):
    model_config = ConfigDict(extra="forbid")
    version: Version


def fire_body(kind: str, transition: Transition) -> type[BaseModel]:
    """`{"version", "comment", "data"}` for one trigger, `data` in that trigger's shape."""
    fields: dict[str, Any] = {}
    if transition.comment_required:
        fields["comment"] = (StrictStr, Field(description="Required for this transition."))
    else:
        fields["comment"] = (StrictStr | None, None)
    shape = transition.data
    if shape is not None:
        required = any(f.is_required() for f in shape.model_fields.values())
        fields["data"] = (shape, ...) if required else (shape | None, None)
    model: type[BaseModel] = create_model(
        _title(kind, transition.trigger, "body"), __base__=Envelope, **fields
    )
    return model


def fireable(kind: str) -> list[Transition]:
    """The triggers a person may post (system-only decisions are answered 403, not listed)."""
    return [t for t in LIFECYCLES[kind].transitions.values() if not t.system_only]
