"""Driving a demo case's Action and its Activities to their target states."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

from mieux.demo.cases import DemoActivity, DemoCase
from workflow.services import ActionState, ActivityState, add_activity, cast_vote, edit

if TYPE_CHECKING:
    from mieux.demo.loader import DemoLoader

ACTIVITY_STEPS = (
    ActivityState.SCHEDULED,
    ActivityState.HELD,
    ActivityState.REPORT_SUBMITTED,
    ActivityState.COMPLETED,
)


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
        if target == ActionState.FICHE_DRAFTING:
            return
        if target == ActionState.CANCELLED:
            self.loader.fire(
                "action", self.action_id, "cancel", data={"reason": self.case.get("reason", "")}
            )
            return
        self.submit()
        if target == ActionState.PSC_REVIEW:
            self.vote("psc1", "approve")
            return
        if target == ActionState.REJECTED:
            self.vote("psc1", "reject", self.case.get("reason", "Not a priority of the partner."))
            return
        for member in ("psc1", "psc2", "psc3"):
            self.vote(member, "approve")
        self.run_activities()
        if target == ActionState.SUSPENDED:
            self.loader.fire(
                "action", self.action_id, "suspend", data={"reason": self.case.get("reason", "")}
            )
        if target in (ActionState.EVALUATION, ActionState.CLOSED):
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
        if self.case["target"] == ActionState.CLOSED:
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
        if target == ActivityState.CANCELLED:
            self.loader.on(self.start - dt.timedelta(days=30))
            reason = "Replaced during implementation: the Action's flexibility."
            self.loader.fire("activity", self.activity_id, "cancel", data={"reason": reason})
            return
        if target == ActivityState.PLANNED:
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
