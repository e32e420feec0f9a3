"""The deliverables library: stored files, deliverables, experts' CVs, calendar links, and the
upload size setting.

Revision ID: 0015
Revises: 0014
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0015"
down_revision: str | None = "0014"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

SETTINGS = sa.table(
    "settings", sa.column("key"), sa.column("value", sa.JSON), sa.column("description")
)
UPLOAD_MAX = {
    "key": "upload_max_mb",
    "value": 20,
    "description": "Largest file (in MB) that may be uploaded: deliverables, report files, CVs.",
}
TYPES = (
    "standard_operating_procedures",
    "guide_or_training_manual",
    "guidelines_or_protocol",
    "national_policy",
    "strategy_or_action_plan",
    "needs_assessment",
    "brochure",
    "other",
)


def upgrade() -> None:
    op.create_table(
        "stored_files",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("key", sa.String(64), nullable=False, unique=True),
        sa.Column("original_name", sa.String(300), nullable=False),
        sa.Column("media_type", sa.String(120), nullable=False),
        sa.Column("size", sa.Integer(), nullable=False),
        sa.Column("sha256", sa.String(64), nullable=False),
        sa.Column("uploaded_by", sa.Integer(), sa.ForeignKey("users.id"), nullable=False),
        sa.Column("uploaded_at", sa.DateTime(timezone=True), nullable=False),
    )
    quoted = ", ".join(f"'{t}'" for t in TYPES)
    op.create_table(
        "deliverables",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("action_id", sa.Integer(), sa.ForeignKey("actions.id"), nullable=False),
        sa.Column("activity_id", sa.Integer(), sa.ForeignKey("activities.id"), nullable=True),
        sa.Column("type", sa.String(40), nullable=False),
        sa.Column("title", sa.String(300), nullable=False),
        sa.Column("language", sa.String(2), nullable=False),
        sa.Column("issued_on", sa.Date(), nullable=False),
        sa.Column(
            "file_id", sa.Integer(), sa.ForeignKey("stored_files.id"), nullable=False, unique=True
        ),
        sa.Column("withdrawn_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("withdrawn_by", sa.Integer(), sa.ForeignKey("users.id"), nullable=True),
        sa.CheckConstraint(f"type IN ({quoted})", name="known_type"),
    )
    op.create_index("ix_deliverables_action_id", "deliverables", ["action_id"])
    op.create_index("ix_deliverables_activity_id", "deliverables", ["activity_id"])
    op.create_table(
        "expert_cvs",
        sa.Column(
            "expert_id",
            sa.Integer(),
            sa.ForeignKey("experts.id", ondelete="CASCADE"),
            primary_key=True,
        ),
        sa.Column(
            "file_id", sa.Integer(), sa.ForeignKey("stored_files.id"), nullable=False, unique=True
        ),
    )
    op.create_table(
        "calendar_links",
        sa.Column(
            "user_id", sa.Integer(), sa.ForeignKey("users.id", ondelete="CASCADE"), primary_key=True
        ),
        sa.Column("nonce", sa.String(64), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
    )
    # 0002 seeds db/reference/settings.py as it is now, so a fresh database has the row already.
    found = (
        op.get_bind()
        .execute(sa.select(SETTINGS.c.key).where(SETTINGS.c.key == UPLOAD_MAX["key"]))
        .first()
    )
    if found is None:
        op.bulk_insert(SETTINGS, [UPLOAD_MAX])


def downgrade() -> None:
    op.execute(SETTINGS.delete().where(SETTINGS.c.key == UPLOAD_MAX["key"]))
    op.drop_table("calendar_links")
    op.drop_table("expert_cvs")
    op.drop_index("ix_deliverables_activity_id", "deliverables")
    op.drop_index("ix_deliverables_action_id", "deliverables")
    op.drop_table("deliverables")
    op.drop_table("stored_files")
