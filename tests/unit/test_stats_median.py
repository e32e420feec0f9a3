"""The rapid-reaction median read from a histogram (one row per number of days) is
statistics.median's, int or float alike (the API returns it as is)."""

from __future__ import annotations

import statistics
from collections import Counter

import pytest

from workflow.read.figures import median_of


@pytest.mark.parametrize(
    "days",
    [[80], [3, 3, 90], [1, 2], [5, 5, 5, 9], [0, 10, 10, 20, 30, 30, 31], [7, 1, 4, 4]],
)
def test_median_of_a_histogram_is_the_median_of_its_values(days: list[int]) -> None:
    spread = sorted(Counter(days).items())
    found = median_of(spread, len(days))
    assert found == statistics.median(days)
    assert type(found) is type(statistics.median(days))
