"""The paths of the OpenAPI document: every route of docs/api.md, with its bodies and errors."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from pydantic import BaseModel
from pydantic.json_schema import JsonSchemaMode

from webui.api import schemas as s
from webui.api.collections import PAGES, StatsOut
from webui.api.openapi_bodies import PATCH_BODIES
from workflow.services import LIFECYCLES, ActivityInput, ExpertInput, RequestInput

ERRORS = {
    400: "bad_request: the body is not JSON, or not an object.",
    401: "unauthenticated: no valid bearer token.",
    403: "forbidden: the user's roles (or link to the object) do not allow this.",
    404: "not_found: no such object, not visible to this user, or no such trigger.",
    409: "stale (version is not current), invalid_transition (not possible now; "
    "reason not_editable for fields), or guard_failed (reasons list every failing guard).",
    413: "payload_too_large: the body is larger than 1 MiB.",
    422: "validation_failed: the body's, data's or a query argument's shape; "
    "reasons[].code is the dotted path of the field.",
    429: "throttled: too many failed logins lately for this username or from this address; "
    "the Retry-After header gives the seconds to wait.",
}
RETRY_AFTER = {
    "Retry-After": {
        "description": "Seconds to wait before trying again.",
        "schema": {"type": "integer", "minimum": 1},
    }
}
READ = (401, 404)
WRITE = (400, 401, 403, 404, 409, 413, 422)
CREATE = (400, 401, 403, 413, 422)
KINDS: dict[str, tuple[str, type[BaseModel]]] = {
    "requests": ("request", s.RequestOut),
    "actions": ("action", s.ActionOut),
    "activities": ("activity", s.ActivityOut),
    "experts": ("expert", s.ExpertOut),
}
Schema = dict[str, Any]


def param(name: str, where: str, schema: Schema, description: str = "") -> Schema:
    return {"name": name, "in": where, "required": where == "path", "schema": schema} | (
        {"description": description} if description else {}
    )


def whole(top: int) -> Schema:
    return {"type": "integer", "minimum": 1, "maximum": top}


ID = param("id", "path", whole(2**31 - 1), "The object's id.")
PAGING = [
    param("page", "query", whole(999_999_999), "The page, from 1 (default 1)."),
    param("per_page", "query", whole(999_999_999), "Default 20; above 100 is capped at 100."),
]
ROUND = param("round", "query", whole(999_999_999), "The PSC round (default: the current).")
UNREAD = param("unread", "query", {"type": "boolean"}, "Only unread (true) or read (false).")
SCOPE = [param(n, "query", {"type": "string"}, f"A {n} code.") for n in ("phase", "region")]
SPAN = [
    param(n, "query", {"type": "string", "format": "date"}, f"{d} day of receipt, included.")
    for n, d in (("from", "The first"), ("to", "The last"))
]


@dataclass
class Op:
    """One operation: its answer on success, the errors it may give, its body and parameters."""

    summary: str
    ok: int
    answer: type[BaseModel] | None
    errors: tuple[int, ...]
    body: type[BaseModel] | None = None
    params: list[Schema] = field(default_factory=list)
    array: bool = False
    public: bool = False


class Builder:
    def __init__(
        self,
        ref: Callable[[type[BaseModel], JsonSchemaMode], Schema],
        fire_bodies: dict[tuple[str, str], type[BaseModel]],
    ) -> None:
        self.ref = ref
        self.fire_bodies = fire_bodies

    def content(self, schema: Schema) -> Schema:
        return {"application/json": {"schema": schema}}

    def render(self, op: Op) -> Schema:
        ok: Schema = {"description": "Done." if op.answer else "Done, no body."}
        if op.answer is not None:
            schema = self.ref(op.answer, "serialization")
            ok["content"] = self.content({"type": "array", "items": schema} if op.array else schema)
        error = self.content(self.ref(s.ErrorOut, "serialization"))
        responses = {str(op.ok): ok} | {
            str(code): {"description": ERRORS[code], "content": error} for code in op.errors
        }
        if "429" in responses:
            responses["429"]["headers"] = RETRY_AFTER
        found: Schema = {"summary": op.summary, "responses": responses}
        if op.params:
            found["parameters"] = op.params
        if op.body is not None:
            body = self.content(self.ref(op.body, "validation"))
            found["requestBody"] = {"required": True, "content": body}
        if op.public:
            found["security"] = []
        return found

    def paths(self) -> Schema:
        ops: list[tuple[str, str, Op]] = []
        for plural in KINDS:
            ops += self.kind_ops(plural)
        ops += self.other_ops()
        paths: Schema = {}
        for path, method, op in ops:
            item = paths.setdefault(path, {})
            if "{id}" in path:
                item["parameters"] = [ID]
            item[method] = self.render(op)
        paths["/openapi.json"] = {"get": self.document_op()}
        return dict(sorted(paths.items()))

    def kind_ops(self, plural: str) -> list[tuple[str, str, Op]]:
        one, out = KINDS[plural]
        params = list(PAGING)
        if one in LIFECYCLES:
            states = {"type": "string", "enum": list(LIFECYCLES[one].states)}
            params.append(param("state", "query", states, "Only objects in this state."))
        page = Op(f"A page of the {plural} you may see", 200, PAGES[plural], (401, 422))
        page.params = params
        ops = [
            (f"/{plural}", "get", page),
            (f"/{plural}/{{id}}", "get", Op(f"One {one}", 200, out, READ)),
            (
                f"/{plural}/{{id}}",
                "patch",
                Op("Change fields", 200, out, WRITE, PATCH_BODIES[plural]),
            ),
        ]
        if one not in LIFECYCLES:
            return ops
        ops += [
            (f"/{plural}/{{id}}/transitions", "get",
             Op("What may be fired now, and what blocks the rest", 200, s.TransitionOut, READ,
                array=True)),
            (f"/{plural}/{{id}}/history", "get",
             Op("The history, oldest first", 200, s.HistoryOut, READ, array=True)),
        ]  # fmt: skip
        for (kind, trigger), body in self.fire_bodies.items():
            if kind == plural:
                label = LIFECYCLES[one].transitions[trigger].label
                fired = Op(f"Fire '{label}': the changed {one}", 200, out, WRITE, body)
                ops.append((f"/{plural}/{{id}}/transitions/{trigger}", "post", fired))
        return ops

    def other_ops(self) -> list[tuple[str, str, Op]]:
        return [
            ("/requests", "post", Op("Record a Request (staff)", 201, s.RequestOut, CREATE,
                                     RequestInput)),
            ("/experts", "post", Op("Add an Expert (staff)", 201, s.ExpertOut, CREATE,
                                    ExpertInput)),
            ("/actions/{id}/activities", "post",
             Op("Add an Activity (staff)", 201, s.ActivityOut, WRITE, ActivityInput)),
            ("/actions/{id}/votes", "post",
             Op("Cast your PSC vote: the Action", 200, s.ActionOut, WRITE, s.VoteIn)),
            ("/actions/{id}/votes", "get",
             Op("A round's votes", 200, s.VoteOut, (401, 404, 422), params=[ROUND], array=True)),
            ("/notifications", "get",
             Op("Your notifications, newest first", 200, PAGES["notifications"], (401, 422),
                params=[UNREAD, *PAGING])),
            ("/notifications/{id}/read", "post",
             Op("Mark one of your notifications read", 200, s.NotificationOut, READ)),
            ("/stats", "get", Op("The programme's figures", 200, StatsOut, (401, 422),
                                 params=[*SCOPE, *SPAN])),
            ("/auth/token", "post", Op("A token for a username and password", 201, s.TokenOut,
                                       (400, 401, 413, 422, 429), s.TokenIn, public=True)),
            ("/auth/token", "delete", Op("Revoke the token presented", 204, None, (401,))),
        ]  # fmt: skip

    def document_op(self) -> Schema:
        schema = self.content({"type": "object"})
        answer = {"200": {"description": "This OpenAPI 3.1 document.", "content": schema}}
        return {"summary": "This document", "responses": answer, "security": []}
