"""The service layer: what the UI, the API and the CLI call. One transaction each."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from sqlalchemy.orm.exc import StaleDataError

from db.models import Request, User
from workflow import engine, history, resolve
from workflow.context import FireContext
from workflow.engine import Availability
from workflow.errors import Reason, Stale, ValidationFailed, invalid
from workflow.inputs import RequestInput
from workflow.loading import lifecycle_of, load_visible, require_role
from workflow.settings import load_settings
from workflow.uow import UnitOfWork


def context(uow: UnitOfWork, actor_id: int | None, comment: str | None = "") -> FireContext:
    """The FireContext of an act: session, actor (None = the system), now, settings, comment."""
    session = uow.session
    user = resolve.actor(session, actor_id) if actor_id is not None else None
    return FireContext(session, user, uow.now(), load_settings(session), comment=comment or "")


def acting(uow: UnitOfWork, actor_id: int, comment: str | None = "") -> tuple[FireContext, User]:
    """The context of a user's act, and the user; an unknown or inactive one is refused."""
    ctx = context(uow, actor_id, comment)
    assert ctx.actor is not None  # resolve.actor raised otherwise
    return ctx, ctx.actor


def commit(uow: UnitOfWork, what: str = "object") -> None:
    """Commit, turning a lost optimistic-lock race into the same Stale refusal."""
    try:
        uow.commit()
    except StaleDataError:
        raise Stale(f"This {what} was changed by someone else: reload and try again.") from None


def fire_transition(
    uow: UnitOfWork,
    kind: str,
    object_id: int,
    trigger: str,
    actor_id: int,
    *,
    data: Any = None,
    comment: str | None = "",
    version: int | None = None,
) -> Any:
    """Fire `trigger` on one Request, Action or Activity: all of it happens, or none."""
    lifecycle, model = lifecycle_of(kind)
    with uow:
        ctx, actor = acting(uow, actor_id, comment)
        obj = load_visible(uow.session, model, object_id, actor, lock=True)
        engine.fire(lifecycle, obj, trigger, ctx, data, version)
        commit(uow, kind)
        return obj


def transitions_for(
    uow: UnitOfWork, kind: str, object_id: int, actor_id: int
) -> list[Availability]:
    """What this user may fire on the object now, and what blocks the rest."""
    lifecycle, model = lifecycle_of(kind)
    with uow:
        ctx, actor = acting(uow, actor_id)
        obj = load_visible(uow.session, model, object_id, actor)
        return engine.available_transitions(lifecycle, obj, ctx)


def create_request(uow: UnitOfWork, actor_id: int, raw: Any) -> Request:
    """Record a new Request, in `received`, owned by its creator unless said otherwise."""
    with uow:
        ctx, actor = acting(uow, actor_id)
        require_role(actor, "staff", "record a Request")
        data = resolve.parse(RequestInput, raw)
        request = Request(
            state="received", created_at=ctx.now, updated_at=ctx.now, **request_fields(ctx, data)
        )
        request.eligibility_due_on = data.received_on + dt.timedelta(
            days=ctx.settings.eligibility_days
        )
        uow.session.add(request)
        history.record(
            uow.session,
            request,
            "create",
            from_state=None,
            to_state="received",
            actor=actor,
            at=ctx.now,
        )
        commit(uow)
        return request


def request_fields(ctx: FireContext, data: RequestInput) -> dict[str, Any]:
    """The Request's columns from checked input; every unknown code is named at once."""
    session, reasons = ctx.session, []
    fields: dict[str, Any] = {}
    lookups: dict[str, Callable[[], Any]] = {
        "requester_type_code": lambda: resolve.requester_type(session, data.requester_type).code,
        "countries": lambda: resolve.countries(session, data.countries),
        "thematic_areas": lambda: resolve.thematic_areas(session, data.thematic_areas),
        "topics": lambda: resolve.topics(session, data.topics),
        "owner": lambda: resolve.staff_user(session, data.owner_id) if data.owner_id else ctx.actor,
    }
    for name, lookup in lookups.items():
        try:
            fields[name] = lookup()
        except ValidationFailed as error:
            reasons += error.reasons
    reasons += dates_not_in_future(ctx, received_on=data.received_on, endorsed_on=data.endorsed_on)
    if reasons:
        raise ValidationFailed("The request is not valid.", reasons)
    plain = data.model_dump(
        include={"requester_name", "summary", "received_on", "endorsed_by", "endorsed_on"}
    )
    return {**plain, **fields}


def dates_not_in_future(ctx: FireContext, **dates: dt.date | None) -> list[Reason]:
    """A reason, named by its keyword, for each date given that is after today."""
    return [
        Reason(name, f"{day.isoformat()} is in the future.")
        for name, day in dates.items()
        if day is not None and day > ctx.today
    ]


__all__ = ["commit", "context", "create_request", "fire_transition", "invalid", "transitions_for"]
