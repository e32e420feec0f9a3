"""The home page: until the web UI issue lands, a summary of the work in each state."""

from __future__ import annotations

import sqlalchemy as sa
from flask import Blueprint, current_app
from flask_babel import gettext as _

from db.models import Action, Activity, Request
from webui.pages import render
from workflow.services import LIFECYCLES

bp = Blueprint("home", __name__)


@bp.get("/")
def index() -> str:
    from webui import services

    counts = []
    with services(current_app).session_factory() as session:
        for kind, model in (("Requests", Request), ("Actions", Action), ("Activities", Activity)):
            lifecycle = LIFECYCLES[model.__name__.lower()]
            found = dict(
                session.execute(sa.select(model.state, sa.func.count()).group_by(model.state)).all()
            )
            counts.append(
                (
                    kind,
                    [
                        (s.label, found.get(name, 0))
                        for name, s in ((s.value, s) for s in lifecycle.states)
                    ],
                )
            )
    return render("home.html", title=_("Home"), counts=counts)
