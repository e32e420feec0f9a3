"""The benchmark's bulk-written data is data the workflow could have made (bench/invariants.py)."""

from __future__ import annotations

from collections import Counter

import sqlalchemy as sa

from bench.generate import NOW, generate
from bench.invariants import violations
from db.engine import make_engine, make_session_factory
from db.models import Action, Activity, Expert, HistoryEntry, activity_experts
from workflow.services import ActivityState, FixedClock, UnitOfWork, scan


def test_generated_data_passes_every_lifecycle_invariant(db_url: str) -> None:
    counts = generate(db_url, actions=40)
    engine = make_engine(db_url)
    try:
        with make_session_factory(engine)() as session:
            assert violations(session, NOW) == []
            states = Counter(session.scalars(sa.select(Action.state)))
            assert len(states) >= 5, states  # realistic: spread over the lifecycle
            assert session.scalar(sa.select(sa.func.count()).select_from(Activity)) == 400
            assert counts["history"] > 40 * 20
            activity_states = set(session.scalars(sa.select(Activity.state).distinct()))
            assert activity_states == set(ActivityState), activity_states
        # A live programme: a few reminders due (the old data had one per Action), not none.
        due = scan(UnitOfWork(make_session_factory(engine), FixedClock(NOW)))
        assert 0 < len(due) <= 8, [d.rule for d in due]
        with make_session_factory(engine)() as session:
            # A broken walk is seen: an Activity moved on without its history.
            planned = session.scalars(
                sa.select(Activity).where(Activity.state == "planned").limit(1)
            ).one()
            planned.state = "completed"
            session.add(
                HistoryEntry(
                    object_kind="activity",
                    object_id=planned.id,
                    action_id=planned.action_id,
                    trigger="accept_report",
                    from_state="planned",
                    to_state="completed",
                    at=NOW,
                )
            )
            session.flush()
            found = violations(session, NOW)
            assert any(f"activity {planned.id}: row" in line for line in found), found
    finally:
        engine.dispose()


def test_copied_blocks_are_sound_and_their_ids_shifted(db_url: str) -> None:
    """31 Actions from a block of 10 copied twice by the database, and one built after:
    each copy its own objects, the ids in its history shifted with it."""
    counts = generate(db_url, actions=31, block=12)
    engine = make_engine(db_url)
    try:
        with make_session_factory(engine)() as session:
            assert violations(session, NOW) == []
            assert counts["actions"] == 31 and counts["activities"] == 310
            created = session.execute(
                sa.select(Action.request_id, HistoryEntry.data).join(
                    HistoryEntry,
                    sa.and_(
                        HistoryEntry.object_kind == "action",
                        HistoryEntry.object_id == Action.id,
                        HistoryEntry.trigger == "create",
                    ),
                )
            ).all()
            assert len(created) == 31
            assert all(data["request_id"] == request_id for request_id, data in created)
            scheduled = session.execute(
                sa.select(activity_experts.c.expert_id, HistoryEntry.data).join(
                    HistoryEntry,
                    sa.and_(
                        HistoryEntry.object_kind == "activity",
                        HistoryEntry.object_id == activity_experts.c.activity_id,
                        HistoryEntry.trigger == "schedule",
                    ),
                )
            ).all()
            assert len(scheduled) > 30
            assert all(data["expert_ids"] == [expert] for expert, data in scheduled)
            emails = session.scalars(sa.select(Expert.email)).all()
            assert len(set(emails)) == len(emails) == counts["experts"]
    finally:
        engine.dispose()
