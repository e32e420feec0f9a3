"""Every bounded text has one length: its column's, its shapes' and the OpenAPI document's."""

from __future__ import annotations

from typing import Any

import pytest
import sqlalchemy as sa
from pydantic import BaseModel

from db import lengths
from db.models import Action, Activity, Expert, FocalPoint, Request, User
from workflow.action.shapes import ActionEdit, FocalPointInput
from workflow.activity.shapes import ActivityEdit, ActivityInput
from workflow.expert.edit import ExpertEdit
from workflow.expert.shapes import ExpertInput
from workflow.request.shapes import RequestEdit, RequestInput

SHAPES: list[tuple[type[BaseModel], type[Any]]] = [
    (RequestInput, Request),
    (RequestEdit, Request),
    (ActionEdit, Action),
    (FocalPointInput, FocalPoint),
    (ActivityInput, Activity),
    (ActivityEdit, Activity),
    (ExpertInput, Expert),
    (ExpertEdit, Expert),
]


def max_length(prop: dict[str, Any]) -> int | None:
    """The maxLength of a JSON-schema property, optional (anyOf with null) or not."""
    options = prop.get("anyOf", [prop])
    found = [o["maxLength"] for o in options if "maxLength" in o]
    return found[0] if found else None


def string_columns(model: type[Any]) -> dict[str, int | None]:
    return {c.name: c.type.length for c in model.__table__.columns if isinstance(c.type, sa.String)}


@pytest.mark.parametrize(("shape", "model"), SHAPES, ids=lambda x: getattr(x, "__name__", ""))
def test_each_string_field_has_its_column_s_length(shape: type[BaseModel], model: Any) -> None:
    columns = string_columns(model)
    checked = []
    for name, prop in shape.model_json_schema()["properties"].items():
        options = prop.get("anyOf", [prop])
        texts = [o for o in options if o.get("type") == "string" and "enum" not in o]
        if name in columns and texts:
            length = columns[name]
            if length is None:  # unbounded TEXT: the shape bounds it at the long-text limit
                assert max_length(prop) == lengths.LONG_TEXT, name
            else:
                assert max_length(prop) == length, f"{shape.__name__}.{name}"
            checked.append(name)
    assert checked


def test_the_fiche_s_validator_fits_any_name_it_may_be_given() -> None:
    validated_by = string_columns(Action)["partner_validated_by"]
    assert validated_by == string_columns(FocalPoint)["name"] == string_columns(User)["full_name"]
    assert validated_by == lengths.NAME
