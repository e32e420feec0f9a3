"""The in-memory contenders of bench/machine.py move every row as the lifecycle says: the
bench's figure compares like with like, and a change to the engine that the bench's
stand-in session does not answer shows here, not in a benchmark run."""

from __future__ import annotations

from bench.machine import TRIGGER, ours, per_object
from workflow.request.lifecycle import REQUEST


def test_both_contenders_move_every_row_to_the_transition_s_destination() -> None:
    destination = REQUEST.moves[TRIGGER, REQUEST.initial.value].value
    for contender in (ours, per_object):
        rows = contender(20)
        assert [row.state for row in rows] == [destination] * 20, contender.__name__
    # Ours is the engine's own fire: it stamps the row as a fire does.
    assert {row.updated_at is not None for row in ours(3)} == {True}
