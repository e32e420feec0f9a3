"""Editing what a state allows (the Fiche while drafting, owners and focal points later),
and adding an Activity to an Action; the workflow refuses, the page shows why.

The fields come from the edit shapes and the lifecycle's `editable` table, so
the form offers exactly what the workflow accepts in the object's state.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from flask import Blueprint, flash, redirect, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from werkzeug import exceptions as http
from werkzeug.wrappers import Response

from webui import once
from webui.objects import expert_choices, load_page
from webui.pages import error_page, render
from webui.pages import uow as _uow
from workflow.services import (
    EDIT_SHAPES,
    LIFECYCLES,
    ActivityInput,
    GuardFailed,
    InvalidTransition,
    Stale,
    ValidationFailed,
    add_activity,
    choices,
    edit,
)

bp = Blueprint("editing", __name__)
KIND = "<any(requests, actions, activities):plural>"
ID = "<int(max=2147483647):object_id>"
CHOICES = {  # field -> the reference list it picks from, and how
    "countries": ("partner_countries", "multi"),
    "thematic_areas": ("areas", "checkboxes"),
    "topics": ("topics", "checkboxes"),
    "requester_type": ("requester_types", "select"),
    "type": ("activity_types", "select"),
    "owner_id": ("staff", "select"),
    "expert_ids": ("experts", "checkboxes"),
}
DATES = {"received_on", "endorsed_on", "planned_start", "planned_end"}
LONG = {"objectives", "context", "summary"}
FOCAL_ROWS_SPARE = 1


@dataclass
class EditField:
    name: str
    label: str
    kind: str  # text, textarea, date, select, multi, checkboxes, focal_points
    value: Any
    choices: list[tuple[str, str]] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)

    @property
    def id(self) -> str:
        return "field-" + self.name.replace("_", "-")


def _kind_of(name: str) -> str:
    if name in CHOICES:
        return CHOICES[name][1]
    if name == "focal_points":
        return "focal_points"
    return "date" if name in DATES else "textarea" if name in LONG else "text"


def _current(shown: dict[str, Any], name: str) -> Any:
    if name == "owner_id":
        return str(shown["owner"]["id"])
    value = shown.get(name)
    return [str(v) for v in value or []] if name == "expert_ids" else value


def fields_for(names: list[str], shown: dict[str, Any]) -> list[EditField]:
    """The form's fields, in the shape's order, with their current values and choices."""
    known = choices(_uow())
    found = []
    for name in names:
        kind = _kind_of(name)
        source = CHOICES.get(name, ("", ""))[0]
        options = expert_choices() if source == "experts" else getattr(known, source, [])
        label = "Owner" if name == "owner_id" else name.replace("_", " ").capitalize()
        found.append(EditField(name, label, kind, _current(shown, name), options))
    return found


def editable_names(kind: str, state: str) -> list[str]:
    allowed = LIFECYCLES[kind].editable_fields(state)
    shape = EDIT_SHAPES[kind]
    return [n for n in shape.model_fields if "*" in allowed or n in allowed]


def posted(fields: list[EditField]) -> dict[str, Any]:
    """The form as the edit's body (the workflow ignores values that did not change)."""
    form = request.form
    body: dict[str, Any] = {}
    for f in fields:
        if f.kind in ("multi", "checkboxes"):
            values = form.getlist(f.name)
            # a non-number goes to the workflow as typed, which refuses it with a 422
            ids = [int(v) if v.isdigit() else v for v in values]
            body[f.name] = ids if f.name == "expert_ids" else values
        elif f.kind == "focal_points":
            body[f.name] = _focal_points(form)
        elif f.name == "owner_id":
            body[f.name] = int(form[f.name]) if form.get(f.name, "").isdigit() else None
        else:
            raw = form.get(f.name, "").strip()
            body[f.name] = raw or (None if f.kind == "date" else "")
        f.value = body[f.name] if f.name != "owner_id" else form.get(f.name)
    return body


MAX_FOCAL_ROWS = 100


def _focal_points(form: Any) -> list[dict[str, str]]:
    rows = []
    count = form.get("focal_rows", "0").strip()
    # The rows the form offered; a forged count cannot make the server loop for ever.
    for i in range(min(int(count) if count.isdigit() else 0, MAX_FOCAL_ROWS)):
        row = {
            k: form.get(f"focal_points.{i}.{k}", "").strip()
            for k in ("name", "institution", "email")
        }
        if any(row.values()):
            rows.append(row)
    return rows


def place_errors(fields: list[EditField], refused: Any) -> list[Any]:
    """Each reason next to its field; the rest (version, state) for the summary only."""
    by_name = {f.name: f for f in fields}
    rest = []
    for reason in refused.reasons:
        target = by_name.get(reason.code.split(".")[0])
        (target.errors if target else rest).append(reason.message if target else reason)
    return rest


@bp.route(f"/{KIND}/{ID}/edit", methods=["GET", "POST"])
def edit_object(plural: str, object_id: int) -> str | Response | tuple[str, int]:
    page = load_page(plural, object_id)
    kind, state = page["kind"], page["state"]
    names = editable_names(kind, state)
    if not names or not current_user.has("staff"):
        return error_page(http.Forbidden())
    fields = fields_for(names, page["object"])
    status, refused = 200, None
    if request.method == "POST":
        body = posted(fields)
        version = request.form.get("version", "")
        try:
            edit(
                _uow(),
                kind,
                object_id,
                current_user.id,
                body,
                int(version) if version.isdigit() else None,
                request.form.get("comment", ""),
            )
        except (ValidationFailed, GuardFailed, InvalidTransition, Stale) as error:
            refused, status = error, 422 if isinstance(error, ValidationFailed) else 409
            place_errors(fields, error)
        else:
            flash(_("Your changes are saved."), "success")
            return redirect(url_for("objects.show", plural=plural, object_id=object_id))
    return render(
        "edit.html", title=_("Edit"), form_fields=fields, refused=refused, **_without_fields(page)
    ), status


@bp.route(f"/actions/{ID}/activities/new", methods=["GET", "POST"])
def new_activity(object_id: int) -> str | Response | tuple[str, int]:
    page = load_page("actions", object_id)
    if not current_user.has("staff"):
        return error_page(http.Forbidden())
    fields = fields_for(list(ActivityInput.model_fields), {"owner": {"id": 0}})
    token = request.form.get("once", "")
    if request.method == "GET":
        return render(
            "activity_new.html",
            title=_("Add an activity"),
            form_fields=fields,
            once=once.issue(),
            **_without_fields(page),
        )
    if done := once.already_used(token):
        return redirect(done)
    body = {k: v for k, v in posted(fields).items() if v not in (None, "", [])}
    try:
        created = add_activity(_uow(), object_id, current_user.id, body)
    except (ValidationFailed, GuardFailed, InvalidTransition) as error:
        place_errors(fields, error)
        status = 422 if isinstance(error, ValidationFailed) else 409
        return render(
            "activity_new.html",
            title=_("Add an activity"),
            form_fields=fields,
            once=token,
            refused=error,
            **_without_fields(page),
        ), status
    target = url_for("objects.show", plural="activities", object_id=created.id)
    once.spend(token, target)
    flash(_("The activity is added."), "success")
    return redirect(url_for("objects.show", plural="actions", object_id=object_id))


def _without_fields(page: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in page.items() if k != "fields"}
