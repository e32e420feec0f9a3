"""Routes every kind shares (list, get, edit) and the lifecycle kinds' transitions and history."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, Response, jsonify

from db.models import Action, Activity, Expert, Request
from webui.api import serializers
from webui.api.auth import services, user_id
from webui.api.body import envelope, int_arg, json_object, text_arg
from webui.api.schemas import EditEnvelope, FireEnvelope
from workflow import services as workflow
from workflow.services import (
    EDIT_SHAPES,
    LIFECYCLES,
    READ_ONLY,
    ExpertEdit,
    Reason,
    ValidationFailed,
    edit,
    edit_expert,
    parse,
    preflight,
    queries,
)

# URL kind -> (the workflow's kind, the model).
KINDS: dict[str, tuple[str, type[Any]]] = {
    "requests": ("request", Request),
    "actions": ("action", Action),
    "activities": ("activity", Activity),
    "experts": ("expert", Expert),
}
ID = "<int(max=2147483647):object_id>"
ANY_KIND = "<any(requests, actions, activities, experts):kind>"
LIFECYCLE_KIND = "<any(requests, actions, activities):kind>"


def register(bp: Blueprint) -> None:
    bp.add_url_rule(f"/{ANY_KIND}", "list_objects", list_objects, methods=["GET"])
    bp.add_url_rule(f"/{ANY_KIND}/{ID}", "get_object", get_object, methods=["GET"])
    bp.add_url_rule(f"/{ANY_KIND}/{ID}", "edit_object", edit_object, methods=["PATCH"])
    base = f"/{LIFECYCLE_KIND}/{ID}"
    bp.add_url_rule(f"{base}/transitions", "transitions", transitions, methods=["GET"])
    bp.add_url_rule(f"{base}/transitions/<trigger>", "fire", fire, methods=["POST"])
    bp.add_url_rule(f"{base}/history", "history", history, methods=["GET"])


def render(kind: str, object_id: int, status: int = 200) -> tuple[Response, int]:
    """The object as the caller now sees it (read in its own transaction, after a change)."""
    model = KINDS[kind][1]
    with services().uow() as uow:
        session = queries.read_only(uow)
        user = queries.actor(session, user_id())
        obj = queries.visible(session, model, object_id, user, serializers.LOADERS[model])
        return jsonify(serializers.one(session, obj, user).model_dump(mode="json")), status


def list_objects(kind: str) -> Response:
    name, model = KINDS[kind]
    page, per_page = int_arg("page", 1) or 0, int_arg("per_page", queries.DEFAULT_PER_PAGE) or 0
    where = []
    if name in LIFECYCLES:
        state = text_arg("state", tuple(LIFECYCLES[name].states))
        if state:
            where.append(model.state == state)
    with services().uow() as uow:
        session = queries.read_only(uow)
        user = queries.actor(session, user_id())
        found = queries.visible_page(
            session, model, user, page, per_page, *where, options=serializers.LOADERS[model]
        )
        shown = serializers.many(session, found.items, user)
        items = [item.model_dump(mode="json") for item in shown]
        return jsonify(items=items, page=found.page, per_page=found.per_page, total=found.total)


def get_object(kind: str, object_id: int) -> tuple[Response, int]:
    return render(kind, object_id)


def edit_object(kind: str, object_id: int) -> tuple[Response, int]:
    name, model = KINDS[kind]
    body = json_object()
    parsed, reasons = envelope(
        EditEnvelope, {k: body.pop(k) for k in ("version", "comment") if k in body}
    )
    if not isinstance(parsed, EditEnvelope):
        preflight.may_act(services().uow(), model, object_id, user_id(), "staff")
        raise ValidationFailed("The request is not valid.", reasons + _field_reasons(name, body))
    uow = services().uow()
    if name == "expert":
        edit_expert(uow, object_id, user_id(), body, parsed.version, parsed.comment)
    else:
        edit(uow, name, object_id, user_id(), body, parsed.version, parsed.comment)
    return render(kind, object_id)


def _field_reasons(name: str, body: dict[str, Any]) -> list[Reason]:
    """The changed fields' own problems, reported with the envelope's."""
    shape = ExpertEdit if name == "expert" else EDIT_SHAPES[name]
    try:
        parse(shape, {k: v for k, v in body.items() if k not in READ_ONLY})
    except ValidationFailed as error:
        return error.reasons
    return []


def transitions(kind: str, object_id: int) -> Response:
    found = workflow.transitions_for(services().uow(), KINDS[kind][0], object_id, user_id())
    return jsonify([serializers.transition_out(t).model_dump(mode="json") for t in found])


def fire(kind: str, object_id: int, trigger: str) -> tuple[Response, int]:
    name = KINDS[kind][0]
    body = json_object()
    parsed, reasons = envelope(FireEnvelope, body)
    if not isinstance(parsed, FireEnvelope):
        data, comment = body.get("data"), body.get("comment")
        data = data if isinstance(data, dict) else None
        comment = comment if isinstance(comment, str) else ""
        more = preflight.may_fire(
            services().uow(), name, object_id, trigger, user_id(), data, comment
        )
        known = {r.code for r in reasons}
        raise ValidationFailed(
            "The request is not valid.", reasons + [r for r in more if r.code not in known]
        )
    workflow.fire_transition(
        services().uow(),
        name,
        object_id,
        trigger,
        user_id(),
        data=parsed.data,
        comment=parsed.comment,
        version=parsed.version,
    )
    return render(kind, object_id)


def history(kind: str, object_id: int) -> Response:
    name, model = KINDS[kind]
    with services().uow() as uow:
        session = queries.read_only(uow)
        user = queries.actor(session, user_id())
        queries.visible(session, model, object_id, user)
        rows = queries.history_of(session, name, object_id)
        return jsonify([serializers.history_out(r).model_dump(mode="json") for r in rows])
