"""The deliverables library and CVs in the API: list, search, upload (multipart/form-data),
download, withdraw. The workflow decides and checks, as for the web UI (docs/api.md)."""

from __future__ import annotations

import datetime as dt
import io
from typing import Any

from flask import Blueprint, Response, jsonify, request
from pydantic import StrictStr

from db.models import Action, Activity
from webui.api.auth import services, user_id
from webui.api.body import int_arg, json_object, text_arg
from webui.api.collections import page_of
from webui.api.schemas import Out
from webui.library import attachment
from workflow.services import (
    DELIVERABLE_TYPES,
    LibraryEntry,
    LibrarySearch,
    Upload,
    add_deliverable,
    cv_file,
    deliverable_file,
    files_of,
    invalid,
    may_withdraw,
    queries,
    search_library,
    upload_cv,
    withdraw_deliverable,
)

ID = "<int(max=2147483647):object_id>"
MODELS: dict[str, Any] = {"actions": Action, "activities": Activity}


class DeliverableOut(Out):
    id: int
    action_id: int
    activity_id: int | None
    type: str
    title: str
    language: str
    issued_on: dt.date
    file_name: str
    media_type: str
    size: int
    uploaded_at: dt.datetime


class WithdrawIn(Out):
    reason: StrictStr


DeliverablePage = page_of(DeliverableOut, "DeliverablePage")


def register(bp: Blueprint) -> None:
    files = f"/<any(actions, activities):kind>/{ID}/deliverables"
    bp.add_url_rule(files, "list_deliverables", list_files, methods=["GET"])
    bp.add_url_rule(files, "add_deliverable", add_file, methods=["POST"])
    bp.add_url_rule("/deliverables", "search_deliverables", search, methods=["GET"])
    one = f"/deliverables/{ID}"
    bp.add_url_rule(f"{one}/file", "deliverable_file", download, methods=["GET"])
    bp.add_url_rule(f"{one}/withdraw", "withdraw_deliverable", withdraw, methods=["POST"])
    bp.add_url_rule(f"/experts/{ID}/cv", "cv_file", cv, methods=["GET"])
    bp.add_url_rule(f"/experts/{ID}/cv", "upload_cv", put_cv, methods=["PUT"])


def _out(entry: LibraryEntry) -> dict[str, Any]:
    fields = {name: getattr(entry, name) for name in DeliverableOut.model_fields}
    return DeliverableOut.model_validate(fields).model_dump(mode="json")


def _kind(kind: str) -> str:
    return "activity" if kind == "activities" else "action"


def list_files(kind: str, object_id: int) -> Response:
    with services().uow() as uow:
        session = queries.read_only(uow)
        user = queries.actor(session, user_id())
        queries.visible(session, MODELS[kind], object_id, user)  # 404 before an empty list
        return jsonify([_out(e) for e in files_of(session, user, _kind(kind), object_id)])


def _upload() -> Upload:
    """The part `file`; a missing one is refused by the workflow ("Choose a file"), after
    it has checked who asks, so a refusal never tells what lies outside the caller's view."""
    sent = request.files.get("file")
    return Upload(sent.filename, sent.stream) if sent else Upload(None, io.BytesIO())


def add_file(kind: str, object_id: int) -> tuple[Response, int]:
    raw = dict(request.form.items())  # unknown fields are refused by the workflow's shape
    made = add_deliverable(
        services().uow(), services().store, user_id(), _kind(kind), object_id, raw, _upload()
    )
    with services().uow() as uow:
        session = queries.read_only(uow)
        user = queries.actor(session, user_id())
        [entry] = [e for e in files_of(session, user, _kind(kind), object_id) if e.id == made.id]
    return jsonify(_out(entry)), 201


def search() -> Response:
    asked = LibrarySearch(
        text=text_arg("q") or "",
        type=text_arg("type", DELIVERABLE_TYPES) or "",
        country=(text_arg("country") or "").upper(),
        area=text_arg("area") or "",
    )
    page, per_page = int_arg("page", 1) or 0, int_arg("per_page", queries.DEFAULT_PER_PAGE) or 0
    with services().uow() as uow:
        session = queries.read_only(uow)
        user = queries.actor(session, user_id())
        found = search_library(session, user, asked, page, per_page)
        items = [_out(e) for e in found.items]
        return jsonify(items=items, page=found.page, per_page=found.per_page, total=found.total)


def download(object_id: int) -> Response:
    return attachment(deliverable_file(services().uow(), services().store, user_id(), object_id))


def withdraw(object_id: int) -> tuple[str, int]:
    may_withdraw(services().uow(), user_id(), object_id)  # 404 or 403 before the body's 422
    body = json_object()
    reason = body.get("reason")
    if not isinstance(reason, str) or set(body) - {"reason"}:
        raise invalid("reason", 'Send {"reason": text}: why the deliverable is withdrawn.')
    withdraw_deliverable(services().uow(), user_id(), object_id, reason)
    return "", 204


def cv(object_id: int) -> Response:
    return attachment(cv_file(services().uow(), services().store, user_id(), object_id))


def put_cv(object_id: int) -> tuple[str, int]:
    upload_cv(services().uow(), services().store, user_id(), object_id, _upload())
    return "", 204
