"""Reference data: countries, instruments, requester types, areas, phases and codes.

Codes are fixed (the API and the rules name them); an admin may edit labels
and dates, and add countries and instrument coverage.
"""

from __future__ import annotations

import datetime as dt

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from db.base import Base, link_table

country_instruments = link_table(
    "country_instruments", "country_code->countries.code", "instrument_code->instruments.code"
)
phase_areas = link_table("phase_areas", "phase_code->phases.code", "area_code->thematic_areas.code")


class Region(Base):
    __tablename__ = "regions"
    code: Mapped[str] = mapped_column(sa.String(40), primary_key=True)
    label: Mapped[str] = mapped_column(sa.String(120))


class Instrument(Base):
    """An EU cooperation instrument, valid on [valid_from, valid_to)."""

    __tablename__ = "instruments"
    code: Mapped[str] = mapped_column(sa.String(20), primary_key=True)
    label: Mapped[str] = mapped_column(sa.String(120))
    valid_from: Mapped[dt.date | None]
    valid_to: Mapped[dt.date | None]


class Country(Base):
    """Every ISO 3166-1 country; a partner country has a region and instruments."""

    __tablename__ = "countries"
    code: Mapped[str] = mapped_column(sa.String(2), primary_key=True)
    name: Mapped[str] = mapped_column(sa.String(120))
    region_code: Mapped[str | None] = mapped_column(sa.ForeignKey("regions.code"), index=True)
    is_eu_member: Mapped[bool] = mapped_column(default=False)
    instruments: Mapped[list[Instrument]] = relationship(
        secondary=country_instruments, order_by=Instrument.code
    )


class RequesterType(Base):
    """Who may ask; `eligible_from` is the first received date on which they may."""

    __tablename__ = "requester_types"
    code: Mapped[str] = mapped_column(sa.String(40), primary_key=True)
    label: Mapped[str] = mapped_column(sa.String(120))
    eligible_from: Mapped[dt.date | None]


class ThematicArea(Base):
    __tablename__ = "thematic_areas"
    code: Mapped[str] = mapped_column(sa.String(40), primary_key=True)
    label: Mapped[str] = mapped_column(sa.String(120))


class Topic(Base):
    """A topic counted apart within an area (THB, smuggling, diaspora)."""

    __tablename__ = "topics"
    code: Mapped[str] = mapped_column(sa.String(40), primary_key=True)
    label: Mapped[str] = mapped_column(sa.String(120))
    area_code: Mapped[str] = mapped_column(sa.ForeignKey("thematic_areas.code"))


class Phase(Base):
    """A programme phase in force on [starts_on, ends_on), with its areas in scope."""

    __tablename__ = "phases"
    code: Mapped[str] = mapped_column(sa.String(20), primary_key=True)
    label: Mapped[str] = mapped_column(sa.String(120))
    starts_on: Mapped[dt.date]
    ends_on: Mapped[dt.date | None]
    areas: Mapped[list[ThematicArea]] = relationship(secondary=phase_areas)


class GoodPracticeFeature(Base):
    """One of the report's ten features of good practice."""

    __tablename__ = "good_practice_features"
    code: Mapped[str] = mapped_column(sa.String(40), primary_key=True)
    label: Mapped[str] = mapped_column(sa.String(120))


class ActivityType(Base):
    __tablename__ = "activity_types"
    code: Mapped[str] = mapped_column(sa.String(40), primary_key=True)
    label: Mapped[str] = mapped_column(sa.String(120))


class Setting(Base):
    """A rule's value that an admin may change (a default of the programme's rules)."""

    __tablename__ = "settings"
    key: Mapped[str] = mapped_column(sa.String(60), primary_key=True)
    value: Mapped[object] = mapped_column(sa.JSON)
    description: Mapped[str] = mapped_column(sa.Text, default="")


class CacheStamp(Base):
    """Changes whenever its table does: a process may keep what it read while the stamp
    it read with is still the one in the database (the settings, read once per change)."""

    __tablename__ = "cache_stamps"
    name: Mapped[str] = mapped_column(sa.String(40), primary_key=True)
    stamp: Mapped[str] = mapped_column(sa.String(32))
