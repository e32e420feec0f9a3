"""The object pages of Requests, Actions and Activities, and firing their transitions.

The workflow decides everything (roles, guards, reasons, versions); these
views show what it says and call it. Anything outside the user's view is a
404, a role that may not act a 403, as in the API.
"""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa
from flask import Blueprint, abort, flash, redirect, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy.orm import joinedload, selectinload
from werkzeug.wrappers import Response

from db.models import Action, Activity, Expert, Request
from webui import diagram
from webui import transition_forms as forms
from webui.api import serializers
from webui.pages import render
from webui.pages import uow as _uow
from workflow.services import (
    LIFECYCLES,
    ActionState,
    Availability,
    GuardFailed,
    InvalidTransition,
    Search,
    Stale,
    ValidationFailed,
    find_experts,
    fire_transition,
    object_page,
    queries,
)

bp = Blueprint("objects", __name__)
PLURALS = {
    "requests": ("request", Request),
    "actions": ("action", Action),
    "activities": ("activity", Activity),
}
KIND = "<any(requests, actions, activities):plural>"
ID = "<int(max=2147483647):object_id>"
# The checklists an object page shows (each guard, met or not) when the user may fire them.
CHECKLISTS = {
    ("request", "accept"): "Eligibility checklist",
    ("action", "submit_to_psc"): "Ready for the PSC",
    ("action", "complete_implementation"): "Ready to complete implementation",
}
HIDDEN = {"id", "version", "state", "created_at", "updated_at", "votes", "activity_ids"}


# What an object page loads with the object: the API's shape, and an Action's activities
# whole (its guards read their states and titles; the API's shape prints only their ids).
PAGE_LOADERS: dict[type[Any], tuple[Any, ...]] = {
    Request: tuple(serializers.LOADERS[Request]),
    Action: (*serializers.LOADERS[Action][:4], *serializers.LOADERS[Action][5:],
             selectinload(Action.activities)),
    Activity: (*serializers.LOADERS[Activity],
               joinedload(Activity.action).lazyload(Action.owner)),
}  # fmt: skip


def load_page(plural: str, object_id: int, whole: bool = False) -> dict[str, Any]:
    """What the object page shows, read in one transaction (one service, the actor once)."""
    kind, model = PLURALS[plural]
    checklists = [trigger for (k, trigger) in CHECKLISTS if k == kind] if whole else []
    found = object_page(
        _uow(),
        kind,
        object_id,
        current_user.id,
        options=PAGE_LOADERS[model],
        checklists=checklists,
        whole=whole,
    )
    obj = found.obj
    if kind == "action":
        shown = serializers.action_out(obj, found.votes).model_dump(mode="json")
    else:
        shown = serializers.one(None, obj).model_dump(mode="json")  # type: ignore[arg-type]
    history = found.history
    people = {h.actor_id: h.actor.full_name for h in history if h.actor is not None}
    state = found.state
    page = {
        "kind": kind,
        "plural": plural,
        "object": shown,
        "state": state,
        "fields": {k: v for k, v in shown.items() if k not in HIDDEN},
        "history": [(h, people.get(h.actor_id)) for h in history],
        "diagram": diagram.marked(kind, state, history),
        "path": [LIFECYCLES[kind].state(s).label for s in diagram.path_taken(history)],
        "heading": _heading(kind, shown),
        "label_of": lambda value: LIFECYCLES[kind].state(value).label if value else "",
        "activity_label": lambda value: LIFECYCLES["activity"].state(value).label,
        "available": found.available,
    }
    if whole:
        page["checklists"] = [
            (_(title), found.checklists[trigger])
            for (k, trigger), title in CHECKLISTS.items()
            if k == kind and trigger in found.checklists
        ]
        page["reminders"] = found.reminders
        if found.files is not None:
            page["files"] = found.files
        if kind == "action":
            page["activities"] = found.activities
            page["rounds"] = found.rounds
            page["may_vote"] = _may_vote(shown, found.rounds)
    return page


def _heading(kind: str, shown: dict[str, Any]) -> str:
    name = shown.get("title") or shown.get("requester_name") or ""
    return f"{_(kind.capitalize())} {shown['id']}: {name}"


@bp.get(f"/{KIND}/{ID}")
def show(plural: str, object_id: int, **extra: Any) -> str:
    page = load_page(plural, object_id, whole=True)
    page["can_edit"] = current_user.has("staff") and bool(
        LIFECYCLES[page["kind"]].editable_fields(page["state"])
    )
    # The expert finder, where the activity's experts may change (staff, while planned).
    page["find_experts"] = page["can_edit"] and "expert_ids" in LIFECYCLES[
        page["kind"]
    ].editable_fields(page["state"])
    return render("object.html", title=page["heading"], **page, **extra)


def _may_vote(action: dict[str, Any], rounds: list[tuple[int, list[Any]]]) -> bool:
    if action["state"] != ActionState.PSC_REVIEW or not rounds or not current_user.has("psc"):
        return False
    mine = [b for b in rounds[0][1] if b.member_id == current_user.id]
    return bool(mine) and mine[0].decision is None


def _transition(plural: str, trigger: str) -> Any:
    found = LIFECYCLES[PLURALS[plural][0]].transition(trigger)
    if found is None:
        abort(404)
    return found


# A user whose role (or link) may never fire the trigger gets 403, as from the API.
NOT_YOURS = {"role_not_allowed", "not_linked"}


def expert_choices(activity_id: int | None = None) -> list[tuple[str, str]]:
    """Every expert as (id, name), by name: the choices of a form that assigns experts.

    For an activity (and staff), an expert booked elsewhere on its planned dates says so
    in their label: still a choice, since the form may change the dates, and the
    `schedule` guard refuses a double-booking."""
    if activity_id is not None and current_user.has("staff"):
        found = find_experts(_uow(), activity_id, current_user.id, Search())
        return [
            (str(c.id), c.name + "".join(_("; booked then on '%(title)s' (activity %(id)s)",
                                           title=b.title, id=b.activity_id) for b in c.booked))
            for c in found.candidates
        ]  # fmt: skip
    with _uow() as uow:
        session = queries.read_only(uow)
        rows = session.execute(sa.select(Expert.id, Expert.name).order_by(Expert.name))
        return [(str(i), name) for i, name in rows]


def _form_page(
    plural: str, object_id: int, trigger: str, fallback: Any = None, **context: Any
) -> str:
    """The transition's form; `fallback`: the refusal a POST met, shown even when the
    object's state has moved on and the transition is no longer offered."""
    transition = _transition(plural, trigger)
    page = load_page(plural, object_id)  # 404 outside the user's view, before any 403
    if transition.system_only:
        abort(403)
    fields = context.pop("fields", None) or forms.fields_of(transition.data)
    if any(f.kind == "experts" for f in fields):
        for f in fields:
            activity = object_id if plural == "activities" else None
            f.choices = expert_choices(activity) if f.kind == "experts" else f.choices
    this = next((a for a in page.pop("available") if a.trigger == trigger), None)
    if this is None and fallback is not None:  # the state moved on: say why, not 404
        this = Availability(trigger, transition.label, False, fallback.reasons, [])
    if this is None:
        abort(404)
    if NOT_YOURS & {reason.code for reason in this.reasons}:
        abort(403)
    page.pop("fields")
    return render(
        "fire.html",
        title=transition.label,
        transition=transition,
        this=this,
        form_fields=fields,
        **page,
        **context,
    )


@bp.get(f"/{KIND}/{ID}/fire/<trigger>")
def fire_form(plural: str, object_id: int, trigger: str) -> str:
    return _form_page(plural, object_id, trigger)


@bp.post(f"/{KIND}/{ID}/fire/<trigger>")
def fire(plural: str, object_id: int, trigger: str) -> str | Response | tuple[str, int]:
    transition = _transition(plural, trigger)
    fields = forms.fields_of(transition.data)
    data = forms.parse(fields, request.form) if transition.data else None
    version = request.form.get("version", "")
    try:
        fire_transition(
            _uow(),
            PLURALS[plural][0],
            object_id,
            trigger,
            current_user.id,
            data=data,
            comment=request.form.get("comment", ""),
            version=int(version) if version.isdigit() else None,
        )
    except ValidationFailed as refused:
        return _refused(plural, object_id, trigger, fields, refused, 422)
    except (GuardFailed, InvalidTransition) as refused:
        return _refused(plural, object_id, trigger, fields, refused, 409)
    except Stale as stale:
        forms.fill(fields, request.form, {})
        return _form_page(plural, object_id, trigger, stale, fields=fields, stale=True), 409
    flash(_("Done: %(label)s.", label=transition.label), "success")
    return redirect(url_for("objects.show", plural=plural, object_id=object_id))


def _refused(
    plural: str, object_id: int, trigger: str, fields: list[forms.Field], refused: Any, status: int
) -> tuple[str, int]:
    """The form again, with what was typed, each reason next to its field and in the summary."""
    errors: dict[str, list[str]] = {}
    for reason in refused.reasons:
        errors.setdefault(reason.code.removeprefix("data."), []).append(reason.message)
    forms.fill(fields, request.form, errors)
    page = _form_page(
        plural, object_id, trigger, refused, fields=fields, refused=refused, errors=errors
    )
    return page, status
