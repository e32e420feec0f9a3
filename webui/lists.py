"""The lists of Requests, Actions and Activities, with filters, search, sort and paging."""

from __future__ import annotations

from flask import Blueprint, request
from flask_babel import gettext as _
from flask_login import current_user

from webui.pages import render
from webui.pages import uow as _uow
from workflow.services import LIFECYCLES, Filters, choices, list_page

bp = Blueprint("lists", __name__)
KINDS = {"requests": "request", "actions": "action", "activities": "activity"}
TITLES = {"requests": "Requests", "actions": "Actions", "activities": "Activities"}


def _int(name: str) -> int | None:
    value = request.args.get(name, "").strip()
    return int(value) if value.isdigit() and len(value) < 6 else None


def _filters() -> Filters:
    args = request.args
    return Filters(
        state=args.get("state", ""),
        search=args.get("q", "")[:100],
        country=args.get("country", ""),
        region=args.get("region", ""),
        area=args.get("area", ""),
        year=_int("year"),
        owner_id=_int("owner"),
        sort=args.get("sort", "newest"),
    )


def requests() -> str:
    return index("requests")


def actions() -> str:
    return index("actions")


def activities() -> str:
    return index("activities")


for _name, _view in (("requests", requests), ("actions", actions), ("activities", activities)):
    bp.add_url_rule(f"/{_name}", _name, _view)


def index(plural: str) -> str:
    kind = KINDS[plural]
    page = max(_int("page") or 1, 1)
    found = list_page(_uow(), current_user.id, kind, _filters(), page)
    pages = max((found.total + found.per_page - 1) // found.per_page, 1)
    # Past the count's cap, the last page is not known: "Page 100 of 100+" (filter to see more).
    last = f"{pages}+" if found.more else str(pages)
    args = {k: v for k, v in request.args.items() if k != "page" and v}
    return render(
        "list.html",
        title=_(TITLES[plural]),
        plural=plural,
        kind=kind,
        found=found,
        pages=pages,
        last=last,
        args=args,
        states=LIFECYCLES[kind].states,
        choices=choices(_uow()),
        state_options=[(s.value, s.label) for s in LIFECYCLES[kind].states],
    )
