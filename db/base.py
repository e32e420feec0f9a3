"""The declarative base, shared column types and mixins of every model."""

from __future__ import annotations

import datetime as dt
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import DeclarativeBase, Mapped, declared_attr, mapped_column

# Stable constraint names, so Alembic can drop and alter them on SQLite and PostgreSQL alike.
NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class UTCDateTime(sa.types.TypeDecorator[dt.datetime]):
    """A timezone-aware UTC timestamp on both databases.

    SQLite stores no zone, so values are normalised to UTC on the way in and
    marked UTC on the way out: code never meets a naive datetime.
    """

    impl = sa.DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: dt.datetime | None, dialect: Any) -> dt.datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given; use an aware UTC datetime")
        return value.astimezone(dt.UTC)

    def process_result_value(self, value: dt.datetime | None, dialect: Any) -> dt.datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            return value.replace(tzinfo=dt.UTC)
        return value.astimezone(dt.UTC)


def utcnow() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


class Base(DeclarativeBase):
    metadata = sa.MetaData(naming_convention=NAMING_CONVENTION)
    type_annotation_map = {dt.datetime: UTCDateTime(), dict[str, Any]: sa.JSON()}


class Timestamps:
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[dt.datetime] = mapped_column(default=utcnow, onupdate=utcnow)


class Lifecycle(Timestamps):
    """Columns of every persisted state machine.

    `version` is SQLAlchemy's version_id_col (set per model): an UPDATE that
    finds another version fails, so no fire can overwrite another unseen.
    """

    id: Mapped[int] = mapped_column(primary_key=True)
    state: Mapped[str] = mapped_column(sa.String(40), index=True)
    version: Mapped[int] = mapped_column(default=1)

    @declared_attr.directive
    def __mapper_args__(cls) -> dict[str, Any]:
        return {"version_id_col": cls.__table__.c.version}  # type: ignore[attr-defined]


def check_in(column: str, values: tuple[str, ...], name: str) -> sa.CheckConstraint:
    """A CHECK constraint that keeps a code column within its fixed codes."""
    quoted = ", ".join(f"'{v}'" for v in values)
    return sa.CheckConstraint(f"{column} IN ({quoted})", name=name)


def link_table(name: str, left: str, right: str) -> sa.Table:
    """A many-to-many link table; `left` and `right` are "column->table.key" specs."""

    def column(spec: str) -> sa.Column[Any]:
        col, target = spec.split("->")
        return sa.Column(col, sa.ForeignKey(target, ondelete="CASCADE"), primary_key=True)

    return sa.Table(name, Base.metadata, column(left), column(right))
