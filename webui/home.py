"""The home page: what needs the signed-in user now, by role, overdue first."""

from __future__ import annotations

import sqlalchemy as sa
from flask import Blueprint, current_app
from flask_babel import gettext as _
from flask_login import current_user

from db.models import Action, Activity, Request
from webui.pages import render, uow
from workflow.services import LIFECYCLES, agenda_for, waiting_for

bp = Blueprint("home", __name__)
HEADINGS = {
    "screen": "Requests to screen",
    "fiches": "Your Action Fiches to finish",
    "reports": "Activity reports due",
    "validate": "Action Fiches to validate",
    "owed": "Reports you owe",
}
EMPTY = {
    "screen": "No Request is waiting for screening.",
    "fiches": "None of your Action Fiches is being drafted.",
    "reports": "No activity report is due.",
    "validate": "No Action Fiche is waiting for your validation.",
    "owed": "You owe no report.",
}


@bp.get("/")
def index() -> str:
    votes = waiting_for(uow(), current_user.id) if current_user.has("psc") else None
    sections = agenda_for(uow(), current_user.id)
    counts = _counts() if current_user.has("staff", "admin") else []
    return render(
        "home.html",
        title=_("Home"),
        votes=votes,
        sections=sections,
        headings=HEADINGS,
        empty=EMPTY,
        counts=counts,
    )


def _counts() -> list[tuple[str, list[tuple[str, int]]]]:
    """Each lifecycle's states with the number of objects in each: one GROUP BY per kind."""
    from webui import services

    counts = []
    with services(current_app).session_factory() as session:
        for kind, model in (("Requests", Request), ("Actions", Action), ("Activities", Activity)):
            found = dict(
                session.execute(sa.select(model.state, sa.func.count()).group_by(model.state)).all()
            )
            states = LIFECYCLES[model.__name__.lower()].states
            counts.append((kind, [(s.label, found.get(s.value, 0)) for s in states]))
    return counts
