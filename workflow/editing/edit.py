"""Editing a Request, Action or Activity: only the fields its state allows, each edit in history."""

from __future__ import annotations

import datetime as dt
from typing import Any

from pydantic import BaseModel

from db.models import Action, Activity, FocalPoint
from workflow.action.effects import clear_partner_validation
from workflow.action.shapes import ActionEdit
from workflow.action.states import ActionState
from workflow.activity.shapes import ActivityEdit
from workflow.editing.setters import COLUMNS, SETTERS, set_plain
from workflow.editing.shapes import READ_ONLY
from workflow.engine import history, resolve
from workflow.engine.acts import acting, commit
from workflow.engine.context import FireContext
from workflow.engine.errors import (
    InvalidTransition,
    Reason,
    ValidationFailed,
    invalid,
    stale,
)
from workflow.engine.shapes import comment_reasons
from workflow.engine.unit_of_work import UnitOfWork
from workflow.events.action import ask_partner_validation
from workflow.lifecycles import lifecycle_of
from workflow.read.loading import load_visible, require_role
from workflow.request.shapes import RequestEdit

EDIT_SHAPES: dict[str, type[BaseModel]] = {
    "request": RequestEdit,
    "action": ActionEdit,
    "activity": ActivityEdit,
}


def edit(
    uow: UnitOfWork,
    kind: str,
    object_id: int,
    actor_id: int,
    raw: Any,
    version: int | None = None,
    comment: str | None = "",
) -> Any:
    """Change fields of one object; refused whole when any field may not change now."""
    lifecycle, model = lifecycle_of(kind)
    with uow:
        ctx, actor = acting(uow, actor_id, comment)
        obj = load_visible(uow.session, model, object_id, actor, lock=True)
        require_role(actor, "staff", f"edit a {kind}")
        if not isinstance(raw, dict):
            raise invalid("body", "must be an object")
        frozen = sorted(READ_ONLY & set(raw))
        changes = resolve.parse(
            EDIT_SHAPES[kind], {k: v for k, v in raw.items() if k not in READ_ONLY}
        )
        fields = changes.model_dump(exclude_unset=True)
        if not fields and not frozen:
            raise invalid("body", "names no field to change")
        current_version = obj.version
        # Unknown codes and ids are 422 and come before 409 (docs/api.md): resolve them first.
        # Nothing is flushed meanwhile, and a refusal leaves the block uncommitted.
        with uow.session.no_autoflush:
            diff = _changes_or_refusal(ctx, obj, changes, fields)
        if version is not None and version != current_version:
            raise stale(kind)
        _check_editable(obj, lifecycle.editable_fields(obj.state), frozen + list(fields))
        if not diff:
            return obj  # the same values again: nothing to record, nothing voided
        _after_edit(obj, ctx)
        obj.updated_at = ctx.now
        history.write(ctx, obj, "edit", before=obj.state, data=diff)
        action = obj.action if isinstance(obj, Activity) else obj
        if isinstance(action, Action):  # after the edit is written: one write of the Action
            ask_partner_validation(action, ctx)
        commit(uow, kind)
        return obj


def _needs_comment(obj: Any) -> bool:
    action = obj.action if isinstance(obj, Activity) else obj
    return isinstance(action, Action) and action.state in ActionState.tagged("implementing")


def _changes_or_refusal(
    ctx: FireContext, obj: Any, changes: BaseModel, fields: dict[str, Any]
) -> dict[str, Any]:
    reasons: list[Reason] = []
    diff: dict[str, Any] = {}
    try:
        diff = apply_changes(ctx, obj, changes, fields)
    except ValidationFailed as error:
        reasons += error.reasons
    required = "A comment is required to edit during implementation."
    reasons += comment_reasons(ctx.comment, required if _needs_comment(obj) else None)
    if reasons:
        raise ValidationFailed("The edit is not valid.", reasons)
    return diff


def _check_editable(obj: Any, editable: frozenset[str], names: list[str]) -> None:
    state = obj.state.replace("_", " ")
    refused = [n for n in names if n in READ_ONLY or ("*" not in editable and n not in editable)]
    reasons = [
        Reason("not_editable", f"{name} cannot be changed while {state}.") for name in refused
    ]
    if isinstance(obj, Activity) and obj.action.state not in ActionState.tagged("takes_activities"):
        action_state = obj.action.state.replace("_", " ")
        reasons.append(
            Reason("not_editable", f"The Action is {action_state}: its activities cannot change.")
        )
    if reasons:
        raise InvalidTransition(reasons[0].message, reasons)


def apply_changes(
    ctx: FireContext, obj: Any, changes: BaseModel, fields: dict[str, Any]
) -> dict[str, Any]:
    """Set each field, returning {field: [old, new]} for the history row."""
    reasons: list[Reason] = []
    diff: dict[str, Any] = {}
    for name in fields:
        try:
            old = _current(obj, name)
            SETTERS.get(name, set_plain)(ctx, obj, name, getattr(changes, name))
            new = _current(obj, name)
            if old != new:
                diff[name] = [old, new]
        except ValidationFailed as error:
            reasons += error.reasons
    reasons += _dates_in_order(obj)
    if reasons:
        raise ValidationFailed("The edit is not valid.", reasons)
    return diff


def _current(obj: Any, name: str) -> Any:
    if name == "expert_ids":
        return [e.id for e in obj.experts]
    return _shown(getattr(obj, COLUMNS.get(name, name)))


def _shown(value: Any) -> Any:
    """A value as the history stores it (JSON)."""
    if isinstance(value, list):
        return [_shown(v) for v in value]
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, FocalPoint):
        return {"name": value.name, "institution": value.institution, "email": value.email}
    return getattr(value, "code", value)


def _dates_in_order(obj: Any) -> list[Reason]:
    start, end = getattr(obj, "planned_start", None), getattr(obj, "planned_end", None)
    if start and end and end < start:
        return [Reason("planned_end", "must not be before planned_start")]
    return []


def _after_edit(obj: Any, ctx: FireContext) -> None:
    """An edit of the Fiche or its Activities voids the partner's validation."""
    action = obj.action if isinstance(obj, Activity) else obj
    if isinstance(action, Action):
        if action.state == ActionState.FICHE_DRAFTING:
            clear_partner_validation(action)
        if isinstance(obj, Activity):
            action.updated_at = ctx.now
