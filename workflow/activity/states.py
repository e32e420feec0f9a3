"""The states of an Activity (docs/lifecycles.md), with the tags other code asks about."""

from __future__ import annotations

from workflow.engine.states import StateEnum


class ActivityState(StateEnum):
    """Tags: `open` (not yet held: cancelled with its Action), `booked_on_planned_dates`
    and `booked_on_actual_dates` (its experts are taken then: double-booking, and
    the activity counts as held), `terminal`."""

    PLANNED = "planned", "Planned", "open"
    SCHEDULED = "scheduled", "Scheduled", "open", "booked_on_planned_dates"
    HELD = "held", "Held", "booked_on_actual_dates"
    REPORT_SUBMITTED = "report_submitted", "Report submitted", "booked_on_actual_dates"
    COMPLETED = "completed", "Completed", "terminal", "booked_on_actual_dates"
    CANCELLED = "cancelled", "Cancelled", "terminal"
