"""Finding an expert for an activity (/activities/<id>/experts): the roster filtered by area,
language, type and availability on the activity's dates; who is booked elsewhere then is
shown and cannot be chosen. Choosing adds the experts to the activity (an edit)."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from werkzeug.wrappers import Response

from webui.experts import TYPES, language_name, search_from
from webui.pages import render
from webui.pages import uow as _uow
from workflow.services import (
    ActivityState,
    GuardFailed,
    InvalidTransition,
    Search,
    Stale,
    ValidationFailed,
    WorkflowError,
    assign_experts,
    choices,
    find_experts,
)

bp = Blueprint("finder", __name__)
ID = "<int(max=2147483647):activity_id>"


def _page(
    activity_id: int, search: Search, refused: WorkflowError | None = None, comment: str = ""
) -> tuple[str, int]:
    """The finder; 422 when a filter's value is unknown (the roster is shown unfiltered)."""
    errors: dict[str, str] = {}
    try:
        found = find_experts(_uow(), activity_id, current_user.id, search)
    except ValidationFailed as bad:  # a filter's value: show the roster unfiltered, say why
        errors = {r.code: r.message for r in bad.reasons}
        found = find_experts(_uow(), activity_id, current_user.id, Search())
    known = choices(_uow())
    dates = (found.start, found.end) if found.start and found.end else None
    page = render(
        "finder.html",
        title=_("Find an expert"),
        found=found,
        search=search,
        errors=errors,
        refused=refused,
        comment=comment,
        comment_errors=[
            r.message for r in (refused.reasons if refused else []) if r.code == "comment"
        ],
        dates=dates,
        may_assign=found.state == ActivityState.PLANNED,
        types=TYPES,
        areas=dict(known.areas),
        area_choices=known.areas,
        countries=dict(known.countries),
        language_name=language_name,
    )
    return page, 422 if errors else 200


@bp.get(f"/activities/{ID}/experts")
def find(activity_id: int) -> tuple[str, int]:
    return _page(activity_id, search_from(request.args))


@bp.post(f"/activities/{ID}/experts")
def assign(activity_id: int) -> str | Response | tuple[str, int]:
    ids = [int(v) for v in request.form.getlist("expert_ids") if v.isdigit() and len(v) < 10]
    version = request.form.get("version", "")
    search = search_from(request.form)
    try:
        assign_experts(
            _uow(),
            activity_id,
            current_user.id,
            ids,
            int(version) if version.isdigit() else None,
            request.form.get("comment", ""),
        )
    except (ValidationFailed, GuardFailed, InvalidTransition, Stale) as refused:
        status = 422 if isinstance(refused, ValidationFailed) else 409
        page, _status = _page(activity_id, search, refused, request.form.get("comment", ""))
        return page, status
    flash(_("The experts are assigned."), "success")
    return redirect(url_for("objects.show", plural="activities", object_id=activity_id))
