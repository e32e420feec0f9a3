"""Recording a Request (its lifecycle starts in `received`)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from db.models import Request
from workflow.engine import history, resolve
from workflow.engine.acts import acting, commit
from workflow.engine.context import FireContext
from workflow.engine.errors import Reason, ValidationFailed
from workflow.engine.unit_of_work import UnitOfWork
from workflow.read.loading import require_role
from workflow.request.shapes import RequestInput
from workflow.request.states import RequestState


def create_request(uow: UnitOfWork, actor_id: int, raw: Any) -> Request:
    """Record a new Request, in `received`, owned by its creator unless said otherwise."""
    with uow:
        ctx, actor = acting(uow, actor_id)
        require_role(actor, "staff", "record a Request")
        data = resolve.parse(RequestInput, raw)
        request = Request(
            state=RequestState.RECEIVED,
            created_at=ctx.now,
            updated_at=ctx.now,
            **request_fields(ctx, data),
        )
        request.eligibility_due_on = data.received_on + dt.timedelta(
            days=ctx.settings.eligibility_days
        )
        uow.session.add(request)
        history.write(ctx, request, "create", before=None)
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
