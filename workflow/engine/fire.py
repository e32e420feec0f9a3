"""The one entry point that fires a transition, and the question "what may I do now?".

`fire` checks, in the order of docs/api.md, the trigger, the role, the data, the
version, the state and every guard; then moves the state, applies the
effects and writes the history row. It only flushes: the caller's unit of
work commits all of it or none of it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from pydantic import BaseModel, ValidationError

from workflow.engine import history
from workflow.engine.context import FireContext
from workflow.engine.definition import Lifecycle, Transition, guard_reasons, warning_reasons
from workflow.engine.errors import (
    Forbidden,
    GuardFailed,
    InvalidTransition,
    NotFound,
    Reason,
    ValidationFailed,
    stale,
)
from workflow.engine.shapes import comment_reasons, unstorable
from workflow.engine.write import ChecksFailed, write_changes


@dataclass(frozen=True)
class Availability:
    """One transition as a user sees it now: may they fire it, and if not, why not."""

    trigger: str
    label: str
    allowed: bool
    reasons: list[Reason]
    requires: list[str]
    warnings: list[Reason] = field(default_factory=list)


def role_reasons(transition: Transition, obj: Any, ctx: FireContext) -> list[Reason]:
    """Empty when the actor holds a role that may fire `transition` on `obj`."""
    if transition.system_only or ctx.actor is None:
        return [Reason("role_not_allowed", f"'{transition.label}' is decided by the workflow.")]
    held = [role for role in transition.roles if role in ctx.actor.roles]
    if not held:
        allowed = ", ".join(sorted(transition.roles))
        return [Reason("role_not_allowed", f"Only {allowed} may '{transition.label}'.")]
    for role in held:
        linked = transition.roles[role]
        if linked is None or linked(obj, ctx):
            return []
    return [Reason("not_linked", f"You are not linked to this {history.kind_of(obj)}.")]


def validate_data(transition: Transition, raw: Any, comment: str) -> BaseModel | None:
    """The transition's data, checked against its shape; every problem named by its path."""
    if raw is None and not comment and transition.data is None and not transition.comment_required:
        return None  # nothing sent and nothing asked for: nothing to check
    reasons = unstorable(raw, "data")
    parsed = None
    if not reasons:  # shape errors on top of unstorable values would only repeat them
        parsed, reasons = _parse_data(transition, raw)
    required = None
    if transition.comment_required:
        required = f"A comment is required to '{transition.label}'."
    reasons += comment_reasons(comment or "", required)
    if reasons:
        raise ValidationFailed("The request is not valid.", reasons)
    return parsed


def _parse_data(transition: Transition, raw: Any) -> tuple[BaseModel | None, list[Reason]]:
    if transition.data is None:
        return None, [Reason("data", f"'{transition.label}' takes no data.")] if raw else []
    try:
        return transition.data.model_validate(raw if raw is not None else {}), []
    except ValidationError as error:
        return None, pydantic_reasons(error, prefix="data")


def pydantic_reasons(error: ValidationError, prefix: str = "") -> list[Reason]:
    """pydantic's errors as reasons whose code is the dotted path of the field."""
    reasons = []
    for item in error.errors():
        path = ".".join(str(part) for part in item["loc"] if part != "__root__")
        code = ".".join(p for p in (prefix, path) if p) or prefix or "body"
        reasons.append(Reason(code, item["msg"].removeprefix("Value error, ")))
    return reasons


def fire(
    lifecycle: Lifecycle,
    obj: Any,
    trigger: str,
    ctx: FireContext,
    raw_data: Any = None,
    expected_version: int | None = None,
) -> None:
    """Fire `trigger` on `obj`; raises a WorkflowError and changes nothing when refused."""
    transition = lifecycle.transition(trigger)
    if transition is None:
        raise NotFound(f"There is no transition '{trigger}' for a {lifecycle.kind}.")
    refused = role_reasons(transition, obj, ctx)
    if refused and not (transition.system_only and ctx.actor is None):
        raise Forbidden(refused[0].message, refused)
    ctx.data = validate_data(transition, raw_data, ctx.comment)
    if transition.data_checks:
        problems = [reason for check in transition.data_checks for reason in check(obj, ctx)]
        if problems:
            raise ValidationFailed("The request is not valid.", problems)
    if expected_version is not None and expected_version != obj.version:
        raise stale(lifecycle.kind, obj.version, expected_version)
    if obj.state not in transition.sources:
        state = lifecycle.state(obj.state).label
        reason = Reason(
            "not_possible_from_state", f"'{transition.label}' is not possible when {state}."
        )
        raise InvalidTransition(reason.message, [reason])
    apply(lifecycle, transition, obj, ctx)


def apply(lifecycle: Lifecycle, transition: Transition, obj: Any, ctx: FireContext) -> None:
    """Run the transition (guards, move, effects), then write it and its history row."""
    from_state = obj.state
    # The rows waiting when the fire starts (the vote that decides a round: its row waits for
    # the decision's) and those its effects write join the fire's own, in one INSERT.
    waiting, ctx.history = ctx.history, list(ctx.history or [])
    try:
        failed = lifecycle.run(obj, transition, ctx)
        if failed:
            raise GuardFailed(f"'{transition.label}' is blocked.", failed)
        obj.updated_at = ctx.now  # the service clock's time, as in the history row
        data = ctx.data.model_dump(mode="json", exclude_none=True) if ctx.data else {}
        along, ctx.along = ctx.along, []
        checks, ctx.checks = ctx.checks, []
        # On PostgreSQL the write is held, and goes in the statement of the fire's history
        # rows and notices (anything executed before is preceded by it): one round trip.
        # Its checks (guards that are one query) are read there too.
        write_changes(ctx.session, along, hold=True, checks=checks)
        history.write(ctx, obj, transition.trigger, before=from_state, data={**data, **ctx.record})
        # The steps that read the fire's outcome; the notices they cause wait (on
        # PostgreSQL) to be written with the history rows.
        ctx.notices = []
        while ctx.afterwards:
            ctx.afterwards.pop(0)()
        notices, ctx.notices = ctx.notices, None
        if len(notices) == 1:  # the usual fire: its one event and its history, one statement
            notices[0](ctx.history)
        else:
            history.insert(ctx.session, ctx.history)
            for write in notices:
                write([])
        if waiting:
            waiting.clear()  # sent
    except ChecksFailed as failed:  # found with the write: the caller rolls all of it back
        raise GuardFailed(f"'{transition.label}' is blocked.", failed.reasons) from None
    finally:
        ctx.history, ctx.notices = waiting, None


def available_transitions(lifecycle: Lifecycle, obj: Any, ctx: FireContext) -> list[Availability]:
    """Every transition a person can fire from the current state, and what blocks each."""
    result = []
    for transition in lifecycle.from_state(obj.state):
        if transition.system_only:
            continue
        # Guards only for a user who may fire: their reasons can name other objects.
        reasons = role_reasons(transition, obj, ctx) or guard_reasons(transition, obj, ctx)
        result.append(
            Availability(
                transition.trigger,
                transition.label,
                not reasons,
                reasons,
                transition.requires,
                warning_reasons(transition, obj, ctx),
            )
        )
    return result
