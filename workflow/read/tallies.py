"""The counts the database keeps (migration 0022): read by summing their rows, folded by
the scheduler into one row a count so that the sums stay short.

A count over every row (a million Activities by state, 100,000 Actions by area) is then
a sum over the few dozen rows of `tallies`, whatever the size of the programme.
"""

from __future__ import annotations

from collections import defaultdict

import sqlalchemy as sa
from sqlalchemy.orm import Session

from db.models import tallies
from workflow.engine.unit_of_work import UnitOfWork

# figure -> key -> (number, of which closed or deployed); zero counts left out
Counts = dict[str, dict[str, tuple[int, int]]]
STATE_FIGURES = ("request", "action", "activity")


def kept_counts(session: Session, figures: tuple[str, ...] = ()) -> Counts:
    """The kept counts of `figures` (all when empty): one query over the rows of changes."""
    t = tallies.c
    rows = session.execute(
        sa.select(t.figure, t.key, sa.func.sum(t.n), sa.func.sum(t.part))
        .where(t.figure.in_(figures) if figures else sa.true())
        .group_by(t.figure, t.key)
        .order_by(t.figure, t.key)
    )
    found: Counts = defaultdict(dict)
    for figure, key, n, part in rows:
        if n or part:
            found[figure][key] = (int(n), int(part))
    return found


def state_counts(session: Session) -> dict[str, dict[str, int]]:
    """The number of Requests, Actions and Activities in each state."""
    counts = kept_counts(session, STATE_FIGURES)
    return {f: {k: n for k, (n, _) in counts.get(f, {}).items() if n} for f in STATE_FIGURES}


def fold(uow: UnitOfWork) -> int:
    """Replace the rows of each count by their sum; the number of rows folded.

    The rows are deleted and read in one statement, so a row a fire appends meanwhile is
    left for the next folding, and a second folding at the same time skips the rows the
    first deleted (PostgreSQL waits on them, then finds them gone): no change is counted
    twice or lost."""
    with uow:
        t = tallies.c
        gone = uow.session.execute(sa.delete(tallies).returning(t.figure, t.key, t.n, t.part)).all()
        sums: dict[tuple[str, str], list[int]] = defaultdict(lambda: [0, 0])
        for figure, key, n, part in gone:
            total = sums[figure, key]
            total[0] += n
            total[1] += part
        kept = [
            {"figure": f, "key": k, "n": n, "part": c} for (f, k), (n, c) in sums.items() if n or c
        ]
        if kept:
            uow.session.execute(sa.insert(tallies), kept)
        uow.commit()
        return len(gone)
