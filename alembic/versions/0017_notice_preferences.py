"""Notice preferences (e-mail on or off, single e-mails or a daily digest), and the outbox
statuses `in_app` (never e-mailed) and `digested` (sent inside a daily digest).

Revision ID: 0017
Revises: 0016
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0017"
down_revision: str | None = "0016"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

NEW_STATUSES = ("in_app", "digested")


def upgrade() -> None:
    op.create_table(
        "notice_preferences",
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("email", sa.Boolean(), nullable=False),
        sa.Column("daily_digest", sa.Boolean(), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["users.id"],
            name=op.f("fk_notice_preferences_user_id_users"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("user_id", name=op.f("pk_notice_preferences")),
    )
    # SQLite stores the enum as plain text (no CHECK): only PostgreSQL's type needs the values.
    if op.get_bind().dialect.name == "postgresql":
        for status in NEW_STATUSES:
            op.execute(f"ALTER TYPE outbox_status ADD VALUE IF NOT EXISTS '{status}'")


def downgrade() -> None:
    # PostgreSQL cannot drop a value from an enum type: the values stay, unused. A row that
    # was never e-mailed or went in a digest counts as sent for the older code.
    op.execute(
        "UPDATE outbox SET status = 'sent' WHERE CAST(status AS TEXT) IN ('in_app', 'digested')"
    )
    op.drop_table("notice_preferences")
