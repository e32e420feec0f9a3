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

A fire on PostgreSQL holds its write (`hold=True`) and sends it with its last statement,
the history rows and the notices (`send_with_held`): one round trip less a fire. Held,
it is still sent before anything else the connection executes, and before the commit;
a rollback drops it (the listeners at the end). The statements keep their order, so a
read between the two sees the write, as before.
"""

from __future__ import annotations

from collections import ChainMap, Counter
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import cache, cached_property
from typing import Any, cast

import sqlalchemy as sa
from sqlalchemy.orm import ColumnProperty, Mapper, Session
from sqlalchemy.orm.attributes import set_committed_value
from sqlalchemy.orm.exc import StaleDataError

from workflow.engine.errors import Reason, WorkflowError


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
# A query read with the fire's write (a `RowsGuard`'s), its parameters, and the reasons of
# the rows it finds: any refuses the write.
WriteCheck = tuple[sa.Select[Any], dict[str, Any], Callable[[list[tuple[Any, ...]]], list[Reason]]]


@dataclass(frozen=True, eq=False)  # compared and hashed by identity: a cache key
class Tail:
    """A statement that can end a held write's: its data-modifying WITHs and the one value
    it returns (a scalar subquery or a literal). Built once, kept (see `send_with_held`)."""

    ctes: tuple[Any, ...]
    value: Any

    @cached_property
    def statement(self) -> sa.Select[Any]:
        return sa.select(self.value).add_cte(*self.ctes)


@dataclass
class Held:
    """A fire's write, not sent yet: its UPDATEs, the statements along with them, and the
    checks read on its snapshot, those of facts read before its locks first (`hold_check`)."""

    updates: list[Update]
    along: list[Along] = field(default_factory=list)
    checks: list[WriteCheck] = field(default_factory=list)
    rereads: list[WriteCheck] = field(default_factory=list)

    @property
    def all_checks(self) -> list[WriteCheck]:
        return [*self.rereads, *self.checks]


class Reread(Exception):
    """A fact an act read in its first statement, before its row lock was granted, is not
    what it is after the lock: the act is to run again, reading it after the lock (see
    `hold_check`)."""


class ChecksFailed(Exception):
    """A check sent with a write found rows: the write is refused (the caller rolls back)."""

    def __init__(self, reasons: list[Reason]) -> None:
        super().__init__("; ".join(reason.message for reason in reasons))
        self.reasons = reasons


# Where a held write waits: the connection's own dictionary (one transaction at a time).
HELD = "mieux_held_write"


def write_changes(
    session: Session,
    along: Sequence[Along] = (),
    *,
    hold: bool = False,
    checks: Sequence[WriteCheck] = (),
) -> None:
    """Write the session's changed objects (see the module's docstring). `along`: other
    writes of the fire (data-modifying statements without a WITH of their own, their
    parameters named apart from these), sent first; on PostgreSQL in the same statement.
    `hold`: on PostgreSQL, the write waits for the fire's last statement (`send_with_held`);
    the objects are left as written at once. `checks`: queries read on the write's
    snapshot (PostgreSQL, held) or before it; rows found raise ChecksFailed."""
    # In table and key order: the same statement text each fire of a transition (one
    # compiled form, one prepared statement), and rows updated in one order.
    dirty = sorted(session.dirty, key=_write_order)
    updates = None if session.new or session.deleted else _updates_of(dirty)
    held = (
        hold
        and updates is not None
        and bool(updates or along or checks)
        and session.get_bind().dialect.name == "postgresql"
    )
    if checks and not held:
        _read_checks(session, checks)  # what cannot go with the write is read before it
    if updates is None:  # something only the ORM knows how to write
        connection = session.connection()  # Core: no autoflush
        for statement, params in along:
            connection.execute(statement, params)
        session.flush()
        return
    if held:
        connection = session.connection()
        waiting = connection.info.pop(HELD, None)
        if waiting is not None and waiting.updates:  # a row is updated once a statement
            _send(connection, waiting)
        earlier = waiting if waiting is not None and not waiting.updates else Held([])
        connection.info[HELD] = Held(
            updates, [*earlier.along, *along], [*earlier.checks, *checks], earlier.rereads
        )
        _committed(updates)
    elif updates or along:
        _write(session, updates, along)
    _written(session, dirty)


def _write_order(obj: Any) -> tuple[str, Any]:
    state = sa.inspect(obj)
    return state.mapper.local_table.name, state.identity or ()


def _read_checks(session: Session, checks: Sequence[WriteCheck]) -> None:
    connection = session.connection()
    _refuse_on(checks, [list(connection.execute(query, params)) for query, params, _r in checks])


def _refuse_on(checks: Sequence[WriteCheck], found: Sequence[Sequence[Any] | None]) -> None:
    """Raise ChecksFailed with every reason the rows each check found give (None: none)."""
    reasons = [
        reason
        for (_q, _p, reasons_of), rows in zip(checks, found, strict=True)
        for reason in reasons_of([tuple(row) for row in rows or []])
    ]
    if reasons:
        raise ChecksFailed(reasons)


def unless_changed(rows: list[tuple[Any, ...]]) -> Callable[[list[tuple[Any, ...]]], list[Reason]]:
    """A check's reasons for rows read before the act's lock: none when it finds the same
    rows (in any order), else Reread (a change committed while the act waited)."""

    def reasons(found: list[tuple[Any, ...]]) -> list[Reason]:
        if Counter(found) != Counter(rows):
            raise Reread("A fact read with the act changed while it waited for its lock.")
        return []

    return reasons


def hold(session: Session, statement: sa.Executable, params: dict[str, Any]) -> None:
    """Send `statement` (a data-modifying one, its parameters named apart from the other
    writes of the act) with the act's next write on PostgreSQL, at once elsewhere."""
    connection = session.connection()  # Core: no autoflush
    if connection.dialect.name != "postgresql":
        connection.execute(statement, params)
        return
    held = connection.info.get(HELD)
    if held is None:
        connection.info[HELD] = Held([], [(statement, params)])
    else:
        held.along.append((statement, params))


def hold_check(session: Session, check: WriteCheck) -> None:
    """PostgreSQL: read `check` with the act's write, on the snapshot taken after its row
    locks: for a fact read in the act's first statement, whose snapshot is taken before
    the lock is granted, so that a change committed in between is seen (its `reasons`
    raise Reread). Read before the write's own checks; a write refused by the database (an
    IntegrityError: a vote cast twice at once) is Reread too. An act refused before its write
    reads it then (`refusals_confirmed`)."""
    connection = session.connection()
    if connection.dialect.name != "postgresql":
        _read_checks(session, [check])
        return
    held = connection.info.get(HELD)
    if held is None:
        connection.info[HELD] = Held([], rereads=[check])
    else:
        held.rereads.append(check)


@contextmanager
def refusals_confirmed(session: Session) -> Iterator[None]:
    """Around an act: when it is refused (a WorkflowError), the checks held for it
    (`hold_check`) are read first, after its locks, so that no refusal is given on a fact
    that changed while it waited (Reread instead). A refusal writes nothing: what is held
    is dropped."""
    try:
        yield
    except WorkflowError:
        if session.in_transaction():
            held = session.connection().info.pop(HELD, None)
            if held is not None and held.rereads:
                _read_checks(session, held.rereads)
        raise


def send_with_held(session: Session, tail: Tail, params: dict[str, Any]) -> Any:
    """Execute `tail` and return its value; on PostgreSQL with a write held, both in one
    statement (the tail's parameters named apart from the write's), the write refused
    as `_write` refuses it when a row is found at another version."""
    connection = session.connection()
    held = connection.info.pop(HELD, None)
    if held is None:
        return connection.execute(tail.statement, params).scalar_one()
    row = _send(connection, held, tail, params)
    return row[-1]


def holds_write(session: Session) -> bool:
    """Whether the session's connection has a write held (see `write_changes`)."""
    return HELD in session.connection().info


def bound_rows(
    table: sa.Table,
    columns: list[str],
    prefix: str,
    count: int,
    same: Mapping[str, Any] | None = None,
) -> Any:
    """`count` rows of bound values for `columns` of `table`, as one SELECT each joined by
    UNION ALL, not a multi-row VALUES: SQLAlchemy compiles a multi-row VALUES again at
    every execution (it is not cached), which cost more than the round trips saved. Each
    value cast to its column's type (an enum's too). Parameters: f"{prefix}{n}_{column}",
    but for the columns of `same`: the one expression given for every row (a parameter
    bound once, a constant), since each parameter costs its processing at every execution."""
    same = same or {}

    def value(n: int, c: str) -> Any:
        found = same.get(c)
        if found is None:
            found = sa.bindparam(f"{prefix}{n}_{c}", type_=table.c[c].type)
        return sa.cast(found, table.c[c].type)

    rows = [sa.select(*(value(n, c) for c in columns)) for n in range(count)]
    return rows[0] if count == 1 else sa.union_all(*rows)


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
        connection = session.connection()
        if connection.dialect.name == "postgresql" and len(updates) + len(along) > 1:
            _send(connection, Held(updates, list(along)))
        else:
            for statement, params in along:
                connection.execute(statement, params)
            written = [connection.execute(u.statement, u.params).rowcount for u in updates]
            _check(written, updates)
    _committed(updates)


def _send(
    connection: sa.Connection,
    held: Held,
    tail: Tail | None = None,
    tail_params: dict[str, Any] | None = None,
) -> Sequence[Any]:
    """PostgreSQL: `held` (and `tail`) as one statement; its row (the counts, then the
    tail's value). Refuses if an UPDATE found its row at another version."""
    updates = held.updates
    shapes = tuple((u.mapper, u.keys) for u in updates)
    held_checks = held.all_checks
    checks = tuple(query for query, _p, _r in held_checks)
    together = _together(shapes, tuple(a for a, _p in held.along), tail, checks)
    named = [{f"{k}_{n}": v for k, v in u.params.items()} for n, u in enumerate(updates)]
    named += [p for _a, p in held.along] + [p for _q, p, _r in held_checks]
    if tail_params:
        named.append(tail_params)
    params = dict(ChainMap(*named))
    # Statements may share a parameter (the expert links' DELETE and INSERT), not differ on
    # it: else one would be sent another's value.
    if any(p[k] != params[k] for p in named for k in p):
        raise ValueError("The statements of a held write must name their parameters apart.")
    try:
        row = connection.execute(together, params).one()
    except sa.exc.IntegrityError as refused:
        if held.rereads:  # what collided may be what changed while the act waited
            raise Reread(
                "The database refused a write built on a read before the lock."
            ) from refused
        raise
    _check(list(row)[: len(updates)], updates)
    _refuse_on(held_checks, row[len(updates) : len(updates) + len(checks)])
    return row


def _send_held(connection: sa.Connection) -> None:
    """Send the connection's held write now, if there is one."""
    held = connection.info.pop(HELD, None)
    if held is not None:
        _send(connection, held)


def _check(written: list[int], updates: list[Update]) -> None:
    if written != [1] * len(updates):
        raise StaleDataError("A row changed since it was read (its version is not the same).")


def _committed(updates: list[Update]) -> None:
    """The written values as the objects' loaded ones, as the flush leaves them."""
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
    shapes: tuple[tuple[Mapper[Any], tuple[str, ...]], ...],
    along: tuple[sa.Executable, ...],
    tail: Tail | None = None,
    checks: tuple[sa.Select[Any], ...] = (),
) -> sa.Select[Any]:
    """PostgreSQL: the UPDATEs of `shapes` (mapper, keys), the statements `along` and the
    `tail` as one statement: the rows each UPDATE wrote counted, then the rows each check
    finds (a JSON array of arrays, or NULL), then the tail's value; the parameters of the
    n-th UPDATE suffixed `_n`. Every data-modifying WITH runs, read or not, on one
    snapshot (each touches other rows); the checks read that snapshot, without the
    statement's own writes."""
    written = [
        _statement(mapper, keys, f"_{n}").returning(sa.literal(1)).cte(f"written_{n}")
        for n, (mapper, keys) in enumerate(shapes)
    ]
    counts = [sa.select(sa.func.count()).select_from(w).scalar_subquery() for w in written]
    found = []
    for n, query in enumerate(checks):
        rows = query.subquery(f"check_{n}")
        found.append(
            sa.select(sa.func.json_agg(sa.func.json_build_array(*rows.c)))
            .select_from(rows)
            .scalar_subquery()
        )
    also = [statement.cte(f"along_{n}") for n, statement in enumerate(along)]  # type: ignore[attr-defined]
    ending = tail.ctes if tail else ()
    # The counts, and a last column: the tail's value, else one so that there is a column.
    last = tail.value if tail else sa.literal(0)
    return sa.select(*counts, *found, last).add_cte(*written, *also, *ending)


# A held write is sent before anything else its connection executes and before its commit,
# and dropped with a rollback (a closed connection is rolled back first: nothing goes back
# to the pool held).
@sa.event.listens_for(sa.Engine, "before_execute")
def _held_first(connection: sa.Connection, *_args: Any) -> None:
    if HELD in connection.info:
        _send_held(connection)


@sa.event.listens_for(sa.Engine, "commit")
def _held_before_commit(connection: sa.Connection) -> None:
    _send_held(connection)


@sa.event.listens_for(sa.Engine, "rollback")
def _held_dropped(connection: sa.Connection) -> None:
    connection.info.pop(HELD, None)
