"""When a reminder is due: the days a scan at `now` covers, and the Due records it returns.

A reminder for day D is due from D at `reminder_hour` UTC, and is still sent
up to `catch_up_days` days late; older ones are dropped (no backlog after a
long stop). Superseding keeps, per rule family, object and recipient, only the
newest occurrence; the same person reminded under two roles gets one Due.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from workflow.admin.settings import Settings
from workflow.deadlines import Due

# Rules whose occurrences follow one another for one object: a newer one supersedes.
FAMILIES = {
    "report_due": "report",
    "report_overdue": "report",
    "report_escalation": "report",
    "rapid_reaction_warning": "rapid_reaction",
    "rapid_reaction_missed": "rapid_reaction",
}


@dataclass(frozen=True)
class Window:
    """The reminder days a scan covers: `first` to `last`, both included."""

    first: dt.date
    last: dt.date

    def __contains__(self, day: object) -> bool:
        return isinstance(day, dt.date) and self.first <= day <= self.last

    def shifted(self, days: int) -> tuple[dt.date, dt.date]:
        """The window moved by `days`: the stored dates whose reminder day falls in it."""
        delta = dt.timedelta(days=days)
        return self.first + delta, self.last + delta


def window_for(now: dt.datetime, settings: Settings) -> Window:
    """The days whose reminders are due at `now`: the latest one whose hour has come, and
    the `catch_up_days` before it."""
    utc = now.astimezone(dt.UTC)
    last = utc.date()
    if utc.hour < settings.reminder_hour:
        last -= dt.timedelta(days=1)
    return Window(last - dt.timedelta(days=settings.catch_up_days), last)


@dataclass(frozen=True)
class Recipient:
    """Who is told, and in which role (the role goes into the facts)."""

    user_id: int | None
    email: str | None
    role: str


def dues(
    rule: str,
    obj: tuple[str, int],
    recipients: Iterable[Recipient],
    occurrence: str,
    day: dt.date,
    facts: Mapping[str, object],
) -> list[Due]:
    """One Due per recipient of one occurrence."""
    return [
        Due(rule, obj[0], obj[1], r.user_id, r.email, occurrence, day, {**facts, "role": r.role})
        for r in recipients
    ]


def newest_only(found: Iterable[Due]) -> list[Due]:
    """Keep, per rule family, object and recipient, the newest occurrence; then one Due per
    key, its roles merged (owner and programme manager both)."""
    every = list(found)
    newest: dict[tuple[object, ...], Due] = {}
    for due in every:
        kept = newest.get(_group(due))
        if kept is None or (due.due_on, due.occurrence) > (kept.due_on, kept.occurrence):
            newest[_group(due)] = due
    return _merge_roles(d for d in every if newest[_group(d)].key == d.key)


def _group(due: Due) -> tuple[object, ...]:
    return (FAMILIES.get(due.rule, due.rule), *due.key[1:4])


def _merge_roles(found: Iterable[Due]) -> list[Due]:
    merged: dict[tuple[str, str, int, str, str], Due] = {}
    for due in found:
        kept = merged.get(due.key)
        if kept is None:
            merged[due.key] = due
            continue
        roles = sorted({*_roles(kept), *_roles(due)})
        merged[due.key] = Due(**{**vars(kept), "facts": {**kept.facts, "role": ", ".join(roles)}})
    return sorted(merged.values(), key=lambda d: (d.due_on, d.key))


def _roles(due: Due) -> list[str]:
    return str(due.facts.get("role", "")).split(", ")
