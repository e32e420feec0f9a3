"""A scenario builder for tests: users of every role, and objects in any state.

Everything goes through the workflow's services, as the UI and the API do,
so a test's setup obeys the same rules as the code under test. Firing goes
through `mieux.demo.firing.Firing`, the one the demo loader uses: both fire
with the clock in hand and walk to a state along the lifecycle's path.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import sqlalchemy as sa

from db.models import Action, Activity, Expert, HistoryEntry, Request, User
from mieux.demo.firing import Firing
from workflow import services
from workflow.action.votes import cast_vote
from workflow.activity.services import add_activity
from workflow.admin.settings import change_setting
from workflow.admin.users import add_user
from workflow.editing.edit import edit
from workflow.engine.clock import FixedClock
from workflow.engine.definition import StateEnum
from workflow.engine.unit_of_work import UnitOfWork
from workflow.expert.services import create_expert
from workflow.services import ActivityState, RequestState

PASSWORD = "correct horse"
FOCAL_EMAIL = "focal.thailand@example.org"
EXPERT_EMAIL = "marie.dupont@example.org"


def request_payload(**overrides: Any) -> dict[str, Any]:
    payload: dict[str, Any] = {
        "requester_name": "Ministry of Labour of Thailand",
        "requester_type": "national_administration",
        "countries": ["TH"],
        "thematic_areas": ["irregular_migration"],
        "topics": ["trafficking_in_human_beings"],
        "received_on": "2026-09-01",
        "summary": "Support to identify victims of trafficking among migrant workers.",
        "endorsed_by": "Permanent Secretary",
        "endorsed_on": "2026-08-28",
    }
    return {**payload, **overrides}


def activity_payload(n: int = 1, **overrides: Any) -> dict[str, Any]:
    start = dt.date(2027, 1, 1) + dt.timedelta(days=10 * n)
    payload = {
        "type": "workshop",
        "title": f"Workshop {n}",
        "place": "Bangkok",
        "planned_start": start.isoformat(),
        "planned_end": (start + dt.timedelta(days=2)).isoformat(),
    }
    return {**payload, **overrides}


class Scenario:
    def __init__(self, uow_factory: Callable[[], UnitOfWork], clock: FixedClock) -> None:
        self.uow = uow_factory
        self.clock = clock
        self.firing = Firing(uow_factory, clock)
        self.staff = self.user("alice", "staff")
        self.staff2 = self.user("carol", "staff")
        self.psc = [self.user(f"psc{i}", "psc") for i in (1, 2, 3)]
        self.focal = self.user("somchai", "focal_point", email=FOCAL_EMAIL.upper())
        self.expert_user = self.user("marie", "expert", email=EXPERT_EMAIL)
        self.admin = self.user("root", "admin")
        self.expert = self.new_expert(EXPERT_EMAIL, "Marie Dupont")

    # users and experts

    def user(self, name: str, *roles: str, email: str | None = None) -> User:
        return add_user(self.uow(), name, list(roles), PASSWORD, email, name.title())

    def new_expert(self, email: str, name: str, nationality: str = "FR", **extra: Any) -> Expert:
        payload = {"name": name, "email": email, "nationality": nationality}
        payload |= {"type": "eu_government", "gender": "female", **extra}
        return create_expert(self.uow(), self.staff.id, payload)

    # firing

    def fire(self, kind: str, obj_id: int, trigger: str, by: User | None = None, **kw: Any) -> Any:
        return self.firing.fire(kind, obj_id, trigger, by or self.staff, **kw)

    def walk(
        self, kind: str, obj_id: int, target: StateEnum, by: User | None = None, **steps: Any
    ) -> None:
        """Fire each trigger on the lifecycle's path to `target`; `steps[trigger]`: its kwargs."""

        def step(trigger: str) -> None:
            self.fire(kind, obj_id, trigger, by, **steps.get(trigger, {}))

        self.firing.walk(kind, obj_id, target, step)

    def edit(self, kind: str, obj_id: int, changes: dict[str, Any], **kw: Any) -> Any:
        return edit(self.uow(), kind, obj_id, kw.pop("by", self.staff).id, changes, **kw)

    def vote(self, action_id: int, member: User, decision: str, comment: str = "") -> Action:
        return cast_vote(self.uow(), action_id, member.id, decision, comment)

    # building objects in a state

    def request(self, **overrides: Any) -> Request:
        return services.create_request(self.uow(), self.staff.id, request_payload(**overrides))

    def request_in_review(self, **overrides: Any) -> Request:
        request = self.request(**overrides)
        self.walk("request", request.id, RequestState.ELIGIBILITY_REVIEW)
        return request

    def action(self, activities: int = 2, focal: bool = True) -> Action:
        """A new Action in fiche_drafting, with objectives, context and activities."""
        request = self.request_in_review()
        self.fire("request", request.id, "accept")
        action_id = self.get(Request, request.id).action.id
        changes: dict[str, Any] = {
            "objectives": "Better victim identification.",
            "context": "A national referral mechanism exists since 2014.",
        }
        if focal:
            changes["focal_points"] = [
                {"name": "Somchai P.", "institution": "Ministry of Labour", "email": FOCAL_EMAIL}
            ]
        self.edit("action", action_id, changes)
        for n in range(1, activities + 1):
            self.add_activity(action_id, n)
        return self.get(Action, action_id)

    def add_activity(self, action_id: int, n: int = 1, **overrides: Any) -> Activity:
        return add_activity(self.uow(), action_id, self.staff.id, activity_payload(n, **overrides))

    def submitted_action(self, activities: int = 2) -> Action:
        action = self.action(activities)
        self.fire("action", action.id, "validate_fiche", by=self.focal)
        self.fire("action", action.id, "submit_to_psc")
        return self.get(Action, action.id)

    def approved_action(self, activities: int = 2) -> Action:
        action = self.submitted_action(activities)
        for member in self.psc:
            self.vote(action.id, member, "approve")
        return self.get(Action, action.id)

    def scheduled_activity(self, action: Action, index: int = 0) -> Activity:
        activity = self.get(Action, action.id).activities[index]
        self.fire("activity", activity.id, "schedule", data={"expert_ids": [self.expert.id]})
        return self.get(Activity, activity.id)

    def held_activity(self, action: Action, index: int = 0, end: str = "2026-11-20") -> Activity:
        activity = self.scheduled_activity(action, index)
        data = {
            "actual_start": "2026-11-18",
            "actual_end": end,
            "participants": {"total": 20, "women": 12, "men": 8},
        }
        self.fire("activity", activity.id, "mark_held", data=data)
        return self.get(Activity, activity.id)

    def completed_activity(self, action: Action, index: int = 0) -> Activity:
        activity = self.held_activity(action, index)
        report = {"report": "Held as planned.", "participant_feedback": "Useful."}
        self.walk("activity", activity.id, ActivityState.COMPLETED, submit_report={"data": report})
        return self.get(Activity, activity.id)

    def setting(self, key: str, value: object) -> None:
        with self.uow() as uow:
            change_setting(uow.session, key, value)
            uow.commit()

    # reading back

    def get(self, model: type[Any], obj_id: int) -> Any:
        with self.uow() as uow:
            found = uow.session.get(model, obj_id)
            # Load every relationship (and the Action's Activities' own), so tests can
            # read the object after its session is closed.
            for relationship in sa.inspect(model).relationships:
                related = getattr(found, relationship.key)
                for item in related if isinstance(related, list) else [related]:
                    if isinstance(item, Activity):
                        _ = item.experts
            return found

    def history(self, kind: str, obj_id: int) -> list[HistoryEntry]:
        with self.uow() as uow:
            query = sa.select(HistoryEntry).where(
                HistoryEntry.object_kind == kind, HistoryEntry.object_id == obj_id
            )
            return list(uow.session.scalars(query.order_by(HistoryEntry.id)))

    def count(self, model: type[Any]) -> int:
        with self.uow() as uow:
            return uow.session.scalar(sa.select(sa.func.count()).select_from(model)) or 0


# An Action's evaluation at `close`, as every test and the benchmark send it.
EVALUATION = {
    "dac": {
        "relevance": 4,
        "effectiveness": 3,
        "efficiency": 3,
        "sustainability": 3,
        "impact": 2,
        "coherence": 4,
        "eu_added_value": 4,
    },
    "partner_feedback": "The SOPs are in daily use.",
    "expert_feedback": "Motivated counterparts.",
    "lessons_learned": "Involve the labour inspectorate from the start.",
    "good_practice": ["ownership", "replication"],
}
