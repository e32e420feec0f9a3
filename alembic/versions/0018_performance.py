"""Performance: a stamp per cached table (the settings), and the indexes the plans asked for.

A process keeps the settings it read with the stamp they had; each act reads
the stamp in the query that loads its actor, and reads the settings again only
when the stamp changed (`workflow/admin/settings.py`). A migration that changes
the settings must change the stamp too.

Revision ID: 0018
Revises: 0017
"""

import uuid
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0018"
down_revision: str | None = "0017"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    stamps = op.create_table(
        "cache_stamps",
        sa.Column("name", sa.String(40), nullable=False),
        sa.Column("stamp", sa.String(32), nullable=False),
        sa.PrimaryKeyConstraint("name", name=op.f("pk_cache_stamps")),
    )
    op.bulk_insert(stamps, [{"name": "settings", "stamp": uuid.uuid4().hex}])
    # The list of Actions, newest first: read the first page from the index, not a sort of
    # every row (EXPLAIN at 100,000 Actions: a sequential scan and a top-N sort, 328 ms).
    op.create_index("ix_actions_created_at_id", "actions", ["created_at", "id"])


def downgrade() -> None:
    op.drop_index("ix_actions_created_at_id", table_name="actions")
    op.drop_table("cache_stamps")
