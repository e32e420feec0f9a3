"""A fire's changed rows written in Core (workflow/engine/write.py), on both databases: the
version check the ORM's flush makes, one statement for two rows on PostgreSQL, the objects
left as the flush leaves them, and the ORM's flush for what it alone writes; a held write
sent with the history rows, before anything else, at the commit, or never (a rollback)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import pytest
import sqlalchemy as sa
from sqlalchemy.orm import Session, sessionmaker
from sqlalchemy.orm.exc import StaleDataError

from db.models import Action, Activity, FocalPoint, HistoryEntry
from tests.support import Scenario
from workflow.engine import history
from workflow.engine.errors import Reason
from workflow.engine.write import ChecksFailed, holds_write, write_changes

LATER = dt.datetime(2027, 1, 5, 10, 0, tzinfo=dt.UTC)


@contextmanager
def counted(engine: sa.Engine) -> Iterator[list[str]]:
    statements: list[str] = []

    def seen(conn: Any, cursor: Any, sql: str, *args: Any) -> None:
        statements.append(" ".join(sql.split()))

    sa.event.listen(engine, "before_cursor_execute", seen)
    try:
        yield statements
    finally:
        sa.event.remove(engine, "before_cursor_execute", seen)


def row(engine: sa.Engine, model: type[Any], obj_id: int) -> sa.Row[Any]:
    with engine.connect() as connection:
        table = model.__table__
        return connection.execute(sa.select(table).where(table.c.id == obj_id)).one()


def changed_behind(engine: sa.Engine, model: type[Any], obj_id: int) -> None:
    """Another writer moves the row to its next version, in a transaction of its own."""
    table = model.__table__
    with engine.begin() as other:
        moved = table.update().where(table.c.id == obj_id)
        other.execute(moved.values(version=table.c.version + 1))


def loaded(session: Session, action_id: int) -> tuple[Action, Activity]:
    """The Action and its one Activity, loaded in `session`."""
    found = session.get(Action, action_id)
    assert found is not None
    return found, session.scalars(sa.select(Activity).where(Activity.action_id == action_id)).one()


def test_an_action_and_its_activity_are_written_with_their_next_versions(
    world: Scenario, engine: sa.Engine, session_factory: sessionmaker[Session]
) -> None:
    action = world.action(activities=1)
    with session_factory() as session:
        found, activity = loaded(session, action.id)
        versions = found.version, activity.version
        found.title, found.updated_at = "A new title", LATER
        activity.place, activity.updated_at = "Tbilisi", LATER
        with counted(engine) as statements:
            write_changes(session)
        updates = [s for s in statements if "UPDATE" in s]
        # PostgreSQL: one statement for both rows; SQLite: one UPDATE each.
        assert len(updates) == (1 if engine.dialect.name == "postgresql" else 2), updates
        assert not session.dirty or not any(session.is_modified(o) for o in session.dirty)
        assert (found.version, activity.version) == (versions[0] + 1, versions[1] + 1)
        with counted(engine) as statements:
            session.commit()  # nothing left for the flush to write
        assert not [s for s in statements if s.startswith("UPDATE")]
    kept = row(engine, Action, action.id), row(engine, Activity, activity.id)
    assert (kept[0].title, kept[0].version, kept[0].updated_at.replace(tzinfo=dt.UTC)) == (
        "A new title",
        versions[0] + 1,
        LATER,
    )
    assert (kept[1].place, kept[1].version) == ("Tbilisi", versions[1] + 1)


def test_a_row_changed_since_it_was_read_refuses_the_write_and_nothing_is_kept(
    world: Scenario, engine: sa.Engine, session_factory: sessionmaker[Session]
) -> None:
    action = world.action(activities=1)
    with session_factory() as session:
        found, activity = loaded(session, action.id)
        activity_id = activity.id
        session.commit()  # ends the read: another writer may now change the row
        found.title, activity.place = found.title, activity.place  # read again, as loaded
        changed_behind(engine, Activity, activity_id)  # another writer, meanwhile
        found.title, activity.place = "Never kept", "Never kept"
        with pytest.raises(StaleDataError):
            write_changes(session)
        session.rollback()
    assert row(engine, Action, action.id).title != "Never kept"
    assert row(engine, Activity, activity_id).place != "Never kept"


def test_updated_at_set_to_the_value_it_had_gets_the_update_default_as_by_the_flush(
    world: Scenario, engine: sa.Engine, session_factory: sessionmaker[Session]
) -> None:
    action = world.action(activities=0)
    with session_factory() as session:
        found = session.get(Action, action.id)
        found.title, found.updated_at = "Retitled", found.updated_at  # no change
        before = dt.datetime.now(dt.UTC)
        write_changes(session)
        session.commit()
    assert row(engine, Action, action.id).updated_at.replace(tzinfo=dt.UTC) >= before


def test_a_new_object_goes_to_the_orm_flush_with_the_changed_ones(
    world: Scenario, engine: sa.Engine, session_factory: sessionmaker[Session]
) -> None:
    action = world.action(activities=0, focal=False)
    with session_factory() as session:
        found = session.get(Action, action.id)
        found.title, found.updated_at = "With a contact", LATER
        session.add(
            FocalPoint(action_id=action.id, name="Nino", institution="MoIA", email="n@e.ge")
        )
        version = found.version
        write_changes(session)
        session.commit()
    assert (row(engine, Action, action.id).title, row(engine, Action, action.id).version) == (
        "With a contact",
        version + 1,
    )
    with engine.connect() as connection:
        names = connection.scalars(
            sa.select(FocalPoint.name).where(FocalPoint.action_id == action.id)
        ).all()
    assert names == ["Nino"]


def test_a_held_write_goes_in_the_statement_of_the_history_rows(
    world: Scenario, engine: sa.Engine, session_factory: sessionmaker[Session]
) -> None:
    action = world.action(activities=0)
    entry = history_row(action.id)
    with session_factory() as session:
        found = session.get_one(Action, action.id)
        found.title = "Held, then written"
        with counted(engine) as statements:
            write_changes(session, hold=True)
            held = holds_write(session)
            history.insert(session, [entry])
            session.commit()
    writes = [s for s in statements if "UPDATE" in s or "INSERT" in s]
    if engine.dialect.name == "postgresql":  # one statement: the UPDATE and the history row
        assert held and len(writes) == 1 and "INSERT INTO history" in writes[0], writes
    else:  # SQLite writes at once, one statement each
        assert not held and len(writes) == 2, writes
    assert row(engine, Action, action.id).title == "Held, then written"
    assert history_of(engine, action.id) == [("edit_probe", "Held, then written")]


def test_a_held_write_is_sent_before_any_other_statement_and_before_the_commit(
    world: Scenario, engine: sa.Engine, session_factory: sessionmaker[Session]
) -> None:
    action = world.action(activities=0)
    table = Action.__table__
    with session_factory() as session:
        session.get_one(Action, action.id).title = "Read back at once"
        write_changes(session, hold=True)
        # A read in the same transaction sees the write: it went first.
        read = session.execute(sa.select(table.c.title).where(table.c.id == action.id))
        assert read.scalar_one() == "Read back at once"
        assert not holds_write(session)
        session.get_one(Action, action.id).title = "Kept by the commit"
        write_changes(session, hold=True)
        session.commit()  # nothing else sent: the commit sends it
    assert row(engine, Action, action.id).title == "Kept by the commit"


def test_a_rolled_back_held_write_is_dropped_and_never_sent_later(
    world: Scenario, engine: sa.Engine, session_factory: sessionmaker[Session]
) -> None:
    action = world.action(activities=0)
    before = row(engine, Action, action.id)
    with engine.connect() as connection, Session(bind=connection) as session:
        session.get_one(Action, action.id).title = "Rolled back"
        write_changes(session, hold=True)
        session.rollback()  # the connection stays: the rollback itself drops the write
        assert not holds_write(session)
        session.execute(sa.select(sa.literal(1)))
        session.commit()
    with session_factory() as session:
        session.get_one(Action, action.id).title = "Rolled back too"
        write_changes(session, hold=True)
    with session_factory() as session:  # back to the pool, then out: nothing held
        assert not holds_write(session)
        session.commit()
    kept = row(engine, Action, action.id)
    assert (kept.title, kept.version) == (before.title, before.version)


def test_a_held_write_finding_its_row_changed_refuses_with_its_history_rows(
    world: Scenario, engine: sa.Engine, session_factory: sessionmaker[Session]
) -> None:
    action = world.action(activities=0)
    with session_factory() as session:
        found = session.get_one(Action, action.id)
        session.commit()  # ends the read: another writer may now change the row
        found.title = found.title  # read again, as loaded
        changed_behind(engine, Action, action.id)
        found.title = "Never kept"
        with pytest.raises(StaleDataError):
            write_changes(session, hold=True)
            history.insert(session, [history_row(action.id)])
        session.rollback()
    assert row(engine, Action, action.id).title != "Never kept"
    assert history_of(engine, action.id) == []


def history_row(action_id: int) -> dict[str, Any]:
    return {
        "object_kind": "action",
        "object_id": action_id,
        "action_id": action_id,
        "trigger": "edit_probe",
        "from_state": None,
        "to_state": None,
        "actor_id": None,
        "at": LATER,
        "comment": "",
        "data": {},
    }


def history_of(engine: sa.Engine, action_id: int) -> list[tuple[str, str]]:
    """The probe's history rows of the Action, with the Action's title as written then."""
    with engine.connect() as connection:
        rows = connection.execute(
            sa.select(HistoryEntry.trigger, Action.title)
            .join(Action, Action.id == HistoryEntry.object_id)
            .where(HistoryEntry.action_id == action_id, HistoryEntry.trigger == "edit_probe")
        )
        return [(r.trigger, r.title) for r in rows]


# A check finding the Action's own row by title: rows found refuse the write.
TITLED = sa.select(Action.id, Action.title).where(Action.title == sa.bindparam("probe_title"))


def refusal(rows: list[tuple[Any, ...]]) -> list[Reason]:
    return [Reason("probe", f"Action {found} is titled {title!r}.") for found, title in rows]


@pytest.mark.parametrize("orm_only", [False, True], ids=["held", "with-a-new-object"])
def test_a_check_finding_rows_refuses_the_write_before_anything_is_kept(
    world: Scenario, engine: sa.Engine, session_factory: sessionmaker[Session], orm_only: bool
) -> None:
    action = world.action(activities=0, focal=False)
    before = row(engine, Action, action.id)
    check = (TITLED, {"probe_title": before.title}, refusal)
    with session_factory() as session:
        found = session.get_one(Action, action.id)
        found.title = "Never kept"
        if orm_only:  # the ORM's flush writes it: the check is read before, on every database
            session.add(FocalPoint(action_id=action.id, name="N", institution="I", email="n@e.ge"))
        with pytest.raises(ChecksFailed) as failed:
            write_changes(session, hold=True, checks=[check])
            history.insert(session, [history_row(action.id)])  # PostgreSQL: read with it
        session.rollback()
    assert [r.message for r in failed.value.reasons] == [
        f"Action {action.id} is titled {before.title!r}."
    ]
    assert (row(engine, Action, action.id).title, history_of(engine, action.id)) == (
        before.title,
        [],
    )
    # Nothing found: the write is kept.
    with session_factory() as session:
        session.get_one(Action, action.id).title = "Kept"
        write_changes(session, hold=True, checks=[(TITLED, {"probe_title": "none"}, refusal)])
        history.insert(session, [history_row(action.id)])
        session.commit()
    assert row(engine, Action, action.id).title == "Kept"
