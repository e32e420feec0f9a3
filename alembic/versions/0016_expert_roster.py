"""The expert roster: an expert's telephone and the Member State of their administration.

EU government experts recorded before get their nationality as their Member State
when it is one (what the figures counted until now), so no figure changes.

Revision ID: 0016
Revises: 0015
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0016"
down_revision: str | None = "0015"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

EXPERTS = sa.table(
    "experts",
    sa.column("type", sa.String),
    sa.column("nationality_code", sa.String),
    sa.column("member_state_code", sa.String),
)
COUNTRIES = sa.table("countries", sa.column("code", sa.String), sa.column("is_eu_member"))


def upgrade() -> None:
    with op.batch_alter_table("experts") as batch:
        batch.add_column(sa.Column("member_state_code", sa.String(2), nullable=True))
        batch.add_column(sa.Column("phone", sa.String(40), nullable=True))
        batch.create_foreign_key(
            "fk_experts_member_state_code_countries", "countries", ["member_state_code"], ["code"]
        )
    members = sa.select(COUNTRIES.c.code).where(COUNTRIES.c.is_eu_member.is_(True))
    op.execute(
        EXPERTS.update()
        .where(EXPERTS.c.type == "eu_government", EXPERTS.c.nationality_code.in_(members))
        .values(member_state_code=EXPERTS.c.nationality_code)
    )


def downgrade() -> None:
    with op.batch_alter_table("experts") as batch:
        batch.drop_constraint("fk_experts_member_state_code_countries", type_="foreignkey")
        batch.drop_column("phone")
        batch.drop_column("member_state_code")
