"""The home page: what needs the signed-in user now, by role, overdue first."""

from __future__ import annotations

from flask import Blueprint
from flask_babel import gettext as _
from flask_login import current_user

from webui.pages import render, uow
from workflow.services import LIFECYCLES, home_for

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


KINDS = (("request", "Requests"), ("action", "Actions"), ("activity", "Activities"))


@bp.get("/")
def index() -> str:
    home = home_for(uow(), current_user.id)
    counts = [
        (title, [(s.label, home.counts[kind].get(s.value, 0)) for s in LIFECYCLES[kind].states])
        for kind, title in KINDS
        if home.counts
    ]  # fmt: skip
    return render(
        "home.html",
        title=_("Home"),
        votes=home.votes,
        sections=home.sections,
        headings=HEADINGS,
        empty=EMPTY,
        counts=counts,
    )
