"""Who hears of an overdue report: the experts and the owner from due - 3 on, weekly; the
programme manager too from due + 15 (lifecycles: "from due + 15 also the programme
manager"), never before. On SQLite and PostgreSQL."""

from __future__ import annotations

from tests.integration.test_deadline_rules import action_received_on, hold, key, keys, scan, submit
from tests.support import Scenario
from workflow.deadlines.outbox import subject_for

REPORT_RULES = ("report_due", "report_overdue", "report_escalation")


def test_the_programme_manager_joins_the_experts_and_owner_from_due_plus_15(
    world: Scenario,
) -> None:
    world.setting("programme_manager", "carol")  # neither the owner nor an admin
    owner, manager, expert = world.staff, world.staff2, world.expert_user
    action = action_received_on(world, "2026-09-01")
    submit(world, action, "2026-10-01")
    for member in world.psc:
        world.vote(action.id, member, "approve")
    world.scheduled_activity(action, 0)
    first = action.activities[0].id
    hold(world, first, "2026-10-10", "2026-10-12")  # report due 2026-11-11
    expected = {
        "2026-11-08": ("report_due", (expert, owner)),
        "2026-11-12": ("report_overdue", (expert, owner)),
        "2026-11-19": ("report_overdue", (expert, owner)),
        "2026-11-26": ("report_escalation", (expert, owner, manager)),
        "2026-12-03": ("report_escalation", (expert, owner, manager)),
    }
    for day, (rule, people) in expected.items():
        found = [d for d in scan(world, day) if d.rule in REPORT_RULES]
        assert keys(found) == {
            key(rule, "activity", first, who, f"{day}/due-2026-11-11") for who in people
        }, day
        assert world.admin.id not in {d.recipient_user_id for d in found}  # named: carol only
    escalated = next(d for d in scan(world, "2026-11-26") if d.recipient_user_id == manager.id)
    assert escalated.facts["role"] == "programme_manager"
    assert "(the programme manager is now told too)" in subject_for(escalated)
