"""The OpenAPI 3.1 document of the API, generated from the pydantic shapes.

pydantic v2 writes JSON Schema 2020-12, which OpenAPI 3.1 uses as is: the
shapes that check a body are the schemas that describe it.
"""

from __future__ import annotations

from functools import cache
from typing import Any

from pydantic import BaseModel
from pydantic.json_schema import JsonSchemaMode, models_json_schema

from webui.api import schemas as s
from webui.api.collections import PAGES, StatsOut
from webui.api.library import DeliverableOut, DeliverablePage, WithdrawIn
from webui.api.openapi_bodies import PATCH_BODIES, fire_body, fireable
from webui.api.openapi_paths import Builder
from workflow.services import ActivityInput, ExpertInput, RequestInput

OUTPUTS: list[type[BaseModel]] = [
    s.RequestOut,
    s.ActionOut,
    s.ActivityOut,
    s.ExpertOut,
    s.ExpertAnswer,
    s.TransitionOut,
    s.HistoryOut,
    s.VoteOut,
    s.NotificationOut,
    s.TokenOut,
    s.ErrorOut,
    StatsOut,
    *PAGES.values(),
    DeliverableOut,
    DeliverablePage,
]
INPUTS: list[type[BaseModel]] = [
    RequestInput,
    ExpertInput,
    ActivityInput,
    s.TokenIn,
    s.VoteIn,
    WithdrawIn,
    *PATCH_BODIES.values(),
]
LIFECYCLE_KINDS = {"requests": "request", "actions": "action", "activities": "activity"}


@cache
def document() -> dict[str, Any]:
    """The whole document (built once per process: the shapes do not change at run time)."""
    fire_bodies = {
        (plural, t.trigger): fire_body(kind, t)
        for plural, kind in LIFECYCLE_KINDS.items()
        for t in fireable(kind)
    }
    models: list[tuple[type[BaseModel], JsonSchemaMode]] = [
        *((m, "serialization") for m in OUTPUTS),
        *((m, "validation") for m in [*INPUTS, *fire_bodies.values()]),
    ]
    refs, top = models_json_schema(models, ref_template="#/components/schemas/{model}")

    def ref(model: type[BaseModel], mode: JsonSchemaMode) -> dict[str, Any]:
        return dict(refs[(model, mode)])

    builder = Builder(ref, fire_bodies)
    return {
        "openapi": "3.1.0",
        "info": {
            "title": "MIEUX Workflow API",
            "version": "1",
            "description": "Requests, Actions and Activities as guarded lifecycles "
            "(described in docs/api.md of the repository). Every error has the body "
            '`{"error", "message", "reasons"}`; checks run in the order '
            "401, 400, 404, 403, 422, 409.",
        },
        "servers": [{"url": "/api/v1"}],
        "security": [{"bearerAuth": []}],
        "paths": builder.paths(),
        "components": {
            "schemas": top.get("$defs", {}),
            "securitySchemes": {"bearerAuth": {"type": "http", "scheme": "bearer"}},
        },
    }
