"""The in-app notifications: /notifications, newest first, each linking to its object;
"Mark as read" and "Mark all as read". The header shows the unread count."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from werkzeug.wrappers import Response

from webui.pages import render
from webui.pages import uow as _uow
from workflow.services import notices, queries

bp = Blueprint("notices", __name__)


@bp.get("/notifications")
def index() -> str:
    number = request.args.get("page", "1")
    page = int(number) if number.isdigit() and len(number) < 6 else 1
    with _uow() as uow:
        found = notices.page_for(queries.read_only(uow), current_user.id, None, max(page, 1), 50)
        rows = [
            (n.id, n.subject, n.object_kind, n.object_id, n.created_at, n.read_at)
            for n in found.items
        ]
    pages = max((found.total + found.per_page - 1) // found.per_page, 1)
    return render(
        "notifications.html", title=_("Notifications"), rows=rows, found=found, pages=pages
    )


@bp.post("/notifications/<int(max=2147483647):notice_id>/read")
def read(notice_id: int) -> Response:
    notices.mark_read(_uow(), current_user.id, notice_id)
    return redirect(url_for("notices.index"))


@bp.post("/notifications/read-all")
def read_all() -> Response:
    count = notices.mark_all_read(_uow(), current_user.id)
    flash(_("%(n)d notification(s) marked as read.", n=count), "success")
    return redirect(url_for("notices.index"))
