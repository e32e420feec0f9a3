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
    # Each Due's key and group computed once: a scan at scale returns thousands.
    every = [(due, due.key) for due in found]
    groups = [(FAMILIES.get(due.rule, due.rule), *key[1:4]) for due, key in every]
    newest: dict[tuple[object, ...], tuple[tuple[dt.date, str], Key]] = {}
    for (due, key), group in zip(every, groups, strict=True):
        kept = newest.get(group)
        rank = (due.due_on, due.occurrence)
        if kept is None or rank > kept[0]:
            newest[group] = (rank, key)
    return _merge_roles(
        (due, key)
        for (due, key), group in zip(every, groups, strict=True)
        if newest[group][1] == key
    )


Key = tuple[str, str, int, str, str]


def _merge_roles(found: Iterable[tuple[Due, Key]]) -> list[Due]:
    merged: dict[Key, Due] = {}
    for due, key in found:
        kept = merged.get(key)
        if kept is None:
            merged[key] = due
            continue
        roles = sorted({*_roles(kept), *_roles(due)})
        merged[key] = Due(**{**vars(kept), "facts": {**kept.facts, "role": ", ".join(roles)}})
    return [due for _, due in sorted(merged.items(), key=lambda kd: (kd[1].due_on, kd[0]))]


def _roles(due: Due) -> list[str]:
    return str(due.facts.get("role", "")).split(", ")
