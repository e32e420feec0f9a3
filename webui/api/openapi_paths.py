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
from workflow.services import (
    LIFECYCLES,
    UPLOAD_MEDIA_TYPES,
    ActivityInput,
    DeliverableInput,
    ExpertInput,
    RequestInput,
)

ERRORS = {
    400: "bad_request: the body is not JSON, or not an object.",
    401: "unauthenticated: no valid bearer token.",
    403: "forbidden: the user's roles (or link to the object) do not allow this.",
    404: "not_found: no such object, not visible to this user, or no such trigger.",
    409: "stale (version is not current), invalid_transition (not possible now; "
    "reason not_editable for fields), guard_failed (reasons list every failing guard), "
    "or conflict (the data clashes with a row stored meanwhile).",
    413: "payload_too_large: the body is larger than 1 MiB.",
    422: "validation_failed: the body's, data's or a query argument's shape; "
    "reasons[].code is the dotted path of the field.",
    429: "throttled: too many failed logins lately for this username or from this address; "
    "the Retry-After header gives the seconds to wait.",
    503: "unavailable: the database cannot be used just now (unreachable, busy or "
    "read-only); nothing was saved. Retry-After says when to try again.",
}
RETRY_AFTER = {
    "Retry-After": {
        "description": "Seconds to wait before trying again.",
        "schema": {"type": "integer", "minimum": 1},
    }
}
# Every operation reads the database, so any may answer 503 (an addition to each).
ALWAYS = (503,)
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
# What GET /{kind}/{id} answers when it differs from the edited object's shape.
VIEWS: dict[str, type[BaseModel]] = {"experts": s.ExpertAnswer}


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
    form: Schema | None = None  # a multipart/form-data body (an upload)
    binary: bool = False  # the answer is a file


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
        if op.binary:
            ok = {"description": "The file, as an attachment.", "content": FILE_ANSWER}
        if op.answer is not None:
            schema = self.ref(op.answer, "serialization")
            ok["content"] = self.content({"type": "array", "items": schema} if op.array else schema)
        error = self.content(self.ref(s.ErrorOut, "serialization"))
        responses = {str(op.ok): ok} | {
            str(code): {"description": ERRORS[code], "content": error}
            for code in (*op.errors, *ALWAYS)
        }
        if "429" in responses:
            responses["429"]["headers"] = RETRY_AFTER
        found: Schema = {"summary": op.summary, "responses": responses}
        if op.params:
            found["parameters"] = op.params
        if op.body is not None:
            body = self.content(self.ref(op.body, "validation"))
            found["requestBody"] = {"required": True, "content": body}
        if op.form is not None:
            found["requestBody"] = {
                "required": True,
                "content": {"multipart/form-data": {"schema": op.form}},
            }
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
            (f"/{plural}/{{id}}", "get", Op(f"One {one}", 200, VIEWS.get(plural, out), READ)),
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
            *library_ops(),
            ("/auth/token", "post", Op("A token for a username and password", 201, s.TokenOut,
                                       (400, 401, 413, 422, 429), s.TokenIn, public=True)),
            ("/auth/token", "delete", Op("Revoke the token presented", 204, None, (401,))),
        ]  # fmt: skip

    def document_op(self) -> Schema:
        schema = self.content({"type": "object"})
        answer = {"200": {"description": "This OpenAPI 3.1 document.", "content": schema}}
        return {"summary": "This document", "responses": answer, "security": []}


BINARY: Schema = {"type": "string", "format": "binary"}
FILE_ANSWER = {media: {"schema": BINARY} for media in UPLOAD_MEDIA_TYPES}
LIBRARY_SEARCH = [
    param("q", "query", {"type": "string", "maxLength": 100}, "Words, each found in a title, "
          "a type, or the Action's title, countries or thematic areas."),
    param("type", "query", {"type": "string"}, "A deliverable type."),
    param("country", "query", {"type": "string"}, "A country code of the Action."),
    param("area", "query", {"type": "string"}, "A thematic area code of the Action."),
    *PAGING,
]  # fmt: skip


def upload_form(shape: type[BaseModel] | None) -> Schema:
    """A multipart body: the shape's fields as form fields, and the file."""
    fields: Schema = shape.model_json_schema() if shape else {"properties": {}, "required": []}
    return {
        "type": "object",
        "properties": {**fields["properties"], "file": BINARY},
        "required": [*fields.get("required", []), "file"],
    }


def library_ops() -> list[tuple[str, str, Op]]:
    from webui.api.library import DeliverableOut, DeliverablePage, WithdrawIn

    upload = (400, 401, 403, 404, 413, 422)
    ops = [
        (
            "/deliverables",
            "get",
            Op(
                "Search the deliverables of the Actions you may see",
                200,
                DeliverablePage,
                (401, 422),
                params=LIBRARY_SEARCH,
            ),
        ),
        (
            "/deliverables/{id}/file",
            "get",
            Op("Download a deliverable's file", 200, None, READ, binary=True),
        ),
        (
            "/deliverables/{id}/withdraw",
            "post",
            Op(
                "Withdraw a deliverable (staff): no longer listed, kept in the history",
                204,
                None,
                (400, 401, 403, 404, 413, 422),
                WithdrawIn,
            ),
        ),
        (
            "/experts/{id}/cv",
            "get",
            Op(
                "Download an expert's CV (staff, PSC, admin, the expert)",
                200,
                None,
                READ,
                binary=True,
            ),
        ),
        (
            "/experts/{id}/cv",
            "put",
            Op(
                "Upload an expert's CV (staff, the expert): replaces it",
                204,
                None,
                upload,
                form=upload_form(None),
            ),
        ),
    ]
    for plural, one in (("actions", "Action"), ("activities", "activity report")):
        ops += [
            (
                f"/{plural}/{{id}}/deliverables",
                "get",
                Op(f"The files of an {one}", 200, DeliverableOut, READ, array=True),
            ),
            (
                f"/{plural}/{{id}}/deliverables",
                "post",
                Op(
                    f"Add a file to an {one}",
                    201,
                    DeliverableOut,
                    upload,
                    form=upload_form(DeliverableInput),
                ),
            ),
        ]
    return ops  # fmt: skip
