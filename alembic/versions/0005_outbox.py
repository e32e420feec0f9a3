"""The outbox of reminders and e-mails, and the setting outbox_max_attempts.

Revision ID: 0005
Revises: 0004
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0005"
down_revision: str | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

STATUSES = ("pending", "sent", "superseded", "failed")
MAX_ATTEMPTS = (
    "outbox_max_attempts",
    8,
    "Failed sends of an e-mail before it is given up as failed.",
)


def upgrade() -> None:
    op.create_table(
        "outbox",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("rule", sa.String(length=40), nullable=False),
        sa.Column("object_kind", sa.String(length=20), nullable=False),
        sa.Column("object_id", sa.Integer(), nullable=False),
        sa.Column("recipient", sa.String(length=254), nullable=False),
        sa.Column("recipient_user_id", sa.Integer(), nullable=True),
        sa.Column("recipient_email", sa.String(length=254), nullable=True),
        sa.Column("occurrence", sa.String(length=80), nullable=False),
        sa.Column("due_on", sa.Date(), nullable=False),
        sa.Column("subject", sa.String(length=300), nullable=False),
        sa.Column("facts", sa.JSON(), nullable=False),
        sa.Column("status", sa.Enum(*STATUSES, name="outbox_status"), nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("next_attempt_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("last_error", sa.Text(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("sent_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["recipient_user_id"],
            ["users.id"],
            name=op.f("fk_outbox_recipient_user_id_users"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_outbox")),
        sa.UniqueConstraint(
            "rule", "object_kind", "object_id", "recipient", "occurrence", name="uq_outbox_key"
        ),
    )
    with op.batch_alter_table("outbox", schema=None) as batch_op:
        batch_op.create_index("ix_outbox_due", ["status", "next_attempt_at"], unique=False)
    # 0002 seeds every setting of db/reference/settings.py, this one included, on a
    # fresh database; a database migrated before this revision gets it here.
    key, value, description = MAX_ATTEMPTS
    settings = sa.table(
        "settings", sa.column("key"), sa.column("value", sa.JSON), sa.column("description")
    )
    bind = op.get_bind()
    if bind.scalar(sa.select(sa.func.count()).where(settings.c.key == key)) == 0:
        op.bulk_insert(settings, [{"key": key, "value": value, "description": description}])


def downgrade() -> None:
    op.get_bind().execute(
        sa.text("DELETE FROM settings WHERE key = :key"), {"key": MAX_ATTEMPTS[0]}
    )
    with op.batch_alter_table("outbox", schema=None) as batch_op:
        batch_op.drop_index("ix_outbox_due")
    op.drop_table("outbox")
    sa.Enum(name="outbox_status").drop(op.get_bind(), checkfirst=True)
