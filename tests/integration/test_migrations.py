"""The schema comes only from Alembic: the migrations match the models, and go down and up."""

from __future__ import annotations

import sqlalchemy as sa
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext

from db.engine import make_engine
from db.migrate import downgrade, upgrade
from db.models import Base


def pending_changes(engine: sa.Engine) -> list[object]:
    with engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"compare_type": True})
        return list(compare_metadata(context, Base.metadata))


def test_the_migrated_schema_matches_the_models(engine: sa.Engine) -> None:
    assert pending_changes(engine) == []


def test_upgrade_downgrade_upgrade_works_and_reseeds(db_url: str) -> None:
    downgrade(db_url, "base")
    engine = make_engine(db_url)
    with engine.connect() as connection:
        tables = set(sa.inspect(connection).get_table_names()) - {"alembic_version"}
    assert tables == set()
    upgrade(db_url)
    with engine.connect() as connection:
        countries = connection.scalar(sa.text("SELECT count(*) FROM countries"))
        partners = connection.scalar(
            sa.text("SELECT count(DISTINCT country_code) FROM country_instruments")
        )
        settings = connection.scalar(sa.text("SELECT count(*) FROM settings"))
    assert countries == 249 and partners >= 80 and settings >= 17
    assert pending_changes(engine) == []
    engine.dispose()


def test_the_reference_data_holds_the_phases_and_instruments_of_lifecycles_md(
    engine: sa.Engine,
) -> None:
    with engine.connect() as connection:
        phases = connection.execute(
            sa.text("SELECT code, starts_on, ends_on FROM phases ORDER BY starts_on")
        ).all()
        instruments = dict(
            connection.execute(sa.text("SELECT code, valid_to FROM instruments")).all()
        )
        mieux_one = connection.scalars(
            sa.text("SELECT area_code FROM phase_areas WHERE phase_code = 'mieux_1'")
        ).all()
        eu = connection.scalar(
            sa.text(
                "SELECT count(*) FROM country_instruments ci JOIN countries c "
                "ON c.code = ci.country_code WHERE c.is_eu_member"
            )
        )
    assert [str(p[1]) for p in phases] == ["2008-12-01", "2012-01-01", "2016-01-01", "2020-04-01"]
    assert phases[-1][2] is None
    assert mieux_one == ["irregular_migration"]
    assert {k: str(v) if v else None for k, v in instruments.items()} == {
        "DCI": "2021-01-01",
        "EDF": "2021-01-01",
        "ENI": "2021-01-01",
        "OAD": None,
        "NDICI": None,
    }
    assert eu == 0  # EU Member States are never partner countries
