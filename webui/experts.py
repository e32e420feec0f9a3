"""The expert roster at /experts and /experts/<id>: who the experts are, where they were
deployed and the feedback on their work.

Visibility is the workflow's: staff, PSC and admin see every expert, an expert
their own record, a focal point the name, type and nationality of the experts
on their Actions (never contacts or CVs); anything else is a 404.
"""

from __future__ import annotations

from typing import Any

import pycountry
import sqlalchemy as sa
from flask import Blueprint, request
from flask_babel import gettext as _
from flask_login import current_user
from werkzeug import exceptions as http

from db.models import Expert
from webui.api import serializers
from webui.pages import error_page, render
from webui.pages import uow as _uow
from workflow.services import (
    NotFound,
    Search,
    ValidationFailed,
    check_search,
    choices,
    queries,
    roster,
    roster_where,
)

bp = Blueprint("experts", __name__)
TYPES = {
    "eu_government": "EU Member State administration",
    "non_eu_government": "Non-EU government",
    "non_governmental": "Non-governmental",
}
GENDERS = {"female": "Female", "male": "Male", "other": "Other", "undisclosed": "Undisclosed"}
FEEDBACK = {
    "participants": "Participants of the activity",
    "partner": "The partner (Action evaluation)",
    "experts": "The experts (Action evaluation)",
}
PER_PAGE = 50


@bp.app_template_filter("language_name")
def language_name(code: str) -> str:
    """The English name of an ISO 639-1 code (the code itself if pycountry has none)."""
    found = pycountry.languages.get(alpha_2=code)
    return str(found.name) if found is not None else code


def search_from(args: Any) -> Search:
    """The filters of a query string, trimmed (empty: no filter)."""
    return Search(
        area=args.get("area", "").strip(),
        language=args.get("language", "").strip().lower(),
        type=args.get("type", "").strip(),
        available=args.get("available") == "yes",
    )


def _labels() -> dict[str, Any]:
    known = choices(_uow())
    return {
        "types": TYPES,
        "genders": GENDERS,
        "feedback_sources": FEEDBACK,
        "areas": dict(known.areas),
        "area_choices": known.areas,
        "countries": dict(known.countries),
        "language_name": language_name,
    }


@bp.get("/experts")
def index() -> str | tuple[str, int]:
    number = request.args.get("page", "1")
    page = int(number) if number.isdigit() and len(number) < 6 else 1
    search, errors = search_from(request.args), {}
    with _uow() as uow:
        session = queries.read_only(uow)
        user = queries.actor(session, current_user.id)
        try:
            check_search(session, search)
            where = roster_where(search)
        except ValidationFailed as refused:
            errors = {r.code: r.message for r in refused.reasons}
            where = []
        found = queries.visible_page(
            session, Expert, user, max(page, 1), PER_PAGE, *where, options=roster.LOADERS
        )
        rows = [_row(user, e) for e in found.items]
        whole = bool(user.roles & {"staff", "psc", "admin"})
        spoken = _spoken(session) if whole else []
    pages = max((found.total + found.per_page - 1) // found.per_page, 1)
    page_html = render(
        "experts.html",
        title=_("Experts"),
        rows=rows,
        found=found,
        pages=pages,
        search=search,
        errors=errors,
        languages=spoken,
        whole=whole,
        **_labels(),
    )
    return (page_html, 422) if errors else page_html


def _spoken(session: Any) -> list[str]:
    """Every language someone in the roster speaks (the language filter's choices)."""
    return sorted(
        {code for (codes,) in session.execute(sa.select(Expert.languages)) for code in codes}
    )


def _row(user: Any, expert: Expert) -> dict[str, Any]:
    shown = serializers.expert_for(user, expert).model_dump(mode="json")
    shown["deployed"] = len(expert.activities) if "activity_ids" in shown else None
    return shown


@bp.get("/experts/<int(max=2147483647):expert_id>")
def show(expert_id: int) -> str | tuple[str, int]:
    with _uow() as uow:
        session = queries.read_only(uow)
        user = queries.actor(session, current_user.id)
        try:
            expert = queries.visible(session, Expert, expert_id, user, roster.LOADERS)
        except NotFound:
            return error_page(http.NotFound())
        shown = serializers.expert_for(user, expert).model_dump(mode="json")
        whole = "email" in shown
        deployments = roster.deployments(expert) if whole else []
        feedback = roster.feedback(expert) if whole else []
    return render(
        "expert.html",
        title=shown["name"],
        expert=shown,
        whole=whole,
        deployments=deployments,
        feedback=feedback,
        titles={d.activity_id: d.title for d in deployments},
        action_titles={d.action_id: d.action_title for d in deployments},
        **_labels(),
    )
