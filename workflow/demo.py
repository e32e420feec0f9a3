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
from workflow import services
from workflow.activities import add_activity
from workflow.clock import FixedClock
from workflow.demo_data import DEMO_CASES, DEMO_EXPERTS, DemoActivity, DemoCase
from workflow.editing import edit
from workflow.experts import create_expert
from workflow.uow import UnitOfWork
from workflow.users import add_user
from workflow.votes import cast_vote

DEMO_PASSWORD = "mieux-demo"
REQUEST_TARGETS = (
    "received",
    "eligibility_review",
    "awaiting_information",
    "declined",
    "withdrawn",
)
ACTIVITY_STEPS = ("scheduled", "held", "report_submitted", "completed")
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
        if target == "received":
            return
        self.on(received + dt.timedelta(days=2))
        if target == "withdrawn":
            self.fire("request", request.id, "withdraw", data={"reason": case.get("reason", "")})
            return
        self.fire("request", request.id, "start_screening")
        if target == "awaiting_information":
            self.fire(
                "request",
                request.id,
                "ask_information",
                comment="Please send the endorsement letter.",
            )
            return
        if target == "eligibility_review":
            return
        self.on(received + dt.timedelta(days=9))
        if target == "declined":
            self.fire("request", request.id, "decline", data={"reasons": case.get("reason", "")})
            return
        self.fire("request", request.id, "accept")
        with self.uow() as uow:
            action_id = uow.session.get(Request, request.id).action.id  # type: ignore[union-attr]
        ActionDriver(self, case, action_id, received).drive()


class ActionDriver:
    """Takes one accepted case's Action from fiche_drafting to its target state."""

    def __init__(self, loader: DemoLoader, case: DemoCase, action_id: int, received: dt.date):
        self.loader, self.case, self.action_id = loader, case, action_id
        self.day = received + dt.timedelta(days=12)
        self.activity_ids: list[int] = []

    def step(self, days: int = 1) -> None:
        self.day += dt.timedelta(days=days)
        self.loader.on(self.day)

    def drive(self) -> None:
        self.draft_fiche()
        target = self.case["target"]
        if target == "fiche_drafting":
            return
        if target == "cancelled":
            self.loader.fire(
                "action", self.action_id, "cancel", data={"reason": self.case.get("reason", "")}
            )
            return
        self.submit()
        if target == "psc_review":
            self.vote("psc1", "approve")
            return
        if target == "rejected":
            self.vote("psc1", "reject", self.case.get("reason", "Not a priority of the partner."))
            return
        for member in ("psc1", "psc2", "psc3"):
            self.vote(member, "approve")
        self.run_activities()
        if target == "suspended":
            self.loader.fire(
                "action", self.action_id, "suspend", data={"reason": self.case.get("reason", "")}
            )
        if target in ("evaluation", "closed"):
            self.finish()

    def draft_fiche(self) -> None:
        self.step()
        focal = self.case.get("focal_points", [])
        changes = {
            "objectives": self.case.get("objectives", ""),
            "context": self.case.get("context", ""),
        }
        edit(
            self.loader.uow(),
            "action",
            self.action_id,
            self.loader.staff.id,
            {**changes, "focal_points": focal},
        )
        for activity in self.case.get("activities", []):
            payload = {
                k: activity[k] for k in ("type", "title", "place", "planned_start", "planned_end")
            }
            created = add_activity(self.loader.uow(), self.action_id, self.loader.staff.id, payload)
            self.activity_ids.append(created.id)

    def submit(self) -> None:
        focal = self.case.get("focal_points", [])[0]
        self.step(5)
        user = self.loader.focal_point_user(focal["email"], focal["name"])
        self.loader.fire("action", self.action_id, "validate_fiche", by=user)
        self.step()
        self.loader.fire("action", self.action_id, "submit_to_psc")

    def vote(self, member: str, decision: str, comment: str = "") -> None:
        self.step(2)
        cast_vote(
            self.loader.uow(), self.action_id, self.loader.users[member].id, decision, comment
        )

    def run_activities(self) -> None:
        for activity_id, activity in zip(
            self.activity_ids, self.case.get("activities", []), strict=True
        ):
            ActivityDriver(self.loader, activity_id, activity).drive()

    def finish(self) -> None:
        ends = [dt.date.fromisoformat(a["planned_end"]) for a in self.case.get("activities", [])]
        self.day = max(ends) + dt.timedelta(days=40)
        self.loader.on(self.day)
        self.loader.fire("action", self.action_id, "complete_implementation")
        if self.case["target"] == "closed":
            self.step(45)
            self.loader.fire(
                "action", self.action_id, "close", data={"evaluation": _evaluation(self.case)}
            )


class ActivityDriver:
    def __init__(self, loader: DemoLoader, activity_id: int, activity: DemoActivity):
        self.loader, self.activity_id, self.activity = loader, activity_id, activity
        self.start = dt.date.fromisoformat(activity["planned_start"])
        self.end = dt.date.fromisoformat(activity["planned_end"])

    def drive(self) -> None:
        target = self.activity["target"]
        if target == "cancelled":
            self.loader.on(self.start - dt.timedelta(days=30))
            reason = "Replaced during implementation: the Action's flexibility."
            self.loader.fire("activity", self.activity_id, "cancel", data={"reason": reason})
            return
        if target == "planned":
            return
        steps = ACTIVITY_STEPS[: ACTIVITY_STEPS.index(target) + 1]
        for step in steps:
            getattr(self, step)()

    def scheduled(self) -> None:
        self.loader.on(self.start - dt.timedelta(days=21))
        ids = [self.loader.experts[e] for e in self.activity["experts"]]
        self.loader.fire("activity", self.activity_id, "schedule", data={"expert_ids": ids})

    def held(self) -> None:
        self.loader.on(self.end + dt.timedelta(days=1))
        total, women, men = self.activity.get("participants", (20, 10, 10))
        data = {
            "actual_start": self.start.isoformat(),
            "actual_end": self.end.isoformat(),
            "participants": {"total": total, "women": women, "men": men},
        }
        self.loader.fire("activity", self.activity_id, "mark_held", data=data)

    def report_submitted(self) -> None:
        self.loader.on(self.end + dt.timedelta(days=14))
        data = {
            "report": f"Report on '{self.activity['title']}': objectives met, follow-up agreed.",
            "participant_feedback": "Participants rated the session useful (4.2 out of 5).",
        }
        self.loader.fire("activity", self.activity_id, "submit_report", data=data)

    def completed(self) -> None:
        self.loader.on(self.end + dt.timedelta(days=20))
        self.loader.fire("activity", self.activity_id, "accept_report")


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


def _evaluation(case: DemoCase) -> dict[str, Any]:
    ratings = dict.fromkeys(("relevance", "effectiveness", "efficiency", "sustainability"), 3)
    ratings |= {"impact": 3, "coherence": 4, "eu_added_value": 4}
    return {
        "dac": ratings,
        "partner_feedback": f"The partner valued the peer-to-peer approach: {case['summary']}",
        "expert_feedback": "Experts found the counterparts engaged and the agenda realistic.",
        "lessons_learned": "Early agreement on the focal points saved weeks in implementation.",
        "good_practice": ["ownership", "expertise", "high_level_approval"],
    }


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
