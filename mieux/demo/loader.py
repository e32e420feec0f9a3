"""Loading the demo data set: each case driven through the real workflow to its target state.

The cases are data (`cases/*.json`, checked by `shape.py`); the path to each
target comes from the lifecycles, and the clock is set to each step's date
(receipt, screening, votes, activities), so the history reads as the
programme lived it. Idempotent: a case whose Request exists (same requester,
same received date) is skipped. `load_demo_whole` is all or nothing: every act
in one session and one transaction, committed at the end (a `HeldUnitOfWork`).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field

import sqlalchemy as sa
from sqlalchemy.orm import Session, sessionmaker

from db.models import Expert, Request, User, UserRole
from mieux.demo.drivers import ActionDriver, Walker
from mieux.demo.firing import Firing, at_ten
from mieux.demo.shape import DemoCase, DemoDataError, read_cases, read_experts
from workflow import services
from workflow.services import (
    ActionState,
    FixedClock,
    HeldUnitOfWork,
    RequestState,
    UnitOfWork,
    add_user,
    create_expert,
    shared_hash,
)

# Where the demo writes: a session factory (each act its own unit of work and commit), or
# one session that holds every act until its holder commits (`load_demo_whole`).
Database = sessionmaker[Session] | Session

DEMO_PASSWORD = "mieux-demo-pass"  # 12 characters at least, like every password
DEMO_USERS: tuple[tuple[str, tuple[str, ...], str | None, str], ...] = (
    ("officer", ("staff",), "officer@example.org", "Ana Programme-Officer"),
    ("officer2", ("staff",), "officer2@example.org", "Ben Programme-Officer"),
    ("psc1", ("psc",), "psc1@example.org", "PSC member (DG INTPA)"),
    ("psc2", ("psc",), "psc2@example.org", "PSC member (ICMPD)"),
    ("psc3", ("psc",), "psc3@example.org", "PSC member (DG INTPA)"),
    ("admin", ("admin",), "admin@example.org", "Administrator"),
)


class DemoClash(DemoDataError):
    """The database already holds something the demo needs to create differently."""


@dataclass
class DemoSummary:
    loaded: list[str] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)
    logins: list[tuple[str, tuple[str, ...]]] = field(default_factory=list)

    def describe(self) -> str:
        return f"Demo data: {len(self.loaded)} cases loaded, {len(self.skipped)} already there."


class DemoLoader:
    def __init__(self, database: Database, today: dt.date) -> None:
        self.today = today
        self.clock = FixedClock(at_ten(today))
        self.held = HeldUnitOfWork(database, self.clock) if isinstance(database, Session) else None
        self.session_factory = database if isinstance(database, sessionmaker) else None
        self.firing = Firing(self.uow, self.clock, today)
        self.users: dict[str, User] = {}
        self.experts: dict[str, int] = {}

    def uow(self) -> UnitOfWork:
        """A unit of work on the demo's database and clock (the held one, if any)."""
        if self.held is not None:
            return self.held
        assert self.session_factory is not None
        return UnitOfWork(self.session_factory, self.clock)

    # people

    def ensure_user(
        self, username: str, roles: tuple[str, ...], email: str | None, name: str
    ) -> User:
        known = self.users.get(username)
        if known is not None and set(roles) <= known.roles:  # checked when first met
            return known
        with self.uow() as uow:
            found = uow.session.scalars(sa.select(User).where(User.username == username)).first()
        if found is None:
            found = add_user(self.uow(), username, list(roles), DEMO_PASSWORD, email, name)
        elif not found.active or not set(roles) <= found.roles:
            has = ", ".join(sorted(found.roles)) + ("" if found.active else ", inactive")
            raise DemoClash(
                f"The user {username!r} is already there ({has}), but the demo needs it as "
                f"{', '.join(roles)}: load the demo into another database."
            )
        self.users[username] = found
        return found

    def ensure_experts(self) -> None:
        with self.uow() as uow:
            rows = uow.session.execute(sa.select(Expert.email, Expert.id))
            known = {email: expert_id for email, expert_id in rows}
        experts = read_experts()
        for expert in experts:
            if expert.email not in known:
                payload = expert.model_dump(mode="json")
                known[expert.email] = create_expert(self.uow(), self.staff.id, payload).id
        self.experts = known
        # The first expert also has a login, to show the expert's own pages.
        self.ensure_user("expert", ("expert",), experts[0].email, experts[0].name)

    @property
    def staff(self) -> User:
        return self.users["officer"]

    def focal_point_logins(self) -> list[str]:
        """The case files' focal point users (printed on every run, loaded or not); the
        full set's generated focal points, one per country, are not printed."""
        emails = {point.email for case in read_cases() for point in case.focal_points}
        query = (
            sa.select(User.username)
            .join(UserRole, UserRole.user_id == User.id)
            .where(UserRole.role == "focal_point", User.active.is_(True))
            .where(User.email.in_(emails))
            .order_by(User.username)
        )
        with self.uow() as uow:
            return list(uow.session.scalars(query))

    def focal_point_user(self, email: str, name: str) -> User:
        username = email.split("@")[0]
        return self.ensure_user(username, ("focal_point",), email, name)

    # cases

    def exists(self, case: DemoCase) -> bool:
        """Whether the case's Request is already there (same requester, same received date)."""
        with self.uow() as uow:
            query = sa.select(Request.id).where(
                Request.requester_name == case.requester_name,
                Request.received_on == case.received_on,
            )
            return uow.session.scalar(query) is not None

    def load_case(self, case: DemoCase, owner: User) -> None:
        """Receive the case's Request, then walk it (and its Action) to the case's target."""
        self.firing.on(case.received_on)
        payload = case.model_dump(mode="json", include=set(_REQUEST_FIELDS))
        request = services.create_request(
            self.uow(), self.staff.id, {**payload, "owner_id": owner.id}
        )
        walker = Walker(self, case, "request", request.id)
        if not isinstance(case.target, ActionState):
            walker.walk_to(case.target)
            return
        # An Action state as the target: the Request was accepted, and its Action goes on.
        walker.walk_to(RequestState.ACCEPTED)
        with self.uow() as uow:
            action_id = uow.session.get(Request, request.id).action.id  # type: ignore[union-attr]
        ActionDriver(self, case, action_id).drive(case.target)


_REQUEST_FIELDS = (
    "requester_name",
    "requester_type",
    "countries",
    "thematic_areas",
    "topics",
    "received_on",
    "summary",
    "endorsed_by",
    "endorsed_on",
)


def load_demo_whole(
    engine: sa.Engine,
    now: dt.datetime,
    load: Callable[[Database, dt.datetime], DemoSummary] | None = None,
) -> DemoSummary:
    """`load` (`load_demo` unless given) all or nothing: when it fails, nothing it created
    remains.

    Every act goes through the services as usual, but in one session held by
    a `HeldUnitOfWork`: an act's commit only flushes, and only the end of the
    whole load commits (one transaction, not a savepoint and a new session
    for each of the full demo's thousands of acts). On SQLite the outer BEGIN
    IMMEDIATE holds the write lock while it loads. The accounts it creates
    share one hash of the published demo password (`shared_hash`).
    """
    with engine.connect() as connection, connection.begin(), shared_hash(DEMO_PASSWORD):
        with Session(
            bind=connection, join_transaction_mode="create_savepoint", expire_on_commit=False
        ) as session:
            summary = (load or load_demo)(session, now)
            session.commit()
        return summary


def load_demo(database: Database, now: dt.datetime) -> DemoSummary:
    """Load every demo case not yet there; return what was done and the demo logins."""
    loader = DemoLoader(database, now.date())
    summary = DemoSummary()
    for username, roles, email, name in DEMO_USERS:
        loader.ensure_user(username, roles, email, name)
        summary.logins.append((username, roles))
    loader.ensure_experts()
    summary.logins.append(("expert", ("expert",)))
    owners = [loader.users["officer"], loader.users["officer2"]]
    # Read every file first: a malformed one stops the load before anything is written.
    for n, case in enumerate(read_cases()):
        if loader.exists(case):
            summary.skipped.append(case.key)
            continue
        try:
            loader.load_case(case, owners[n % 2])
        except services.WorkflowError as error:  # say which case, not only what refused
            raise DemoClash(f"{case.key}: {error}") from error
        summary.loaded.append(case.key)
    summary.logins += [(name, ("focal_point",)) for name in loader.focal_point_logins()]
    return summary
