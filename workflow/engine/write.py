"""Writing a fire's changed objects: one UPDATE each in Core, with the ORM's version check.

A fire changes one or two loaded rows (the object; an Activity's Action, whose version
it bumps). The ORM's flush writes them too, but plans a unit of work to do so: its
bookkeeping cost more than the UPDATEs themselves (docs/decisions.md, issue 11). Here
each changed object is one UPDATE of its changed columns and its next version, WHERE
its version is still the one loaded; on PostgreSQL the UPDATEs of one fire are one
statement (data-modifying WITHs). A row found at another version refuses the fire with
the StaleDataError the flush raises. The objects are then marked written, as the flush
would leave them.

Anything else goes to the ORM's flush as before: new or deleted objects, a changed
relationship, an object without a version or a column the ORM would fill on update.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Mapper, Session
from sqlalchemy.orm.attributes import set_committed_value
from sqlalchemy.orm.exc import StaleDataError


@dataclass(frozen=True)
class Update:
    """One object's UPDATE, and the values it writes by attribute."""

    statement: sa.Update
    obj: Any
    values: dict[str, Any]


def write_changes(session: Session) -> None:
    """Write the session's changed objects (see the module's docstring)."""
    if session.new or session.deleted:
        session.flush()
        return
    updates = []
    for obj in list(session.dirty):
        update = _update_of(obj)
        if update is None:
            session.flush()  # something only the ORM knows how to write
            return
        if update is not NOTHING:
            updates.append(update)
    if not updates:
        return
    with session.no_autoflush:  # else executing would flush them first, by the ORM
        if session.get_bind().dialect.name == "postgresql" and len(updates) > 1:
            written = list(session.execute(_together([u.statement for u in updates])).one())
        else:
            written = [session.execute(u.statement).rowcount for u in updates]  # type: ignore[attr-defined]
    if written != [1] * len(updates):
        raise StaleDataError("A row changed since it was read (its version is not the same).")
    for update in updates:
        for key, value in update.values.items():
            set_committed_value(update.obj, key, value)


NOTHING = Update(sa.update(sa.table("nothing")), None, {})  # a dirty object, unchanged


@cache
def _columns(mapper: Mapper[Any]) -> dict[str, Any]:
    """The mapper's table columns by attribute key."""
    return {mapper.get_property_by_column(c).key: c for c in mapper.local_table.c}


def _update_of(obj: Any) -> Update | None:
    """The UPDATE of `obj`'s changed columns and its next version; NOTHING when no column
    changed; None when the ORM must write it."""
    state = sa.inspect(obj)
    mapper = state.mapper
    version = mapper.version_id_col
    if version is None or len(mapper.tables) != 1 or len(mapper.primary_key) != 1:
        return None
    if any(state.attrs[r.key].history.has_changes() for r in mapper.relationships):
        return None
    values: dict[str, Any] = {}
    for prop in mapper.column_attrs:
        history = state.attrs[prop.key].history
        if history.has_changes():
            if not history.added:
                return None  # unset, not set: the ORM's case
            values[prop.key] = history.added[0]
    if not values:
        return NOTHING
    columns = _columns(mapper)
    for key, column in columns.items():
        if column.onupdate is not None and key not in values:
            # As the flush does: `updated_at` set to the value it had is no change, and
            # the column's own default for an update applies (a Python function here).
            default = column.onupdate
            if default.is_callable:
                values[key] = default.arg(None)
            elif default.is_scalar:
                values[key] = default.arg
            else:
                return None  # an SQL expression: the ORM's case
    version_key = mapper.get_property_by_column(version).key
    if version_key in values:
        return None  # a version set by hand: the ORM's case
    loaded = getattr(obj, version_key)
    values[version_key] = loaded + 1
    [key_column] = mapper.primary_key
    statement = (
        sa.update(mapper.local_table)
        .where(key_column == mapper.primary_key_from_instance(obj)[0], version == loaded)
        .values({columns[k]: v for k, v in values.items()})
    )
    return Update(statement, obj, values)


def _together(statements: list[sa.Update]) -> sa.Select[Any]:
    """PostgreSQL: the UPDATEs as one statement, counting the rows each wrote."""
    written = [s.returning(sa.literal(1)).cte(f"written_{n}") for n, s in enumerate(statements)]
    return sa.select(
        *(sa.select(sa.func.count()).select_from(w).scalar_subquery() for w in written)
    )
