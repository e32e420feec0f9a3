"""Routes that add: Requests, Experts, an Action's Activities, and PSC votes."""

from __future__ import annotations

from flask import Blueprint, Response, jsonify

from db.models import Action
from webui.api import serializers
from webui.api.auth import services, user_id
from webui.api.body import envelope, int_arg, json_object
from webui.api.objects import ID, render
from webui.api.schemas import VoteIn
from workflow.services import (
    ValidationFailed,
    add_activity,
    cast_vote,
    create_expert,
    create_request,
    preflight,
    queries,
)


def register(bp: Blueprint) -> None:
    bp.add_url_rule("/requests", "create_request", new_request, methods=["POST"])
    bp.add_url_rule("/experts", "create_expert", new_expert, methods=["POST"])
    bp.add_url_rule(f"/actions/{ID}/activities", "add_activity", new_activity, methods=["POST"])
    bp.add_url_rule(f"/actions/{ID}/votes", "cast_vote", vote, methods=["POST"])
    bp.add_url_rule(f"/actions/{ID}/votes", "list_votes", votes, methods=["GET"])


def new_request() -> tuple[Response, int]:
    created = create_request(services().uow(), user_id(), json_object())
    return render("requests", created.id, 201)


def new_expert() -> tuple[Response, int]:
    created = create_expert(services().uow(), user_id(), json_object())
    return render("experts", created.id, 201)


def new_activity(object_id: int) -> tuple[Response, int]:
    created = add_activity(services().uow(), object_id, user_id(), json_object())
    return render("activities", created.id, 201)


def vote(object_id: int) -> tuple[Response, int]:
    body = json_object()
    unknown = {k: v for k, v in body.items() if k not in VoteIn.model_fields}
    if unknown:
        preflight.may_vote(services().uow(), object_id, user_id())
        _, reasons = envelope(VoteIn, body)
        raise ValidationFailed("The vote is not valid.", reasons)
    decision, comment = body.get("decision"), body.get("comment", "")
    cast_vote(services().uow(), object_id, user_id(), decision, comment)
    return render("actions", object_id)


def votes(object_id: int) -> Response:
    round_ = int_arg("round", None)
    with services().uow() as uow:
        session = queries.read_only(uow)
        user = queries.actor(session, user_id())
        action = queries.visible(session, Action, object_id, user)
        found = queries.votes_of(session, action, round_)
        return jsonify([serializers.vote_out(v).model_dump(mode="json") for v in found])
