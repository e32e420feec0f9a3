"""Walking one demo object to its target state, each step's data read from its case file.

The path comes from the lifecycle (`Firing.walk`); a `Walker` only knows how
to take one step: on the step's day, with its data, by its actor, or, for
the PSC's system-only decisions, by casting the votes that make them.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from db.models import User
from mieux.demo.shape import DemoActivity, DemoCase, DemoDataError, Step, Vote
from workflow.services import LIFECYCLES, ActionState, StateEnum, add_activity, cast_vote, edit

if TYPE_CHECKING:
    from mieux.demo.loader import DemoLoader


class Walker:
    """Takes one object, step by step, along the path to a state."""

    def __init__(self, loader: DemoLoader, case: DemoCase, kind: str, obj_id: int) -> None:
        self.loader, self.case, self.kind, self.obj_id = loader, case, kind, obj_id
        self.lifecycle = LIFECYCLES[kind]

    def steps(self) -> Mapping[str, Step]:
        return self.case.steps

    def walk_to(self, target: StateEnum) -> None:
        """Fire every trigger on the path to `target`."""
        self.loader.firing.walk(self.kind, self.obj_id, target, self.take)

    def take(self, trigger: str) -> None:
        """Fire `trigger`, after the file's self-loops on the state it leaves.

        A self-loop (the partner's `validate_fiche`) moves nowhere, so no path
        holds it; the case file names it when a later step's guard needs it.
        """
        for loop in self.loops_before(trigger):
            self.fire_step(loop)
        self.fire_step(trigger)

    def loops_before(self, trigger: str) -> list[str]:
        leaving = set(self.lifecycle.transitions[trigger].sources)
        loops = [t for t in self.lifecycle.transitions.values() if t.sources == (t.dest,)]
        return [t.trigger for t in loops if t.dest in leaving and t.trigger in self.steps()]

    def fire_step(self, trigger: str) -> None:
        step = self.step(trigger)
        if step.votes:
            votes_on(self.loader, self.obj_id, step.votes)
            return
        actor = self.actor(step.by)
        comment, data = step.comment, self.data(step)
        self.loader.firing.fire(
            self.kind, self.obj_id, trigger, actor, step.on, data=data, comment=comment
        )

    def step(self, trigger: str) -> Step:
        """The file's step for `trigger`, or a DemoDataError naming the case and trigger."""
        found = self.steps().get(trigger)
        if found is None:
            raise DemoDataError(f"{self.case.key}: no step for {self.kind} trigger '{trigger}'")
        return found

    def data(self, step: Step) -> dict[str, Any] | None:
        """The step's data, with its experts' e-mails turned into the ids the service takes."""
        data = dict(step.data)
        if step.experts:
            data["expert_ids"] = [self.loader.experts[email] for email in step.experts]
        return data or None

    def actor(self, by: str | None) -> User:
        """The officer, a demo user by name, or one of the case's focal points by e-mail."""
        if by is None:
            return self.loader.staff
        focal = {f.email: f for f in self.case.focal_points}
        if by in focal:
            return self.loader.focal_point_user(by, focal[by].name)
        return self.loader.users[by]


class ActionDriver(Walker):
    """Drafts an accepted case's Fiche, then walks its Action (and Activities) to the target."""

    def __init__(self, loader: DemoLoader, case: DemoCase, action_id: int) -> None:
        super().__init__(loader, case, "action", action_id)
        self.activity_ids: list[int] = []

    def drive(self, target: ActionState) -> None:
        """Draft the Fiche, walk to `target`, then cast the votes of a round left open."""
        self.draft_fiche()
        self.walk_to(target)
        votes_on(self.loader, self.obj_id, self.case.open_votes)

    def draft_fiche(self) -> None:
        """The officer plans the Activities, then writes the Fiche (not a transition).

        In that order the Fiche is complete once, at the edit, which asks the focal
        points to validate it: the same one notice as when each Activity added to a
        complete Fiche asks again (and is skipped as told already), for one ask.
        """
        if self.case.fiche_drafted_on is not None:
            self.loader.firing.on(self.case.fiche_drafted_on)
        staff_id = self.loader.staff.id
        for activity in self.case.activities:
            payload = activity.model_dump(mode="json", exclude={"target", "steps"})
            created = add_activity(self.loader.uow(), self.obj_id, staff_id, payload)
            self.activity_ids.append(created.id)
        focal = [f.model_dump() for f in self.case.focal_points]
        for point in self.case.focal_points:  # each can log in and validate their Fiche
            self.loader.focal_point_user(point.email, point.name)
        changes = {"objectives": self.case.objectives, "context": self.case.context}
        edit(self.loader.uow(), "action", self.obj_id, staff_id, {**changes, "focal_points": focal})

    def take(self, trigger: str) -> None:
        """A step; on entering implementation, the Activities are walked to theirs."""
        super().take(trigger)
        if self.lifecycle.transitions[trigger].dest == ActionState.IMPLEMENTATION:
            for activity_id, activity in zip(self.activity_ids, self.case.activities, strict=True):
                ActivityWalker(self.loader, self.case, activity, activity_id).walk_to(
                    activity.target
                )


class ActivityWalker(Walker):
    """Walks one Activity, its steps read from the Activity's own entry in the case file."""

    def __init__(
        self, loader: DemoLoader, case: DemoCase, activity: DemoActivity, activity_id: int
    ) -> None:
        super().__init__(loader, case, "activity", activity_id)
        self.activity = activity

    def steps(self) -> Mapping[str, Step]:
        return self.activity.steps


def votes_on(loader: DemoLoader, action_id: int, votes: list[Vote]) -> None:
    """Cast each vote on its day, in order (the last may decide the round)."""
    for vote in votes:
        loader.firing.on(vote.on)
        member = loader.users[vote.member].id
        cast_vote(loader.uow(), action_id, member, vote.decision, vote.comment)
