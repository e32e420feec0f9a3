"""The unit of work: one database transaction, rolled back unless committed."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from contextlib import contextmanager
from types import TracebackType

from sqlalchemy.orm import Session, sessionmaker

from workflow.engine.clock import Clock, SystemClock


class UnitOfWork:
    """`with uow:` opens one transaction; nothing is kept unless `uow.commit()` is called."""

    session: Session

    def __init__(self, session_factory: sessionmaker[Session], clock: Clock | None = None):
        self.session_factory = session_factory
        self.clock = clock or SystemClock()

    def __enter__(self) -> UnitOfWork:
        self.session = self.session_factory()
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        # close() rolls back whatever was not committed, and, unlike rollback(),
        # leaves loaded objects readable for the caller after the block.
        self.session.close()

    def commit(self) -> None:
        self.session.commit()

    def now(self) -> dt.datetime:
        return self.clock.now()

    def apart(self) -> UnitOfWork:
        """A new unit of work with the same clock, on a connection of its own: for writes
        committed on their own while this one goes on."""
        return UnitOfWork(self.session_factory, self.clock)

    @property
    def dialect_name(self) -> str:
        """The database's kind ("sqlite", "postgresql"), before any session is opened."""
        return str(self.session_factory.kw["bind"].dialect.name)

    @contextmanager
    def on_one_connection(self, autocommit: bool = False) -> Iterator[UnitOfWork]:
        """`with uow:`, its session kept on one connection for several transactions, each
        ended by `commit()`: for a loop that commits per item (the outbox's delivery pass),
        no pool checkout, ping and reset between two of them. `autocommit`: each statement
        is its own transaction (no BEGIN and COMMIT sent), for a loop whose every write is
        one statement."""
        with self.session_factory.kw["bind"].connect() as connection:
            if autocommit:
                connection.execution_options(isolation_level="AUTOCOMMIT")
            self.session = self.session_factory(bind=connection)
            try:
                yield self
            finally:
                self.session.close()


class HeldUnitOfWork(UnitOfWork):
    """Many acts in one session and one transaction, kept or dropped whole by its holder.

    For a caller that is all or nothing anyway (the demo's load): each act's
    `commit()` only flushes, so its rows (history, notices) are written in
    order and the next act reads them, but nothing is kept until the holder
    commits the session's transaction. Each act still starts from a clear
    session, as a new unit of work would, so it reads the database afresh and
    goes through the same checks, guards and effects. An act that fails
    spoils the whole: the session is rolled back and every later act refused,
    so nothing half-done can be kept by mistake.
    """

    def __init__(self, session: Session, clock: Clock | None = None):
        self.session = session
        self.clock = clock or SystemClock()
        self.spoiled: BaseException | None = None

    def __enter__(self) -> UnitOfWork:
        if self.spoiled is not None:
            raise RuntimeError("An earlier act of this held unit of work failed.") from self.spoiled
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        if exc is not None:
            self.spoiled = exc
            self.session.rollback()
            return
        # As close() ends a new unit of work: the next act starts from a clear session.
        # Acts that write commit (here: flush) what they wrote; what an act left
        # unflushed is dropped, as close() drops it.
        self.session.expunge_all()

    def commit(self) -> None:
        self.session.flush()
