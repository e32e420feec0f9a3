"""The experts assigned to an Activity, written as link rows: only the links that change.

The ORM would read the old list to diff it against the new one (a query of every
assigned Expert) before writing; here the links not wanted any more are deleted and
the new ones inserted, an existing link left as it is. On PostgreSQL both are one
statement (a data-modifying CTE), on SQLite two. The triggers on `activity_experts`
(an expert's deployment, the figures' pairs) run on exactly the rows that change, as
they did under the ORM's writes.
"""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session
from sqlalchemy.orm.attributes import set_committed_value

from db.models import Activity, Expert, activity_experts
from workflow.engine.write import Along

# Built once, bound at execution (the activity and the expert ids): cached statements.
_ACTIVITY = sa.bindparam("activity_id", type_=sa.Integer)
_UNWANTED = sa.delete(activity_experts).where(
    activity_experts.c.activity_id == _ACTIVITY,
    activity_experts.c.expert_id.not_in(sa.bindparam("ids", expanding=True)),
)
# The experts' own rows (read and locked by the fire already) as the source, rather than a
# multi-row VALUES, which SQLAlchemy compiles again at every execution.
_WANTED = sa.select(_ACTIVITY, Expert.id).where(Expert.id.in_(sa.bindparam("ids", expanding=True)))


def _insert(dialect: Any) -> Any:
    return (
        dialect.insert(activity_experts)
        .from_select(["activity_id", "expert_id"], _WANTED)
        .on_conflict_do_nothing()
    )


LINK_WRITES: dict[str, tuple[Any, ...]] = {
    # WITH gone AS (DELETE ... WHERE activity_id = :a AND expert_id NOT IN (:ids))
    # INSERT INTO activity_experts SELECT :a, experts.id FROM experts WHERE ... ON CONFLICT
    # DO NOTHING: the DELETE runs to completion whether read or not.
    "postgresql": (_insert(postgresql).add_cte(_UNWANTED.cte("gone")),),
    "sqlite": (_UNWANTED, _insert(sqlite)),
}
# Inside a fire on PostgreSQL: the DELETE and the INSERT sent with the fire's write, as two
# of its data-modifying WITHs (they touch other links: those not wanted, those wanted).
WITH_THE_WRITE = (_UNWANTED, _insert(postgresql))


def assign(
    session: Session,
    activity: Activity,
    experts: list[Expert],
    along: list[Along] | None = None,
) -> None:
    """Make `experts` (in id order) the Activity's assigned experts, in the session's
    transaction; the loaded Activity shows them without a reload. `along`: a fire's writes
    sent with its object's (`FireContext.along`), where PostgreSQL's links go."""
    params = {"activity_id": activity.id, "ids": [expert.id for expert in experts]}
    connection = session.connection()  # Core, and no autoflush of the moving Activity
    if along is not None and connection.dialect.name == "postgresql":
        along.extend((statement, params) for statement in WITH_THE_WRITE)
    else:
        for statement in LINK_WRITES[connection.dialect.name]:
            connection.execute(statement, params)
    set_committed_value(activity, "experts", list(experts))
