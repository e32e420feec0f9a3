"""The report escalation's next day, as the object page lists it: due + 15, then weekly."""

from __future__ import annotations

import datetime as dt

import pytest

from workflow.deadlines.coming import next_escalation

DUE = dt.date(2027, 2, 12)


@pytest.mark.parametrize(
    ("days_after_due", "expected"),
    [
        (-30, "2027-02-27"),
        (14, "2027-02-27"),
        (15, "2027-03-06"),
        (21, "2027-03-06"),
        (22, "2027-03-13"),
    ],
)
def test_the_next_escalation_after_a_day(days_after_due: int, expected: str) -> None:
    after = DUE + dt.timedelta(days=days_after_due)
    assert next_escalation(DUE, after) == dt.date.fromisoformat(expected)
