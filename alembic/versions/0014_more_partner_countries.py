"""Every country the programme could serve: the second wave of partner countries.

Revision ID: 0014
Revises: 0006
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from db.reference.more_partner_countries import MORE_PARTNER_COUNTRIES, PACIFIC

revision: str = "0014"
down_revision: str | None = "0006"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

REGIONS = sa.table("regions", sa.column("code"), sa.column("label"))
COUNTRIES = sa.table("countries", sa.column("code"), sa.column("region_code"))
LINKS = sa.table("country_instruments", sa.column("country_code"), sa.column("instrument_code"))
CODES = [p.iso2 for p in MORE_PARTNER_COUNTRIES]


def upgrade() -> None:
    op.bulk_insert(REGIONS, [{"code": PACIFIC[0], "label": PACIFIC[1]}])
    for partner in MORE_PARTNER_COUNTRIES:
        op.execute(
            COUNTRIES.update()
            .where(COUNTRIES.c.code == partner.iso2)
            .values(region_code=partner.region)
        )
    # As in the first wave: every instrument gave way to NDICI-Global Europe in 2021,
    # except the Overseas Association Decision, which still covers its territories.
    links = [
        {"country_code": p.iso2, "instrument_code": code}
        for p in MORE_PARTNER_COUNTRIES
        for code in sorted({*p.instruments, *(["NDICI"] if set(p.instruments) - {"OAD"} else [])})
    ]
    op.bulk_insert(LINKS, links)


def downgrade() -> None:
    op.execute(LINKS.delete().where(LINKS.c.country_code.in_(CODES)))
    op.execute(COUNTRIES.update().where(COUNTRIES.c.code.in_(CODES)).values(region_code=None))
    op.execute(REGIONS.delete().where(REGIONS.c.code == PACIFIC[0]))
