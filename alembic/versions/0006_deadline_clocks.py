"""The deadline rules: the catch-up horizon setting, and the suspension of an Action's clocks.

Revision ID: 0006
Revises: 0005
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0006"
down_revision: str | None = "0005"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

SETTINGS = sa.table(
    "settings", sa.column("key"), sa.column("value", sa.JSON), sa.column("description")
)
CATCH_UP = {
    "key": "catch_up_days",
    "value": 7,
    "description": "Days late a missed reminder is still sent (older ones are dropped).",
}


def upgrade() -> None:
    with op.batch_alter_table("actions") as batch:
        batch.add_column(sa.Column("suspended_on", sa.Date(), nullable=True))
        batch.add_column(
            sa.Column("suspension_days", sa.Integer(), nullable=False, server_default="0")
        )
    # 0002 seeds db/reference/settings.py as it is now, so a fresh database has the row already.
    found = (
        op.get_bind()
        .execute(sa.select(SETTINGS.c.key).where(SETTINGS.c.key == CATCH_UP["key"]))
        .first()
    )
    if found is None:
        op.bulk_insert(SETTINGS, [CATCH_UP])


def downgrade() -> None:
    op.execute(SETTINGS.delete().where(SETTINGS.c.key == CATCH_UP["key"]))
    with op.batch_alter_table("actions") as batch:
        batch.drop_column("suspension_days")
        batch.drop_column("suspended_on")
