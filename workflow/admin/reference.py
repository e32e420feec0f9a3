"""The admin's side of the reference data and settings: extend, never remove, codes."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

import sqlalchemy as sa
from pydantic import ValidationError

from db.models import Country, Instrument, Phase, Region, Setting
from workflow.admin import audit
from workflow.admin.settings import change_setting, load_settings, renew_stamp
from workflow.engine import resolve
from workflow.engine.acts import acting, commit
from workflow.engine.errors import invalid
from workflow.engine.unit_of_work import UnitOfWork
from workflow.read.loading import require_role
from workflow.read.queries import read_only


def set_partner_country(
    uow: UnitOfWork, actor_id: int, code: str, region: str, instruments: Sequence[str]
) -> Country:
    """Make a country a partner country (or change its region and instruments)."""
    with uow:
        _, actor = acting(uow, actor_id)
        require_role(actor, "admin", "change the reference data")
        country = resolve.countries(uow.session, [code], "country")[0]
        if country.is_eu_member:
            raise invalid("country", f"{country.name} is an EU Member State, never a partner.")
        if uow.session.get(Region, region) is None:
            raise invalid("region", f"Unknown region {region!r}.")
        before = _partner_facts(country)
        country.region_code = region
        country.instruments = resolve.rows_by_key(
            uow.session, Instrument, Instrument.code, list(instruments), "instruments"
        )
        audit.record(
            uow.session,
            actor,
            "reference.partner_country",
            ("country", country.code),
            before,
            _partner_facts(country),
            uow.now(),
        )
        renew_stamp(uow.session, "reference")  # the lists' filters, kept per process
        commit(uow, "country")
        return country


def update_setting(uow: UnitOfWork, actor_id: int, key: str, value: object) -> None:
    """Change one setting; the value is checked for type, range and order with the others."""
    with uow:
        _, actor = acting(uow, actor_id)
        require_role(actor, "admin", "change the settings")
        before = load_settings(uow.session).model_dump().get(key)
        try:
            change_setting(uow.session, key, value)
        except KeyError:
            raise invalid("key", f"There is no setting {key!r}.") from None
        except ValidationError as error:  # type, range, or order with another setting
            problem = error.errors()[0]["msg"].removeprefix("Value error, ")
            raise invalid("value", f"{key}: {problem}") from None
        after = load_settings(uow.session).model_dump()[key]
        audit.record(
            uow.session,
            actor,
            "setting.change",
            ("setting", key),
            {key: before},
            {key: after},
            uow.now(),
        )
        commit(uow, "setting")


def _partner_facts(country: Country) -> dict[str, object]:
    return {
        "region": country.region_code,
        "instruments": sorted(i.code for i in country.instruments),
    }


def partner_countries(uow: UnitOfWork) -> list[str]:
    """The codes of the partner countries (those with a region), sorted."""
    with uow:
        query = sa.select(Country.code).where(Country.region_code.is_not(None))
        return list(uow.session.scalars(query.order_by(Country.code)))


@dataclass(frozen=True)
class SettingRow:
    """A setting as the admin's page shows it: its value, its meaning and its unit."""

    key: str
    value: object
    description: str
    unit: str


UNITS = {
    "_days": "days",
    "_day": "day after receipt",
    "_hour": "hour of the day (UTC)",
    "_voters": "PSC members",
    "_activities": "activities",
    "_minutes": "minutes",
    "_per_account": "failed logins",
    "_per_address": "failed logins",
    "_mb": "megabytes",
}


def _unit(key: str) -> str:
    if key.startswith(("min_activities", "max_activities", "usual_activities")):
        return "activities"
    found = next((unit for suffix, unit in UNITS.items() if key.endswith(suffix)), "")
    return found or ("yes or no" if key == "silence_procedure" else "username")


def settings_table(uow: UnitOfWork, admin_id: int) -> list[SettingRow]:
    """Every setting with its current value, meaning and unit (an admin's view)."""
    with uow:
        session = read_only(uow)
        require_role(resolve.actor(session, admin_id), "admin", "see the settings")
        rows = session.scalars(sa.select(Setting).order_by(Setting.key))
        return [SettingRow(r.key, r.value, r.description, _unit(r.key)) for r in rows]


@dataclass(frozen=True)
class PartnerRow:
    code: str
    name: str
    region: str
    instruments: tuple[str, ...]


def partner_table(uow: UnitOfWork) -> list[PartnerRow]:
    """The partner countries with their region and instruments, by name."""
    with uow:
        session = read_only(uow)
        query = sa.select(Country).where(Country.region_code.is_not(None)).order_by(Country.name)
        return [
            PartnerRow(c.code, c.name, c.region_code or "", tuple(i.code for i in c.instruments))
            for c in session.scalars(query)
        ]


@dataclass(frozen=True)
class PhaseRow:
    code: str
    label: str
    starts_on: dt.date
    ends_on: dt.date | None
    areas: tuple[str, ...]


def phases_table(uow: UnitOfWork) -> list[PhaseRow]:
    """The programme's phases with their thematic areas in scope, oldest first."""
    with uow:
        session = read_only(uow)
        rows = session.scalars(sa.select(Phase).order_by(Phase.starts_on))
        return [
            PhaseRow(p.code, p.label, p.starts_on, p.ends_on, tuple(a.label for a in p.areas))
            for p in rows
        ]
