"""Accounts: one-time links, failed logins, session generations, the append-only audit trail.

Revision ID: 0019
Revises: 0018
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0019"
down_revision: str | None = "0018"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

SETTINGS = sa.table(
    "settings", sa.column("key"), sa.column("value", sa.JSON), sa.column("description")
)
NEW_SETTINGS = [
    ("invitation_expiry_days", 7, "Days an invitation's link to set a password stays valid."),
    ("reset_expiry_minutes", 60, "Minutes a password-reset link stays valid."),
    ("login_window_minutes", 15, "Minutes over which failed logins are counted."),
    ("login_failures_per_account", 5, "Failed logins to one account before it must wait."),
    ("login_failures_per_address", 20, "Failed logins from one address before it must wait."),
]
REFUSE = "audit_log is append-only: its rows are never changed or deleted"


def upgrade() -> None:
    with op.batch_alter_table("users") as batch:
        batch.add_column(
            sa.Column("session_generation", sa.Integer(), nullable=False, server_default="0")
        )
    op.create_table(
        "account_links",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("token_hash", sa.String(64), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("purpose", sa.String(20), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("expires_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("used_at", sa.DateTime(timezone=True), nullable=True),
        sa.CheckConstraint(
            "purpose IN ('invitation', 'reset')", name="ck_account_links_known_purpose"
        ),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["users.id"],
            name="fk_account_links_user_id_users",
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name="pk_account_links"),
        sa.UniqueConstraint("token_hash", name="uq_account_links_token_hash"),
    )
    op.create_index("ix_account_links_user_id", "account_links", ["user_id"])
    op.create_table(
        "login_failures",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("scope", sa.String(10), nullable=False),
        sa.Column("key", sa.String(254), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint("scope IN ('account', 'address')", name="ck_login_failures_known_scope"),
        sa.PrimaryKeyConstraint("id", name="pk_login_failures"),
    )
    op.create_index("ix_login_failures_key", "login_failures", ["scope", "key", "at"])
    op.create_table(
        "audit_log",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("actor_id", sa.Integer(), nullable=True),
        sa.Column("actor_name", sa.String(80), nullable=False),
        sa.Column("action", sa.String(40), nullable=False),
        sa.Column("object_kind", sa.String(20), nullable=False),
        sa.Column("object_key", sa.String(80), nullable=False),
        sa.Column("before", sa.JSON(), nullable=True),
        sa.Column("after", sa.JSON(), nullable=True),
        sa.PrimaryKeyConstraint("id", name="pk_audit_log"),
    )
    op.create_index("ix_audit_log_at", "audit_log", ["at"])
    _append_only()
    found = set(op.get_bind().scalars(sa.select(SETTINGS.c.key)))
    rows = [{"key": k, "value": v, "description": d} for k, v, d in NEW_SETTINGS if k not in found]
    if rows:
        op.bulk_insert(SETTINGS, rows)


def _append_only() -> None:
    """The database itself refuses to change or delete an audit row, whoever asks."""
    if op.get_bind().dialect.name == "postgresql":
        op.execute(
            "CREATE FUNCTION audit_log_append_only() RETURNS trigger LANGUAGE plpgsql AS "
            f"$$ BEGIN RAISE EXCEPTION '{REFUSE}'; END $$"
        )
        op.execute(
            "CREATE TRIGGER audit_log_append_only BEFORE UPDATE OR DELETE ON audit_log "
            "FOR EACH ROW EXECUTE FUNCTION audit_log_append_only()"
        )
    else:
        for event in ("UPDATE", "DELETE"):
            op.execute(
                f"CREATE TRIGGER audit_log_no_{event.lower()} BEFORE {event} ON audit_log "
                f"BEGIN SELECT RAISE(ABORT, '{REFUSE}'); END"
            )


def downgrade() -> None:
    keys = [k for k, _, _ in NEW_SETTINGS]
    op.execute(SETTINGS.delete().where(SETTINGS.c.key.in_(keys)))
    op.drop_table("audit_log")  # its triggers go with it
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP FUNCTION IF EXISTS audit_log_append_only()")
    op.drop_index("ix_login_failures_key", table_name="login_failures")
    op.drop_table("login_failures")
    op.drop_index("ix_account_links_user_id", table_name="account_links")
    op.drop_table("account_links")
    with op.batch_alter_table("users") as batch:
        batch.drop_column("session_generation")
