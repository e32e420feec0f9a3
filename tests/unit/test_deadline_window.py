"""The pure parts of the deadline rules: the window, the report series, the digest periods,
superseding and the two-roles merge."""

from __future__ import annotations

import datetime as dt
from types import SimpleNamespace
from typing import Any

import pytest

from workflow.deadlines import Due
from workflow.deadlines.activities import report_reminder
from workflow.deadlines.digest import period_ending_before
from workflow.deadlines.window import newest_only, window_for

D = dt.date


def settings(**overrides: Any) -> Any:
    return SimpleNamespace(**{"reminder_hour": 7, "catch_up_days": 7, **overrides})


@pytest.mark.parametrize(
    ("now", "first", "last"),
    [
        (dt.datetime(2027, 3, 10, 7, 0, tzinfo=dt.UTC), D(2027, 3, 3), D(2027, 3, 10)),
        (dt.datetime(2027, 3, 10, 6, 59, tzinfo=dt.UTC), D(2027, 3, 2), D(2027, 3, 9)),
        # 08:30 in Paris (UTC+1) is 07:30 UTC: the reminder hour is UTC.
        (
            dt.datetime(2027, 3, 10, 8, 30, tzinfo=dt.timezone(dt.timedelta(hours=1))),
            D(2027, 3, 3),
            D(2027, 3, 10),
        ),
    ],
)
def test_the_window_ends_on_the_last_day_whose_hour_has_come(
    now: dt.datetime, first: dt.date, last: dt.date
) -> None:
    window = window_for(now, settings())
    assert (window.first, window.last) == (first, last)


@pytest.mark.parametrize(
    ("last", "expected"),
    [
        (D(2027, 2, 8), None),
        (D(2027, 2, 9), ("report_due", D(2027, 2, 9))),
        (D(2027, 2, 12), ("report_due", D(2027, 2, 9))),
        (D(2027, 2, 13), ("report_overdue", D(2027, 2, 13))),
        (D(2027, 2, 19), ("report_overdue", D(2027, 2, 13))),
        (D(2027, 2, 20), ("report_overdue", D(2027, 2, 20))),
        (D(2027, 2, 27), ("report_escalation", D(2027, 2, 27))),
        (D(2027, 3, 6), ("report_escalation", D(2027, 3, 6))),
    ],
)
def test_the_report_series_for_a_report_due_on_12_february(
    last: dt.date, expected: tuple[str, dt.date] | None
) -> None:
    assert report_reminder(D(2027, 2, 12), last) == expected


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        (D(2027, 1, 1), ("2026", D(2026, 1, 1), D(2026, 12, 31))),
        (D(2027, 4, 1), ("2027-Q1", D(2027, 1, 1), D(2027, 3, 31))),
        (D(2027, 7, 1), ("2027-H1", D(2027, 1, 1), D(2027, 6, 30))),
        (D(2027, 10, 1), ("2027-Q3", D(2027, 7, 1), D(2027, 9, 30))),
        (D(2027, 7, 2), None),
        (D(2027, 2, 1), None),
    ],
)
def test_one_digest_a_day_for_the_longest_period_just_ended(
    day: dt.date, expected: tuple[str, dt.date, dt.date] | None
) -> None:
    assert period_ending_before(day) == expected


def due(rule: str, user: int, day: dt.date, role: str = "owner") -> Due:
    return Due(rule, "activity", 1, user, None, day.isoformat(), day, {"role": role})


def test_the_newest_occurrence_of_a_family_supersedes_the_older() -> None:
    older, newer = due("report_due", 5, D(2027, 2, 9)), due("report_overdue", 5, D(2027, 2, 13))
    other = due("report_due", 6, D(2027, 2, 9))
    assert newest_only([older, newer, other]) == [other, newer]


def test_one_person_under_two_roles_gets_one_due_naming_both() -> None:
    found = newest_only(
        [
            due("evaluation", 5, D(2027, 5, 9)),
            due("evaluation", 5, D(2027, 5, 9), "programme_manager"),
        ]
    )
    assert len(found) == 1 and found[0].facts["role"] == "owner, programme_manager"
