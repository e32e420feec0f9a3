"""The benchmark's bulk-written data is data the workflow could have made (bench/invariants.py)."""

from __future__ import annotations

from collections import Counter

import sqlalchemy as sa

from bench.generate import NOW, generate
from bench.invariants import violations
from db.engine import make_engine, make_session_factory
from db.models import Action, Activity, HistoryEntry


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
