"""The deliverables library: /library (search), adding files to an Action or an activity's
report, downloading them, and staff withdrawing one.

The workflow (workflow/library) decides who may, and checks each file; these views
pass the form and the file on, and show its refusals next to the fields.
"""

from __future__ import annotations

import io
from typing import Any

from flask import Blueprint, Response, current_app, flash, redirect, request, send_file, url_for
from flask_babel import gettext as _
from flask_login import current_user
from werkzeug.wrappers import Response as BaseResponse

from db.models import Action, Activity
from webui.pages import object_url, render
from webui.pages import uow as _uow
from workflow.services import (
    DELIVERABLE_TYPES,
    UPLOAD_EXTENSIONS,
    Download,
    Forbidden,
    LibrarySearch,
    NotFound,
    Upload,
    WorkflowError,
    add_deliverable,
    choices,
    deliverable_file,
    files_of,
    language_names,
    may_withdraw,
    queries,
    search_library,
    withdraw_deliverable,
)

bp = Blueprint("library", __name__)
ID = "<int(max=2147483647):object_id>"
KIND = "<any(actions, activities):plural>"
KINDS = {"actions": "action", "activities": "activity"}


def store() -> Any:
    from webui import services

    return services(current_app).store


def refusals(error: WorkflowError) -> dict[str, list[str]]:
    """A refusal's reasons by form field (`file`, `title`, ...); one without a field goes
    to the page's summary."""
    found: dict[str, list[str]] = {}
    for reason in error.reasons or []:
        found.setdefault(reason.code.split(".")[0], []).append(reason.message)
    return found or {"": [error.message]}


def attachment(found: Download) -> Response:
    """A file to save, never to show: the checked type, `attachment`, no sniffing, no cache."""
    answer = send_file(
        io.BytesIO(found.content),
        mimetype=found.media_type,
        as_attachment=True,
        download_name=found.name,
    )
    answer.headers["Cache-Control"] = "private, no-store"
    answer.headers["X-Content-Type-Options"] = "nosniff"
    answer.headers["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return answer


def files_section(kind: str, object_id: int, check: bool = False) -> dict[str, Any]:
    """What an object page shows of its files (the object page's context); with `check`,
    first the object itself, so what the user may not see is a 404."""
    with _uow() as uow:
        session = queries.read_only(uow)
        user = queries.actor(session, current_user.id)
        if check:
            queries.visible(session, Activity if kind == "activity" else Action, object_id, user)
        return {"files": files_of(session, user, kind, object_id)}


@bp.get("/library")
def index() -> str:
    args = request.args
    asked = LibrarySearch(
        text=args.get("q", "").strip()[:200],
        type=args.get("type", ""),
        country=args.get("country", ""),
        area=args.get("area", ""),
    )
    number = args.get("page", "1")
    page = int(number) if number.isdigit() and len(number) < 6 else 1
    with _uow() as uow:
        session = queries.read_only(uow)
        user = queries.actor(session, current_user.id)
        found = search_library(session, user, asked, max(page, 1))
    known = choices(_uow())
    pages = max((found.total + found.per_page - 1) // found.per_page, 1)
    return render(
        "library.html",
        title=_("Deliverables library"),
        found=found,
        pages=pages,
        asked=asked,
        types=DELIVERABLE_TYPES,
        countries=known.partner_countries,
        areas=known.areas,
    )


@bp.route(f"/{KIND}/{ID}/deliverables/new", methods=["GET", "POST"])
def new(plural: str, object_id: int) -> str | BaseResponse | tuple[str, int]:
    kind = KINDS[plural]
    errors: dict[str, list[str]] = {}
    form = request.form
    if request.method == "GET":  # the form only for who may use it (the POST checks it all)
        files_section(kind, object_id, check=True)
        if not current_user.has("staff", "focal_point", "expert"):
            raise Forbidden(_("Only staff, the Action's focal points and its experts add files."))
    if request.method == "POST":
        raw = {k: form.get(k, "") for k in ("type", "title", "language", "issued_on")}
        sent = request.files.get("file")
        upload = Upload(sent.filename if sent else None, sent.stream if sent else io.BytesIO())
        try:
            add_deliverable(_uow(), store(), current_user.id, kind, object_id, raw, upload)
        except (NotFound, Forbidden):
            raise  # the 404 and 403 pages
        except WorkflowError as error:
            errors = refusals(error)
        else:
            flash(_("The file %(name)s is added.", name=upload.name), "success")
            return redirect(object_url(kind, object_id))
    page = render(
        "deliverable_new.html",
        title=_("Add a report file") if kind == "activity" else _("Add a deliverable"),
        kind=kind,
        object_id=object_id,
        back=object_url(kind, object_id),
        types=[("", _("Choose a type"))] + [(k, _(v)) for k, v in DELIVERABLE_TYPES.items()],
        languages=language_names(),
        extensions=UPLOAD_EXTENSIONS,
        form=form,
        errors=errors,
    )
    return (page, 422) if errors else page


@bp.get("/deliverables/<int(max=2147483647):deliverable_id>/file")
def download(deliverable_id: int) -> Response:
    return attachment(deliverable_file(_uow(), store(), current_user.id, deliverable_id))


@bp.route("/deliverables/<int(max=2147483647):deliverable_id>/withdraw", methods=["GET", "POST"])
def withdraw(deliverable_id: int) -> str | BaseResponse | tuple[str, int]:
    errors: dict[str, list[str]] = {}
    back = request.values.get("back", "")
    back = back if back.startswith("/") and not back.startswith("//") else url_for("library.index")
    if request.method == "POST":
        reason = request.form.get("reason", "")
        try:
            withdraw_deliverable(_uow(), current_user.id, deliverable_id, reason)
        except (NotFound, Forbidden):
            raise
        except WorkflowError as error:
            errors = {"reason": [r.message for r in error.reasons] or [error.message]}
        else:
            flash(_("The deliverable is withdrawn: it is no longer listed."), "success")
            return redirect(back)
    else:  # the form only for who may use it: 404 outside their view, else 403 (not staff)
        may_withdraw(_uow(), current_user.id, deliverable_id)
    page = render(
        "deliverable_withdraw.html",
        title=_("Withdraw a deliverable"),
        deliverable_id=deliverable_id,
        back=back,
        errors=errors,
    )
    return (page, 422) if errors else page
