"""Loading the demo data set: each case driven through the real workflow to its target state.

The clock is set to each step's date (receipt, screening, votes, activities),
so the history reads as the programme lived it. Idempotent: a case whose
Request exists (same requester, same received date) is skipped.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Session, sessionmaker

from db.models import Expert, Request, User
from mieux.demo.cases import DEMO_CASES, DEMO_EXPERTS, DemoCase
from mieux.demo.drivers import ActionDriver
from workflow import services
from workflow.services import FixedClock, RequestState, UnitOfWork, add_user, create_expert

DEMO_PASSWORD = "mieux-demo"
DEMO_USERS: tuple[tuple[str, tuple[str, ...], str | None, str], ...] = (
    ("officer", ("staff",), "officer@example.org", "Ana Programme-Officer"),
    ("officer2", ("staff",), "officer2@example.org", "Ben Programme-Officer"),
    ("psc1", ("psc",), "psc1@example.org", "PSC member (DG INTPA)"),
    ("psc2", ("psc",), "psc2@example.org", "PSC member (ICMPD)"),
    ("psc3", ("psc",), "psc3@example.org", "PSC member (DG INTPA)"),
    ("admin", ("admin",), "admin@example.org", "Administrator"),
)


@dataclass
class DemoSummary:
    loaded: list[str] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)
    logins: list[tuple[str, tuple[str, ...]]] = field(default_factory=list)

    def describe(self) -> str:
        return f"Demo data: {len(self.loaded)} cases loaded, {len(self.skipped)} already there."


class DemoLoader:
    def __init__(self, session_factory: sessionmaker[Session], today: dt.date) -> None:
        self.session_factory = session_factory
        self.today = today
        self.clock = FixedClock(_at(today))
        self.users: dict[str, User] = {}
        self.experts: dict[str, int] = {}

    def uow(self) -> UnitOfWork:
        return UnitOfWork(self.session_factory, self.clock)

    def on(self, day: dt.date) -> None:
        """Move the clock to `day` (never past today: the demo does not invent the future)."""
        self.clock.at = _at(min(day, self.today))

    # people

    def ensure_user(
        self, username: str, roles: tuple[str, ...], email: str | None, name: str
    ) -> User:
        with self.uow() as uow:
            found = uow.session.scalars(sa.select(User).where(User.username == username)).first()
        if found is None:
            found = add_user(self.uow(), username, list(roles), DEMO_PASSWORD, email, name)
        self.users[username] = found
        return found

    def ensure_experts(self) -> None:
        with self.uow() as uow:
            known = dict(uow.session.execute(sa.select(Expert.email, Expert.id)).tuples().all())
        for expert in DEMO_EXPERTS:
            if expert["email"] not in known:
                known[expert["email"]] = create_expert(self.uow(), self.staff.id, dict(expert)).id
        self.experts = known
        first = DEMO_EXPERTS[0]
        self.ensure_user("expert", ("expert",), first["email"], first["name"])

    @property
    def staff(self) -> User:
        return self.users["officer"]

    def focal_point_user(self, email: str, name: str) -> User:
        username = email.split("@")[0]
        return self.ensure_user(username, ("focal_point",), email, name)

    # cases

    def exists(self, case: DemoCase) -> bool:
        with self.uow() as uow:
            query = sa.select(Request.id).where(
                Request.requester_name == case["requester_name"],
                Request.received_on == dt.date.fromisoformat(case["received_on"]),
            )
            return uow.session.scalar(query) is not None

    def fire(self, kind: str, obj_id: int, trigger: str, by: User | None = None, **kw: Any) -> Any:
        actor = by or self.staff
        return services.fire_transition(self.uow(), kind, obj_id, trigger, actor.id, **kw)

    def load_case(self, case: DemoCase, owner: User) -> None:
        received = dt.date.fromisoformat(case["received_on"])
        self.on(received)
        payload = {k: case[k] for k in _REQUEST_FIELDS}  # type: ignore[literal-required]
        request = services.create_request(
            self.uow(), self.staff.id, {**payload, "owner_id": owner.id}
        )
        target = case["target"]
        if target == RequestState.RECEIVED:
            return
        self.on(received + dt.timedelta(days=2))
        if target == RequestState.WITHDRAWN:
            self.fire("request", request.id, "withdraw", data={"reason": case.get("reason", "")})
            return
        self.fire("request", request.id, "start_screening")
        if target == RequestState.AWAITING_INFORMATION:
            self.fire(
                "request",
                request.id,
                "ask_information",
                comment="Please send the endorsement letter.",
            )
            return
        if target == RequestState.ELIGIBILITY_REVIEW:
            return
        self.on(received + dt.timedelta(days=9))
        if target == RequestState.DECLINED:
            self.fire("request", request.id, "decline", data={"reasons": case.get("reason", "")})
            return
        self.fire("request", request.id, "accept")
        with self.uow() as uow:
            action_id = uow.session.get(Request, request.id).action.id  # type: ignore[union-attr]
        ActionDriver(self, case, action_id, received).drive()


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


def _at(day: dt.date) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(10, 0), tzinfo=dt.UTC)


def load_demo(session_factory: sessionmaker[Session], now: dt.datetime) -> DemoSummary:
    """Load every demo case not yet there; return what was done and the demo logins."""
    loader = DemoLoader(session_factory, now.date())
    summary = DemoSummary()
    for username, roles, email, name in DEMO_USERS:
        loader.ensure_user(username, roles, email, name)
        summary.logins.append((username, roles))
    loader.ensure_experts()
    summary.logins.append(("expert", ("expert",)))
    owners = [loader.users["officer"], loader.users["officer2"]]
    for n, case in enumerate(DEMO_CASES):
        if loader.exists(case):
            summary.skipped.append(case["key"])
            continue
        loader.load_case(case, owners[n % 2])
        summary.loaded.append(case["key"])
    focal_points = [u.username for u in loader.users.values() if "focal_point" in u.roles]
    summary.logins += [(name, ("focal_point",)) for name in focal_points]
    return summary
