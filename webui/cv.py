"""An expert's CV: /experts/<id>/cv shows it and takes a new one; /experts/<id>/cv/file
downloads it. Staff, PSC, admin and the expert themself read it; staff and the expert
upload it; focal points never see it (404), like everyone else who may not.
"""

from __future__ import annotations

import io

from flask import Blueprint, flash, redirect, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from werkzeug.wrappers import Response

from db.models import Expert
from webui.library import attachment, refusals, store
from webui.pages import render
from webui.pages import uow as _uow
from workflow.services import (
    CV_KINDS,
    Forbidden,
    NotFound,
    Upload,
    WorkflowError,
    current_cv,
    cv_file,
    queries,
    upload_cv,
)

bp = Blueprint("cv", __name__)
EXPERT = "/experts/<int(max=2147483647):expert_id>/cv"
READERS = ("staff", "psc", "admin", "expert")


@bp.route(EXPERT, methods=["GET", "POST"])
def page(expert_id: int) -> str | Response | tuple[str, int]:
    if not current_user.has(*READERS):
        raise NotFound(_("No such page."))
    errors: dict[str, list[str]] = {}
    if request.method == "POST":
        sent = request.files.get("file")
        upload = Upload(sent.filename if sent else None, sent.stream if sent else io.BytesIO())
        try:
            upload_cv(_uow(), store(), current_user.id, expert_id, upload)
        except (NotFound, Forbidden):
            raise
        except WorkflowError as error:
            errors = refusals(error)
        else:
            flash(_("The CV is saved."), "success")
            return redirect(url_for("cv.page", expert_id=expert_id))
    current = current_cv(_uow(), current_user.id, expert_id)  # NotFound: the 404 page
    with _uow() as uow:
        session = queries.read_only(uow)
        user = queries.actor(session, current_user.id)
        name = queries.visible(session, Expert, expert_id, user).name
    page = render(
        "expert_cv.html",
        title=_("CV of %(name)s", name=name),
        expert_id=expert_id,
        current=current,
        may_upload=current_user.has("staff", "expert"),
        kinds=CV_KINDS,
        errors=errors,
    )
    return (page, 422) if errors else page


@bp.get(EXPERT + "/file")
def download(expert_id: int) -> Response:
    return attachment(cv_file(_uow(), store(), current_user.id, expert_id))
