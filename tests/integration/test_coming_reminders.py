"""Each object's coming reminders (rule, who, when), on SQLite and PostgreSQL.

Every coming reminder is checked against the scan itself: scanning on its day
returns exactly that reminder (same rule, object, recipients, occurrence), so
the page can never promise what the scheduler will not send.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from db.models import Action, Request
from tests.integration.test_deadline_rules import action_received_on, at, hold, scan, submit
from tests.support import PASSWORD, Scenario
from workflow import services
from workflow.admin.settings import load_settings
from workflow.deadlines.coming import coming_dues
from workflow.services import ActionState, Due, RequestState

Coming = set[tuple[str, str, tuple[str, ...]]]


def coming(world: Scenario, kind: str, object_id: int) -> Coming:
    """(rule, day, names) of the object's coming reminders at the world's clock."""
    found = services.coming_reminders(world.uow(), kind, object_id)
    assert [r.on for r in found] == sorted(r.on for r in found)  # soonest first
    for reminder in found:
        assert reminder.at == dt.datetime.combine(reminder.on, dt.time(7, tzinfo=dt.UTC))
    return {(r.rule, r.on.isoformat(), r.to) for r in found}


def comes_true(world: Scenario, kind: str, object_id: int) -> list[Due]:
    """The coming Dues; each is returned by the scan on its day, the object left as it is."""
    with world.uow() as uow:
        found = coming_dues(
            uow.session, kind, object_id, world.clock.now(), load_settings(uow.session)
        )
    now = world.clock.at
    for due in found:
        world.clock.at = at(due.due_on.isoformat())
        scanned = {d.key for d in services.scan(world.uow())}
        assert due.key in scanned, (due, scanned)
    world.clock.at = now
    return found


def test_an_action_shows_its_next_reminders_until_each_condition_is_met(world: Scenario) -> None:
    world.clock.at = at("2026-09-01", 9)
    request = world.request_in_review(received_on="2026-09-01")
    owner, manager = "Alice", "Root"
    assert coming(world, "request", request.id) == {
        ("eligibility", "2026-09-16", (owner,)),
        ("rapid_reaction_warning", "2026-11-16", (owner, manager)),
        ("rapid_reaction_missed", "2026-12-01", (owner, manager)),
    }
    assert len(comes_true(world, "request", request.id)) == 5
    world.clock.at = at("2026-09-16", 6)  # its day, before the reminder hour: still coming
    assert ("eligibility", "2026-09-16", (owner,)) in coming(world, "request", request.id)
    world.clock.at = at("2026-09-16", 8)  # the eligibility reminder went out at 07:00
    assert {r for r, _, _ in coming(world, "request", request.id)} == {
        "rapid_reaction_warning",
        "rapid_reaction_missed",
    }
    world.fire("request", request.id, "decline", data={"reasons": "Out of scope."})
    assert coming(world, "request", request.id) == set()  # decided: the clocks stop

    action = action_received_on(world, "2026-09-01")
    assert coming(world, "request", action.request_id) == set()  # the Action's clock now
    submit(world, action, "2026-11-02")  # PSC deadline 2026-11-12
    psc1, psc2, psc3 = world.psc
    world.vote(action.id, psc1, "approve")
    assert coming(world, "action", action.id) == {
        ("psc_vote", "2026-11-10", ("Psc2", "Psc3")),
        ("psc_vote_owner", "2026-11-13", (owner,)),
        ("rapid_reaction_warning", "2026-11-16", (owner, manager)),
        ("rapid_reaction_missed", "2026-12-01", (owner, manager)),
    }
    comes_true(world, "action", action.id)
    world.vote(action.id, psc2, "approve")
    world.clock.at = at("2026-11-11", 9)  # after deadline - 2: the deadline's own reminder
    assert ("psc_vote", "2026-11-12", ("Psc3",)) in coming(world, "action", action.id)
    comes_true(world, "action", action.id)
    world.vote(action.id, psc3, "approve")  # the decision is taken
    assert world.get(Action, action.id).state == ActionState.IMPLEMENTATION
    assert {r for r, _, _ in coming(world, "action", action.id)} == {
        "rapid_reaction_warning",
        "rapid_reaction_missed",
    }

    first, second = (a.id for a in world.get(Action, action.id).activities)
    assert coming(world, "activity", second) == {("experts_unconfirmed", "2027-01-07", (owner,))}
    world.clock.at = at("2026-11-20", 9)
    world.scheduled_activity(action, 0)
    assert coming(world, "activity", first) == set()  # experts assigned: nothing to remind
    hold(world, first, "2026-11-25", "2026-11-27")  # report due 2026-12-27; clock met
    assert coming(world, "action", action.id) == set()
    assert coming(world, "activity", first) == {
        ("report_due", "2026-12-24", ("Marie", owner)),
        ("report_overdue", "2026-12-28", ("Marie", owner)),
        ("report_escalation", "2027-01-11", ("Marie", owner, manager)),
    }
    comes_true(world, "activity", first)
    world.clock.at = at("2027-01-12", 9)
    assert coming(world, "activity", first) == {
        ("report_escalation", "2027-01-18", ("Marie", owner, manager))
    }
    comes_true(world, "activity", first)
    report = {"report": "Held as planned.", "participant_feedback": "Useful."}
    world.fire("activity", first, "submit_report", data=report)
    assert coming(world, "activity", first) == set()  # submitted: the reminders stop


def test_suspended_the_rapid_reaction_clock_shows_nothing_then_its_moved_days(
    world: Scenario,
) -> None:
    action = action_received_on(world, "2026-09-01")  # rapid reaction due 2026-11-30
    submit(world, action, "2026-10-01")
    for member in world.psc:
        world.vote(action.id, member, "approve")
    world.clock.at = at("2026-11-01", 9)
    world.fire("action", action.id, "suspend", data={"reason": "Elections."})
    assert coming(world, "action", action.id) == set()
    world.clock.at = at("2026-11-11", 9)
    world.fire("action", action.id, "resume")  # ten days later: due 2026-12-10
    assert {(r, d) for r, d, _ in coming(world, "action", action.id)} == {
        ("rapid_reaction_warning", "2026-11-26"),
        ("rapid_reaction_missed", "2026-12-11"),
    }
    second = world.get(Action, action.id).activities[1].id  # 21 January - 14 + 10 days
    assert coming(world, "activity", second) == {("experts_unconfirmed", "2027-01-17", ("Alice",))}
    comes_true(world, "activity", second)


def test_the_owner_who_is_programme_manager_and_an_expert_without_account(
    world: Scenario,
) -> None:
    world.setting("programme_manager", "alice")
    world.clock.at = at("2026-09-01", 9)
    request = world.request_in_review(received_on="2026-09-01")
    assert ("rapid_reaction_warning", "2026-11-16", ("Alice",)) in coming(
        world, "request", request.id
    )
    action = action_received_on(world, "2026-09-01")
    submit(world, action, "2026-10-01")
    for member in world.psc:
        world.vote(action.id, member, "approve")
    outsider = world.new_expert("jan.kowalski@example.org", "Jan Kowalski", "PL")
    first = world.get(Action, action.id).activities[0].id
    world.clock.at = at("2026-10-05", 9)
    world.fire("activity", first, "schedule", data={"expert_ids": [outsider.id]})
    hold(world, first, "2026-10-10", "2026-10-12")  # report due 2026-11-11
    assert ("report_escalation", "2026-11-26", ("Jan Kowalski", "Alice")) in coming(
        world, "activity", first
    )
    found = comes_true(world, "activity", first)
    assert {d.recipient_email for d in found} == {"jan.kowalski@example.org", None}


def test_the_object_page_shows_its_coming_reminders(api_app: Any, world: Scenario) -> None:
    world.clock.at = at("2026-09-01", 9)
    request = world.request_in_review(received_on="2026-09-01")
    client = api_app.test_client()
    client.post("/login", data={"username": world.staff.username, "password": PASSWORD})
    page = client.get(f"/requests/{request.id}").text
    section = page[page.index('id="reminders-heading"') :]
    section = section[: section.index("</section>")]
    rows = [
        re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", row)).strip()
        for row in re.findall(r'<tr class="govuk-table__row"[^>]*>(.*?)</tr>', section, re.S)
    ]
    assert rows[1:] == [
        "16 September 2026 from 07:00 UTC The eligibility decision Alice",
        "16 November 2026 from 07:00 UTC Rapid reaction: the first activity is due soon "
        "Alice, Root",
        "01 December 2026 from 07:00 UTC Rapid reaction missed Alice, Root",
    ]
    world.fire("request", request.id, "decline", data={"reasons": "Out of scope."})
    assert world.get(Request, request.id).state == RequestState.DECLINED
    page = client.get(f"/requests/{request.id}").text
    assert 'id="reminders-heading"' not in page  # nothing coming: no section


def test_no_experts_reminder_while_suspended_then_on_the_moved_day(world: Scenario) -> None:
    action = action_received_on(world, "2026-09-01")
    first = action.activities[0].id  # planned 2027-01-11: experts due 2026-12-28
    submit(world, action, "2026-10-01")
    for member in world.psc:
        world.vote(action.id, member, "approve")
    world.clock.at = at("2026-12-20", 9)
    world.fire("action", action.id, "suspend", data={"reason": "Elections."})
    assert coming(world, "activity", first) == set()  # the clock stands
    rule = "experts_unconfirmed"
    assert [d for d in scan(world, "2026-12-28") if d.rule == rule] == []
    world.clock.at = at("2026-12-30", 9)
    world.fire("action", action.id, "resume")  # ten days: due 2027-01-07
    assert coming(world, "activity", first) == {(rule, "2027-01-07", ("Alice",))}
    comes_true(world, "activity", first)
