"""What a guard, a link rule or an effect sees during one fire."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from pydantic import BaseModel
from sqlalchemy.orm import Session

from db.models import User
from workflow.admin.settings import Settings
from workflow.engine.write import Along, WriteCheck


@dataclass
class FireContext:
    session: Session
    actor: User | None  # None: the system
    now: dt.datetime
    settings: Settings
    data: BaseModel | None = None
    comment: str = ""
    # What the history row records beyond the data sent (effects add to it).
    record: dict[str, Any] = field(default_factory=dict)
    # Steps run once the fire is written and flushed, in its transaction: what reads the
    # fire's outcome, like the notices it causes. Effects that flushed mid-fire would
    # write the object twice (two version bumps). The fire's history rows are sent after
    # them, with the notices they cause (PostgreSQL: in one statement), so they do not
    # see this fire's own history row.
    afterwards: list[Callable[[], None]] = field(default_factory=list)
    # The history rows written during a fire (its effects' and its own), sent in one INSERT
    # when it ends; None outside a fire, where `history.write` sends a row at once.
    history: list[dict[str, Any]] | None = None
    # During a fire, the writes of its notices (PostgreSQL), waiting for its history rows:
    # each is called with the rows to write along with its own, in one statement, or with
    # none; None where a notice is written at once.
    notices: list[Callable[[list[dict[str, Any]]], object]] | None = None
    # Writes of the fire's effects sent with the object's own (workflow/engine/write.py;
    # on PostgreSQL in its one statement): (statement, parameters).
    along: list[Along] = field(default_factory=list)
    # Guards of the fire that are one query (`RowsGuard`), sent with its write on
    # PostgreSQL: (query, parameters, reasons of the rows found).
    checks: list[WriteCheck] = field(default_factory=list)
    # Facts read once per act and shared by its checks and effects (the PSC's electorate,
    # the actor's focal point): the database does not change under one fire.
    memo: dict[Any, Any] = field(default_factory=dict)

    @property
    def today(self) -> dt.date:
        return self.now.astimezone(dt.UTC).date()

    def once(self, key: Any, read: Callable[[], Any]) -> Any:
        """`read()`, called at most once per act for `key`."""
        if key not in self.memo:
            self.memo[key] = read()
        return self.memo[key]

    def value(self, name: str, default: Any = None) -> Any:
        """A field of the transition's data, or `default` when absent or not sent."""
        if self.data is None:
            return default
        found = getattr(self.data, name, None)
        return default if found is None else found
