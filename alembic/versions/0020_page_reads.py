"""Performance of the pages: a stamp for the reference data, and the indexes the plans asked for.

The lists' filters (countries, regions, areas, topics, types, instruments,
phases) are read again only when the `reference` stamp changes
(`workflow/read/choices.py`): `set_partner_country` renews it, and a
migration that changes reference data must renew it too.

Each list and each home-page section filters by state and sorts by a date: an
index on (state, date, id) reads a page in order (EXPLAIN at 10,000 and 100,000
Actions in the commit message) instead of filtering every row of the date's
index or sorting every row in the state. The deadline scan reads the same indexes: the
planned Activities starting within the experts' lead, the held ones whose report
is due -- one range of a state, so its cost follows what is due (at 10,000
Actions it used to read all 36,890 planned Activities to keep 35).

Revision ID: 0020
Revises: 0019
"""

import uuid
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0020"
down_revision: str | None = "0019"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

stamps = sa.table("cache_stamps", sa.column("name", sa.String), sa.column("stamp", sa.String))


# (index, table, columns): the lists (by state, newest first) and the home page's sections.
INDEXES = (
    ("ix_requests_state_received_on", "requests", ["state", "received_on", "id"]),
    ("ix_requests_state_eligibility_due_on", "requests", ["state", "eligibility_due_on", "id"]),
    ("ix_actions_state_created_at", "actions", ["state", "created_at", "id"]),
    ("ix_actions_owner_state_due", "actions", ["owner_id", "state", "rapid_reaction_due_on", "id"]),
    ("ix_activities_state_planned_start", "activities", ["state", "planned_start", "id"]),
    ("ix_activities_state_report_due_on", "activities", ["state", "report_due_on", "id"]),
)


def upgrade() -> None:
    op.bulk_insert(stamps, [{"name": "reference", "stamp": uuid.uuid4().hex}])
    for name, table, columns in INDEXES:
        op.create_index(name, table, columns)


def downgrade() -> None:
    for name, table, _columns in INDEXES:
        op.drop_index(name, table_name=table)
    op.execute(stamps.delete().where(stamps.c.name == "reference"))
