"""The experts at /experts and /experts/<id>: who they are and where they were deployed.

A first view of the roster (the roster issue adds feedback, CVs and search).
Visibility is the workflow's: staff, PSC and admin see every expert, an expert
their own record; anything else is a 404.
"""

from __future__ import annotations

from flask import Blueprint, request
from flask_babel import gettext as _
from flask_login import current_user
from werkzeug import exceptions as http

from db.models import Expert
from webui.api import serializers
from webui.pages import error_page, render
from webui.pages import uow as _uow
from workflow.services import NotFound, queries

bp = Blueprint("experts", __name__)
TYPES = {
    "eu_government": "EU Member State administration",
    "non_eu_government": "Non-EU government",
    "non_governmental": "Non-governmental",
}


@bp.get("/experts")
def index() -> str:
    number = request.args.get("page", "1")
    page = int(number) if number.isdigit() and len(number) < 6 else 1
    with _uow() as uow:
        session = queries.read_only(uow)
        user = queries.actor(session, current_user.id)
        found = queries.visible_page(
            session, Expert, user, max(page, 1), 50, options=serializers.LOADERS[Expert]
        )
        rows = [serializers.expert_out(e).model_dump(mode="json") for e in found.items]
    pages = max((found.total + found.per_page - 1) // found.per_page, 1)
    return render(
        "experts.html", title=_("Experts"), rows=rows, found=found, pages=pages, types=TYPES
    )


@bp.get("/experts/<int(max=2147483647):expert_id>")
def show(expert_id: int) -> str | tuple[str, int]:
    with _uow() as uow:
        session = queries.read_only(uow)
        user = queries.actor(session, current_user.id)
        try:
            expert = queries.visible(session, Expert, expert_id, user, serializers.LOADERS[Expert])
        except NotFound:
            return error_page(http.NotFound())
        shown = serializers.expert_out(expert).model_dump(mode="json")
    return render("expert.html", title=shown["name"], expert=shown, types=TYPES)
