"""Seed the reference data and the settings of the programme.

Revision ID: 0002
Revises: 0001
"""

from collections.abc import Sequence

import pycountry
import sqlalchemy as sa
from alembic import op

from db.reference import catalog
from db.reference.partner_countries import PARTNER_COUNTRIES
from db.reference.settings import SETTINGS

revision: str = "0002"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

TABLES = (
    "country_instruments",
    "phase_areas",
    "countries",
    "topics",
    "phases",
    "regions",
    "instruments",
    "requester_types",
    "thematic_areas",
    "good_practice_features",
    "activity_types",
    "settings",
)


def _table(name: str, *columns: str) -> sa.TableClause:
    return sa.table(name, *(sa.column(c) for c in columns))


def upgrade() -> None:
    _seed_codes()
    _seed_countries()
    op.bulk_insert(
        sa.table(
            "settings", sa.column("key"), sa.column("value", sa.JSON), sa.column("description")
        ),
        [{"key": k, "value": v, "description": d} for k, v, d in SETTINGS],
    )


def _seed_codes() -> None:
    op.bulk_insert(
        _table("instruments", "code", "label", "valid_from", "valid_to"),
        [
            dict(zip(("code", "label", "valid_from", "valid_to"), row, strict=True))
            for row in catalog.INSTRUMENTS
        ],
    )
    op.bulk_insert(
        _table("requester_types", "code", "label", "eligible_from"),
        [
            dict(zip(("code", "label", "eligible_from"), row, strict=True))
            for row in catalog.REQUESTER_TYPES
        ],
    )
    for name, rows in (
        ("thematic_areas", catalog.THEMATIC_AREAS),
        ("good_practice_features", catalog.GOOD_PRACTICE_FEATURES),
        ("activity_types", catalog.ACTIVITY_TYPES),
        ("regions", catalog.REGIONS),
    ):
        op.bulk_insert(_table(name, "code", "label"), [{"code": c, "label": lb} for c, lb in rows])
    op.bulk_insert(
        _table("topics", "code", "label", "area_code"),
        [{"code": c, "label": lb, "area_code": a} for c, lb, a in catalog.TOPICS],
    )
    op.bulk_insert(
        _table("phases", "code", "label", "starts_on", "ends_on"),
        [
            dict(zip(("code", "label", "starts_on", "ends_on"), p[:4], strict=True))
            for p in catalog.PHASES
        ],
    )
    op.bulk_insert(
        _table("phase_areas", "phase_code", "area_code"),
        [{"phase_code": p[0], "area_code": a} for p in catalog.PHASES for a in p[4]],
    )


def _seed_countries() -> None:
    partners = {p.iso2: p for p in PARTNER_COUNTRIES}
    rows = []
    for country in pycountry.countries:
        partner = partners.get(country.alpha_2)
        rows.append(
            {
                "code": country.alpha_2,
                "name": getattr(country, "common_name", country.name),
                "region_code": partner.region if partner else None,
                "is_eu_member": country.alpha_2 in catalog.EU_MEMBER_STATES,
            }
        )
    op.bulk_insert(_table("countries", "code", "name", "region_code", "is_eu_member"), rows)
    # Every partner country moved to NDICI-Global Europe in 2021, except the
    # overseas countries and territories, which stay under the OAD.
    links = []
    for partner in PARTNER_COUNTRIES:
        instruments = set(partner.instruments)
        if instruments - {"OAD"}:
            instruments.add("NDICI")
        links += [{"country_code": partner.iso2, "instrument_code": i} for i in sorted(instruments)]
    op.bulk_insert(_table("country_instruments", "country_code", "instrument_code"), links)


def downgrade() -> None:
    for name in TABLES:
        op.execute(sa.table(name).delete())
