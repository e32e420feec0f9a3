"""Assigning experts found for an activity: added to those already assigned, never one
booked elsewhere on the activity's dates.

The bookings are checked before the edit, in the read the finder makes; the
`schedule` guard still refuses a double-booking at scheduling time (under the
experts' row locks), so a booking made in between is caught there.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from db.models import Activity
from workflow.activity.bookings import bookings
from workflow.editing.edit import edit
from workflow.engine import resolve
from workflow.engine.errors import GuardFailed, Reason, invalid
from workflow.engine.unit_of_work import UnitOfWork
from workflow.read.loading import load_visible, require_role
from workflow.read.queries import actor, read_only


def assign_experts(
    uow: UnitOfWork,
    activity_id: int,
    actor_id: int,
    ids: Sequence[int],
    version: int | None,
    comment: str = "",
) -> Any:
    """Add the experts `ids` to the activity (staff, while its experts may change); the
    comment is required as for any edit while the Action is implemented."""
    with uow:
        session = read_only(uow)
        user = actor(session, actor_id)
        activity: Activity = load_visible(session, Activity, activity_id, user)
        require_role(user, "staff", "assign experts")
        if not ids:
            raise invalid("expert_ids", "Choose at least one expert.")
        resolve.experts(session, ids)
        current = [e.id for e in activity.experts]
        start, end = activity.planned_start, activity.planned_end
        clashes = (
            session.execute(bookings(start, end, activity.id, list(ids))).all()
            if start and end
            else []
        )
        if clashes:
            raise GuardFailed(
                "An expert you chose is booked elsewhere on the activity's dates.",
                [
                    Reason(
                        "expert_double_booked",
                        f"{name} is already booked on '{title}' (activity {other}) on "
                        "overlapping dates.",
                    )
                    for _id, name, title, other in clashes
                ],
            )
    wanted = sorted(set(current) | set(ids))
    return edit(uow, "activity", activity_id, actor_id, {"expert_ids": wanted}, version, comment)
