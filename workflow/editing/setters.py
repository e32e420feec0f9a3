"""How each editable field is written: codes resolved to rows, owners checked, due dates moved.

A field without a setter is a plain column; the others resolve what callers
send (codes, ids) into rows, or refuse it naming the field (422).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from db.models import ActivityType, FocalPoint
from workflow.engine import resolve
from workflow.engine.context import FireContext
from workflow.engine.errors import invalid

# Column names where the edit's field name differs from the model's.
COLUMNS = {"requester_type": "requester_type_code", "type": "type_code"}
Setter = Callable[[FireContext, Any, str, Any], None]


def set_plain(ctx: FireContext, obj: Any, name: str, value: Any) -> None:
    setattr(obj, COLUMNS.get(name, name), value)


def _set_codes(lookup: Callable[..., list[Any]]) -> Setter:
    def setter(ctx: FireContext, obj: Any, name: str, value: Any) -> None:
        # Sorted as they are loaded back, so the history shows the stored order.
        setattr(obj, name, sorted(lookup(ctx.session, value or []), key=lambda row: row.code))

    return setter


def _set_owner(ctx: FireContext, obj: Any, name: str, value: Any) -> None:
    obj.owner = resolve.staff_user(ctx.session, value, "owner")
    obj.owner_id = obj.owner.id


def _set_focal_points(ctx: FireContext, obj: Any, name: str, value: Any) -> None:
    obj.focal_points = [
        FocalPoint(name=fp.name, institution=fp.institution, email=fp.email.lower())
        for fp in value or []
    ]


def _set_requester_type(ctx: FireContext, obj: Any, name: str, value: Any) -> None:
    obj.requester_type_code = resolve.requester_type(ctx.session, value).code


def _set_activity_type(ctx: FireContext, obj: Any, name: str, value: Any) -> None:
    found = resolve.rows_by_key(ctx.session, ActivityType, ActivityType.code, [value], "type")
    obj.type_code = found[0].code


def _set_experts(ctx: FireContext, obj: Any, name: str, value: Any) -> None:
    obj.experts = resolve.experts(ctx.session, value or [])


def _not_in_future(ctx: FireContext, name: str, value: dt.date | None) -> None:
    """The same rule as at creation (request.services.dates_not_in_future)."""
    if value is not None and value > ctx.today:
        raise invalid(name, f"{value.isoformat()} is in the future.")


def _set_received_on(ctx: FireContext, obj: Any, name: str, value: Any) -> None:
    _not_in_future(ctx, name, value)
    obj.received_on = value
    obj.eligibility_due_on = value + dt.timedelta(days=ctx.settings.eligibility_days)


def _set_endorsed_on(ctx: FireContext, obj: Any, name: str, value: Any) -> None:
    _not_in_future(ctx, name, value)
    obj.endorsed_on = value


SETTERS: dict[str, Setter] = {
    "countries": _set_codes(resolve.countries),
    "thematic_areas": _set_codes(resolve.thematic_areas),
    "topics": _set_codes(resolve.topics),
    "owner_id": _set_owner,
    "focal_points": _set_focal_points,
    "requester_type": _set_requester_type,
    "type": _set_activity_type,
    "expert_ids": _set_experts,
    "received_on": _set_received_on,
    "endorsed_on": _set_endorsed_on,
}
