"""The lifecycle definitions are consistent data: the graph, roles and fields they declare."""

from __future__ import annotations

import pytest

from db.users import ROLES
from workflow.engine.definition import Lifecycle
from workflow.lifecycles import LIFECYCLES

ALL = list(LIFECYCLES.values())


@pytest.mark.parametrize("lifecycle", ALL, ids=lambda lc: lc.kind)
def test_every_transition_joins_declared_states(lifecycle: Lifecycle) -> None:
    for t in lifecycle.transitions.values():
        assert set(t.sources) <= set(lifecycle.states), t.trigger
        assert t.dest in lifecycle.states, t.trigger


@pytest.mark.parametrize("lifecycle", ALL, ids=lambda lc: lc.kind)
def test_every_state_is_reachable_from_the_initial_one(lifecycle: Lifecycle) -> None:
    reached, frontier = {lifecycle.initial}, [lifecycle.initial]
    while frontier:
        state = frontier.pop()
        for t in lifecycle.from_state(state):
            if t.dest not in reached:
                reached.add(t.dest)
                frontier.append(t.dest)
    assert reached == set(lifecycle.states)


@pytest.mark.parametrize("lifecycle", ALL, ids=lambda lc: lc.kind)
def test_terminal_states_have_no_way_out_and_others_do(lifecycle: Lifecycle) -> None:
    for name, state in ((s.value, s) for s in lifecycle.states):
        assert bool(lifecycle.from_state(name)) is not state.terminal, name


@pytest.mark.parametrize("lifecycle", ALL, ids=lambda lc: lc.kind)
def test_roles_are_known_and_system_triggers_have_none(lifecycle: Lifecycle) -> None:
    for t in lifecycle.transitions.values():
        assert set(t.roles) <= set(ROLES), t.trigger
        assert "admin" not in t.roles, "admin fires no trigger"
        assert (not t.roles) == t.system_only, t.trigger


@pytest.mark.parametrize("lifecycle", ALL, ids=lambda lc: lc.kind)
def test_the_machine_moves_exactly_as_the_definition_says(lifecycle: Lifecycle) -> None:
    for t in lifecycle.transitions.values():
        event = lifecycle.machine.events[t.trigger]
        assert set(event.transitions) == {s.value for s in t.sources}, t.trigger
        for source in t.sources:
            assert [move.dest for move in event.transitions[source.value]] == [t.dest.value]
    # The table a fire looks its move up in is the Machine's graph, nothing more or less.
    assert lifecycle.moves == {
        (t.trigger, s.value): t.dest for t in lifecycle.transitions.values() for s in t.sources
    }


def test_the_psc_decisions_are_fired_by_the_system_only() -> None:
    action = LIFECYCLES["action"]
    system = {t.trigger for t in action.transitions.values() if t.system_only}
    assert system == {"psc_approve", "psc_request_changes", "psc_reject"}


def test_transitions_that_record_a_reason_require_it() -> None:
    requires = {
        (kind, t.trigger): t.requires
        for kind, lc in LIFECYCLES.items()
        for t in lc.transitions.values()
        if t.requires
    }
    assert requires[("request", "decline")] == ["reasons"]
    assert requires[("request", "withdraw")] == ["reason"]
    assert requires[("action", "cancel")] == ["reason"]
    assert requires[("action", "close")] == ["evaluation"]
    assert requires[("activity", "return_report")] == ["comment"]
    assert requires[("activity", "mark_held")] == ["actual_start", "actual_end", "participants"]


def test_roles_are_those_of_lifecycles_md_staff_unless_said_otherwise() -> None:
    exceptions = {
        ("action", "validate_fiche"): {"focal_point"},
        ("activity", "submit_report"): {"staff", "expert"},
        ("action", "psc_approve"): set(),
        ("action", "psc_request_changes"): set(),
        ("action", "psc_reject"): set(),
    }
    for kind, lifecycle in LIFECYCLES.items():
        for trigger, t in lifecycle.transitions.items():
            assert set(t.roles) == exceptions.get((kind, trigger), {"staff"}), (kind, trigger)
