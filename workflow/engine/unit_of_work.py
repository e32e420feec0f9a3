"""The unit of work: one database transaction, rolled back unless committed."""

from __future__ import annotations

import datetime as dt
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
