"""Every role x every trigger, generated from the lifecycle definitions (not hand-listed).

Each user holds one role and is linked where a link matters (the focal point to
the Action, the expert to the Activity). A trigger the role may fire is never
refused for the role; any other is refused: 403, or 404 where the object is
outside the user's view.
"""

from __future__ import annotations

from typing import Any

import pytest
import sqlalchemy as sa

from db.models import Action, Activity, Request, User
from tests.support import Scenario
from workflow.engine.errors import Forbidden, NotFound, WorkflowError
from workflow.lifecycles import LIFECYCLES, MODELS

SAMPLE_DATA: dict[tuple[str, str], dict[str, Any]] = {
    ("request", "decline"): {"reasons": "Outside the mandate."},
    ("request", "withdraw"): {"reason": "Solved locally."},
    ("action", "cancel"): {"reason": "Dropped."},
    ("action", "suspend"): {"reason": "Elections."},
    ("activity", "cancel"): {"reason": "Replaced."},
    ("activity", "submit_report"): {"report": "R", "participant_feedback": "F"},
}
# An expert never sees Requests; a focal point sees only its Action's Request, and the
# Request under test has no Action yet (accepting it must be possible).
INVISIBLE = {("expert", "request"), ("focal_point", "request")}


def users_by_role(world: Scenario) -> dict[str, User]:
    return {
        "staff": world.staff,
        "psc": world.psc[0],
        "focal_point": world.focal,
        "expert": world.expert_user,
        "admin": world.admin,
    }


def objects(world: Scenario) -> dict[str, int]:
    action = world.action(activities=1)
    activity = action.activities[0]
    world.edit("activity", activity.id, {"expert_ids": [world.expert.id]})
    request = world.request_in_review()
    return {"request": request.id, "action": action.id, "activity": activity.id}


def put_in_state(world: Scenario, kind: str, obj_id: int, state: str, action_id: int) -> None:
    with world.uow() as uow:
        uow.session.execute(
            sa.update(MODELS[kind]).where(MODELS[kind].id == obj_id).values(state=state)
        )
        if kind == "activity":  # the Action must let its Activities move
            uow.session.execute(
                sa.update(Action).where(Action.id == action_id).values(state="implementation")
            )
        uow.commit()


def outcome(world: Scenario, kind: str, obj_id: int, trigger: str, user: User) -> type | None:
    try:
        world.fire(
            kind, obj_id, trigger, by=user, data=SAMPLE_DATA.get((kind, trigger)), comment="Matrix."
        )
    except WorkflowError as error:
        return type(error)
    return None


@pytest.mark.parametrize("kind", list(LIFECYCLES))
def test_each_role_may_fire_exactly_the_triggers_its_lifecycle_gives_it(
    world: Scenario, kind: str
) -> None:
    ids = objects(world)
    users = users_by_role(world)
    unexpected = []
    for transition in LIFECYCLES[kind].transitions.values():
        for role, user in users.items():
            put_in_state(world, kind, ids[kind], transition.sources[0], ids["action"])
            got = outcome(world, kind, ids[kind], transition.trigger, user)
            may = role in transition.roles and not transition.system_only
            refusal = NotFound if (role, kind) in INVISIBLE else Forbidden
            if (may and got in (Forbidden, NotFound)) or (not may and got is not refusal):
                unexpected.append((transition.trigger, role, got.__name__ if got else "fired"))
    assert unexpected == []


def test_the_matrix_covers_every_trigger_and_role() -> None:
    pairs = {(k, t) for k, lc in LIFECYCLES.items() for t in lc.transitions}
    assert len(pairs) == 23
    assert {m.__name__ for m in MODELS.values()} == {
        c.__name__ for c in (Request, Action, Activity)
    }
