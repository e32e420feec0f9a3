"""Writing a fire's changed objects: one UPDATE each in Core, with the ORM's version check.

A fire changes one or two loaded rows (the object; an Activity's Action, whose version
it bumps). The ORM's flush writes them too, but plans a unit of work to do so: its
bookkeeping cost more than the UPDATEs themselves (docs/decisions.md, issue 11). Here
each changed object is one UPDATE of its changed columns and its next version, WHERE
its version is still the one loaded; on PostgreSQL the UPDATEs of one fire are one
statement (data-modifying WITHs). A row found at another version refuses the fire with
the StaleDataError the flush raises. A column with a Python default for updates
(`updated_at`) that the fire did not change gets it, as the flush gives it. The objects
are then left as the flush leaves them: their values committed, out of the session's
set of modified objects (`InstanceState._commit_all`, what the flush itself calls; a
private name of SQLAlchemy, tested by tests/integration/test_write.py).

Anything else goes to the ORM's flush as before: new or deleted objects, a changed
relationship, an object without a version, an SQL default for updates.
"""

from __future__ import annotations

from collections import ChainMap
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from typing import Any, cast

import sqlalchemy as sa
from sqlalchemy.orm import ColumnProperty, Mapper, Session
from sqlalchemy.orm.attributes import set_committed_value
from sqlalchemy.orm.exc import StaleDataError


@dataclass(frozen=True)
class Update:
    """One object's UPDATE: the values it writes by attribute (none: nothing changed),
    and its parameters."""

    mapper: Mapper[Any]
    obj: Any
    values: dict[str, Any]
    params: dict[str, Any]

    @property
    def keys(self) -> tuple[str, ...]:
        return tuple(sorted(self.values))

    @property
    def statement(self) -> sa.Update:
        return _statement(self.mapper, self.keys)


# A statement to send with the fire's write, and its parameters (see `write_changes`).
Along = tuple[sa.Executable, dict[str, Any]]


def write_changes(session: Session, along: Sequence[Along] = ()) -> None:
    """Write the session's changed objects (see the module's docstring). `along`: other
    writes of the fire (data-modifying statements without a WITH of their own, their
    parameters named apart from these), sent first; on PostgreSQL in the same statement."""
    dirty = list(session.dirty)
    updates = None if session.new or session.deleted else _updates_of(dirty)
    if updates is None:  # something only the ORM knows how to write
        connection = session.connection()  # Core: no autoflush
        for statement, params in along:
            connection.execute(statement, params)
        session.flush()
        return
    if updates or along:
        _write(session, updates, along)
    _written(session, dirty)


def _updates_of(dirty: list[Any]) -> list[Update] | None:
    """The UPDATEs of the objects that changed; None if one of them is the ORM's to write."""
    updates = [_update_of(obj) for obj in dirty]
    if any(update is None for update in updates):
        return None
    return [update for update in updates if update is not None and update.values]


def _written(session: Session, dirty: list[Any]) -> None:
    """Leave `dirty` as the flush leaves what it wrote: nothing pending, out of the
    session's modified set (else the next flush plans a unit of work to find nothing)."""
    for obj in dirty:
        state = sa.inspect(obj)
        state._commit_all(state.dict, session.identity_map)


def _write(session: Session, updates: list[Update], along: Sequence[Along]) -> None:
    """Send the UPDATEs; refuse the fire if one finds its row at another version."""
    with session.no_autoflush:  # else executing would flush them first, by the ORM
        if session.get_bind().dialect.name == "postgresql" and len(updates) + len(along) > 1:
            shapes = tuple((u.mapper, u.keys) for u in updates)
            together = _together(shapes, tuple(a for a, _p in along))
            named = [{f"{k}_{n}": v for k, v in u.params.items()} for n, u in enumerate(updates)]
            named += [p for _a, p in along]
            written = list(session.execute(together, dict(ChainMap(*named))).one())[:-1]
        else:
            for statement, params in along:
                session.execute(statement, params)
            written = [session.execute(u.statement, u.params).rowcount for u in updates]  # type: ignore[attr-defined]
    if written != [1] * len(updates):
        raise StaleDataError("A row changed since it was read (its version is not the same).")
    for update in updates:
        for key, value in update.values.items():
            set_committed_value(update.obj, key, value)


@cache
def _columns(mapper: Mapper[Any]) -> dict[str, Any]:
    """The mapper's table columns by attribute key."""
    return {mapper.get_property_by_column(c).key: c for c in mapper.local_table.c}


def _update_of(obj: Any) -> Update | None:
    """The UPDATE of `obj`'s changed columns and its next version (no values when no column
    changed); None when the ORM must write it."""
    state = sa.inspect(obj)
    mapper = state.mapper
    version = mapper.version_id_col
    if version is None or len(mapper.tables) != 1 or len(mapper.primary_key) != 1:
        return None
    values: dict[str, Any] = {}
    # The attributes set since the load keep their loaded value here: only those to look at.
    for key in state.committed_state:
        prop = mapper.attrs[key]
        if not isinstance(prop, ColumnProperty):
            return None  # a relationship: the ORM's case
        history = state.attrs[key].history
        if history.has_changes():
            if not history.added:
                return None  # unset, not set: the ORM's case
            values[key] = history.added[0]
    if not values:
        return Update(mapper, obj, {}, {})
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
    params = {f"new_{k}": v for k, v in values.items()}
    params |= {"row_key": mapper.primary_key_from_instance(obj)[0], "loaded_version": loaded}
    return Update(mapper, obj, values, params)


@cache
def _statement(mapper: Mapper[Any], keys: tuple[str, ...], suffix: str = "") -> sa.Update:
    """The UPDATE of `keys` of one row of `mapper` at its loaded version, built once per
    set of keys (the same statement object each fire: SQLAlchemy keeps its compiled
    form). Parameters named apart from the columns: `new_<key>`, `row_key`,
    `loaded_version`."""
    columns = _columns(mapper)
    [key_column] = mapper.primary_key
    version = mapper.version_id_col
    assert version is not None  # `_update_of` asked
    return (
        sa.update(cast(sa.Table, mapper.local_table))
        .where(
            key_column == sa.bindparam(f"row_key{suffix}"),
            version == sa.bindparam(f"loaded_version{suffix}"),
        )
        .values({columns[k]: sa.bindparam(f"new_{k}{suffix}") for k in keys})
    )


@cache
def _together(
    shapes: tuple[tuple[Mapper[Any], tuple[str, ...]], ...], along: tuple[sa.Executable, ...]
) -> sa.Select[Any]:
    """PostgreSQL: the UPDATEs of `shapes` (mapper, keys) and the statements `along` as one
    statement, counting the rows each UPDATE wrote; the parameters of the n-th UPDATE
    suffixed `_n`. Every data-modifying WITH runs, read or not, on one snapshot."""
    written = [
        _statement(mapper, keys, f"_{n}").returning(sa.literal(1)).cte(f"written_{n}")
        for n, (mapper, keys) in enumerate(shapes)
    ]
    counts = [sa.select(sa.func.count()).select_from(w).scalar_subquery() for w in written]
    also = [statement.cte(f"along_{n}") for n, statement in enumerate(along)]  # type: ignore[attr-defined]
    # The counts, and a last column so that the SELECT has one without an UPDATE.
    return sa.select(*counts, sa.literal(0)).add_cte(*written, *also)
