"""Which data names rows to read and lock with the act (`LockedWith.ids_in`)."""

from __future__ import annotations

from typing import Any

import pytest

from workflow.activity.guards import EXPERTS_WITH_ACT


@pytest.mark.parametrize(
    ("data", "ids"),
    [
        ({"expert_ids": [3, 1, 3]}, [1, 3]),  # sorted and distinct: the order rows are locked
        ({"expert_ids": [7]}, [7]),
        # Anything else is the data check's to refuse or the fire's to read as before:
        ({"expert_ids": []}, None),
        ({"expert_ids": ["3"]}, None),
        ({"expert_ids": [True]}, None),
        ({"expert_ids": [1.0]}, None),
        ({"expert_ids": 3}, None),
        ({"planned_start": "2027-01-04"}, None),
        (None, None),
        ([3], None),
    ],
)
def test_the_ids_read_with_the_act_are_a_plain_list_of_ints(data: Any, ids: Any) -> None:
    assert EXPERTS_WITH_ACT.ids_in(data) == ids
