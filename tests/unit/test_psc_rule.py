"""The PSC vote rule as a pure function (docs/lifecycles.md, The PSC vote)."""

from workflow.action.psc import decide, tally


def test_a_round_stays_open_until_every_member_has_voted() -> None:
    assert decide({1: "approve", 2: "approve"}, [1, 2, 3]) is None


def test_unanimous_approval_approves() -> None:
    assert decide({1: "approve", 2: "approve", 3: "approve"}, [1, 2, 3]) == "approve"


def test_a_single_reject_decides_at_once_even_before_the_others_vote() -> None:
    assert decide({2: "reject"}, [1, 2, 3]) == "reject"


def test_any_request_for_changes_without_reject_sends_the_fiche_back() -> None:
    assert decide({1: "approve", 2: "request_changes", 3: "approve"}, [1, 2, 3]) == (
        "request_changes"
    )


def test_an_empty_electorate_decides_nothing() -> None:
    assert decide({}, []) is None


def test_a_member_who_left_the_electorate_does_not_hold_the_round_open() -> None:
    # Member 3 was deactivated: the electorate passed in no longer holds them.
    assert decide({1: "approve", 2: "approve"}, [1, 2]) == "approve"


def test_the_tally_counts_decisions_and_lists_who_did_not_vote() -> None:
    result = tally({1: "approve", 2: "request_changes"}, [1, 2, 3], round_=2)
    assert result == {
        "round": 2,
        "electorate": 3,
        "approve": 1,
        "request_changes": 1,
        "reject": 0,
        "not_voted": [3],
    }
