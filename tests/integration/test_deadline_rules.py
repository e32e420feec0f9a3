"""The deadline rules, walked through months with the service clock, on SQLite and PostgreSQL.

Each scan goes through `services.scan` at `world.clock`; every assertion names
the rule, the object, the recipients and the occurrence.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from db.models import Action, Request
from tests.support import FOCAL_EMAIL, Scenario
from workflow import services
from workflow.services import ActionState, Due, RequestState

Key = tuple[str, str, int, str, str]


def at(day: str, hour: int = 7) -> dt.datetime:
    return dt.datetime.fromisoformat(day).replace(hour=hour, tzinfo=dt.UTC)


def scan(world: Scenario, day: str, hour: int = 7) -> list[Due]:
    world.clock.at = at(day, hour)
    return services.scan(world.uow())


def keys(found: list[Due], *rules: str) -> set[Key]:
    return {d.key for d in found if not rules or d.rule in rules}


def key(rule: str, kind: str, obj_id: int, who: Any, occurrence: str) -> Key:
    recipient = str(who.id) if hasattr(who, "id") else str(who)
    return (rule, kind, obj_id, recipient, occurrence)


def action_received_on(world: Scenario, received: str) -> Action:
    """An Action in drafting, its Request received and accepted on `received`, with two
    planned Activities (11 and 21 January 2027)."""
    world.clock.at = at(received, 9)
    request = world.request(received_on=received)
    world.walk("request", request.id, RequestState.ELIGIBILITY_REVIEW)
    world.fire("request", request.id, "accept")
    action_id = world.get(Request, request.id).action.id
    focal = {"name": "Somchai P.", "institution": "Ministry", "email": FOCAL_EMAIL}
    changes = {"objectives": "Victims.", "context": "A referral.", "focal_points": [focal]}
    world.edit("action", action_id, changes)
    world.add_activity(action_id, 1, planned_start="2027-01-11", planned_end="2027-01-13")
    world.add_activity(action_id, 2, planned_start="2027-01-21", planned_end="2027-01-23")
    return world.get(Action, action_id)


def submit(world: Scenario, action: Action, day: str) -> None:
    world.clock.at = at(day, 9)
    world.fire("action", action.id, "validate_fiche", by=world.focal)
    world.fire("action", action.id, "submit_to_psc")


def hold(world: Scenario, activity_id: int, start: str, end: str) -> None:
    world.clock.at = at(end, 18)
    people = {"total": 10, "women": 5, "men": 5}
    data = {"actual_start": start, "actual_end": end, "participants": people}
    world.fire("activity", activity_id, "mark_held", data=data)


def test_an_action_walked_through_months_gets_each_reminder_on_its_day(world: Scenario) -> None:
    owner, manager, marie = world.staff, world.admin, world.expert_user
    psc1, psc2, psc3 = world.psc
    action = action_received_on(world, "2026-09-01")
    first, second = (a.id for a in action.activities)
    assert scan(world, "2026-09-16") == []  # accepted on receipt: no eligibility reminder

    submit(world, action, "2026-11-02")  # PSC deadline 2026-11-12
    world.vote(action.id, psc1, "approve")
    assert keys(scan(world, "2026-11-10", hour=6)) == set()  # before the reminder hour
    day_minus_2 = scan(world, "2026-11-10")
    expected = {key("psc_vote", "action", action.id, m, "2026-11-10/round-1") for m in (psc2, psc3)}
    assert keys(day_minus_2) == expected
    assert keys(scan(world, "2026-11-10", hour=23)) == expected  # the same scan, the same keys
    on_deadline = {
        key("psc_vote", "action", action.id, m, "2026-11-12/round-1") for m in (psc2, psc3)
    }
    assert keys(scan(world, "2026-11-12")) == on_deadline  # the newer supersedes the older
    world.vote(action.id, psc2, "approve")
    assert keys(scan(world, "2026-11-12")) == {
        key("psc_vote", "action", action.id, psc3, "2026-11-12/round-1")
    }
    late = scan(world, "2026-11-13")
    owner_keys = keys(late, "psc_vote_owner")
    assert owner_keys == {key("psc_vote_owner", "action", action.id, owner, "2026-11-13/round-1")}
    assert next(d for d in late if d.rule == "psc_vote_owner").facts["non_voters"] == ["Psc3"]
    world.vote(action.id, psc3, "approve")  # the decision is taken: the vote reminders stop
    assert world.get(Action, action.id).state == ActionState.IMPLEMENTATION
    assert keys(scan(world, "2026-11-13")) == set()

    assert keys(scan(world, "2026-11-16")) == {
        key("rapid_reaction_warning", "action", action.id, who, "2026-11-16")
        for who in (owner, manager)
    }
    world.clock.at = at("2026-11-20", 9)
    world.scheduled_activity(action, 0)  # the first gets its expert; the second never does
    assert keys(scan(world, "2026-12-01")) == {
        key("rapid_reaction_missed", "action", action.id, who, "2026-12-01")
        for who in (owner, manager)
    }
    assert keys(scan(world, "2027-01-07"), "experts_unconfirmed") == {
        key("experts_unconfirmed", "activity", second, owner, "2027-01-07")
    }

    hold(world, first, "2027-01-11", "2027-01-13")  # report due 2027-02-12
    series = [
        ("2027-02-09", "report_due", (marie, owner)),
        ("2027-02-13", "report_overdue", (marie, owner)),
        ("2027-02-20", "report_overdue", (marie, owner)),
        ("2027-02-27", "report_escalation", (marie, owner, manager)),
        ("2027-03-06", "report_escalation", (marie, owner, manager)),
    ]
    for day, rule, people in series:
        found = scan(world, day)
        occurrence = f"{day}/due-2027-02-12"
        assert keys(found, "report_due", "report_overdue", "report_escalation") == {
            key(rule, "activity", first, who, occurrence) for who in people
        }, day
    assert keys(scan(world, "2027-02-12")) == {
        key("report_due", "activity", first, who, "2027-02-09/due-2027-02-12")
        for who in (marie, owner)
    }

    report = {"report": "Held as planned.", "participant_feedback": "Useful."}
    world.clock.at = at("2027-03-07", 9)
    world.fire("activity", first, "submit_report", data=report)
    assert keys(scan(world, "2027-03-07")) == set()  # submitted: the reminders stop
    world.fire("activity", first, "accept_report")
    world.fire("activity", second, "cancel", data={"reason": "No expert."})
    world.clock.at = at("2027-03-10", 9)
    world.fire("action", action.id, "complete_implementation")  # evaluation due 2027-05-09
    assert keys(scan(world, "2027-05-08")) == set()
    assert keys(scan(world, "2027-05-09")) == {
        key("evaluation", "action", action.id, owner, "2027-05-09")
    }
    assert keys(scan(world, "2027-05-17")) == set()  # past the catch-up horizon


def test_the_catch_up_horizon_sends_no_backlog(world: Scenario) -> None:
    world.clock.at = at("2026-11-01", 9)
    old = world.request(received_on="2024-03-01")
    recent = world.request(received_on="2026-11-01")  # eligibility due 2026-11-16
    assert keys(scan(world, "2026-11-23")) == {
        key("eligibility", "request", recent.id, world.staff, "2026-11-16")
    }  # seven days late: still sent
    assert keys(scan(world, "2026-11-24")) == set()  # eight: dropped
    world.setting("catch_up_days", 30)
    found = scan(world, "2026-11-24")
    assert {d.object_id for d in found} == {recent.id} and old.id not in {
        d.object_id for d in found
    }


def test_the_request_stage_clocks_stop_when_the_request_is_decided(world: Scenario) -> None:
    world.clock.at = at("2026-09-01", 9)
    request = world.request_in_review(received_on="2026-09-01")
    assert keys(scan(world, "2026-09-16")) == {
        key("eligibility", "request", request.id, world.staff, "2026-09-16")
    }
    assert keys(scan(world, "2026-11-16")) == {
        key("rapid_reaction_warning", "request", request.id, who, "2026-11-16")
        for who in (world.staff, world.admin)
    }
    world.fire("request", request.id, "decline", data={"reasons": "Out of scope."})
    assert keys(scan(world, "2026-11-16")) == set()
    assert keys(scan(world, "2026-12-01")) == set()


def test_an_owner_who_is_also_the_programme_manager_gets_one_reminder(world: Scenario) -> None:
    world.setting("programme_manager", "alice")
    world.clock.at = at("2026-09-01", 9)
    request = world.request_in_review(received_on="2026-09-01")
    found = [d for d in scan(world, "2026-11-16") if d.rule == "rapid_reaction_warning"]
    assert [d.key for d in found] == [
        key("rapid_reaction_warning", "request", request.id, world.staff, "2026-11-16")
    ]
    assert found[0].facts["role"] == "owner, programme_manager"


def test_a_suspension_moves_the_rapid_reaction_and_experts_clocks(world: Scenario) -> None:
    owner, manager = world.staff, world.admin
    action = action_received_on(world, "2026-09-01")  # rapid reaction due 2026-11-30
    first, second = (a.id for a in action.activities)
    submit(world, action, "2026-10-01")
    for member in world.psc:
        world.vote(action.id, member, "approve")
    world.clock.at = at("2026-11-01", 9)
    world.fire("action", action.id, "suspend", data={"reason": "Elections."})
    assert keys(scan(world, "2026-11-05")) == set()  # the clock stands while suspended
    world.clock.at = at("2026-11-11", 9)
    world.fire("action", action.id, "resume")  # ten days: due 2026-12-10
    assert world.get(Action, action.id).rapid_reaction_due_on == dt.date(2026, 12, 10)
    assert keys(scan(world, "2026-11-16")) == set()
    assert keys(scan(world, "2026-11-26")) == {
        key("rapid_reaction_warning", "action", action.id, who, "2026-11-26")
        for who in (owner, manager)
    }
    assert keys(scan(world, "2026-12-11")) == {
        key("rapid_reaction_missed", "action", action.id, who, "2026-12-11")
        for who in (owner, manager)
    }
    assert keys(scan(world, "2026-12-28")) == set()  # 11 January - 14 days, moved by ten
    assert keys(scan(world, "2027-01-07"), "experts_unconfirmed") == {
        key("experts_unconfirmed", "activity", first, owner, "2027-01-07")
    }
    assert keys(scan(world, "2027-01-17")) == {
        key("experts_unconfirmed", "activity", second, owner, "2027-01-17")
    }


def test_reports_are_reminded_while_suspended_and_to_an_expert_without_account(
    world: Scenario,
) -> None:
    action = action_received_on(world, "2026-09-01")
    first = action.activities[0].id
    submit(world, action, "2026-10-01")
    for member in world.psc:
        world.vote(action.id, member, "approve")
    outsider = world.new_expert("jan.kowalski@example.org", "Jan Kowalski", "PL")
    world.clock.at = at("2026-10-05", 9)
    world.fire("activity", first, "schedule", data={"expert_ids": [outsider.id]})
    hold(world, first, "2026-10-10", "2026-10-12")  # report due 2026-11-11
    world.clock.at = at("2026-11-01", 9)
    world.fire("action", action.id, "suspend", data={"reason": "Elections."})
    found = scan(world, "2026-11-08")
    assert keys(found, "report_due") == {
        key("report_due", "activity", first, who, "2026-11-08/due-2026-11-11")
        for who in ("jan.kowalski@example.org", world.staff)
    }


def test_the_digest_follows_quarters_half_years_and_years(world: Scenario) -> None:
    world.setting("programme_manager", "root")
    root = world.admin
    world.clock.at = at("2026-11-01", 9)
    world.request(received_on="2026-10-15")
    expected = {
        "2027-01-01": "2026",
        "2027-04-01": "2027-Q1",
        "2027-07-01": "2027-H1",
        "2027-10-01": "2027-Q3",
    }
    for day, period in expected.items():
        found = [d for d in scan(world, day) if d.rule == "digest"]
        assert [d.key for d in found] == [key("digest", "programme", 0, root, f"{day}/{period}")]
        assert found[0].facts["period"] == period
    yearly = next(d for d in scan(world, "2027-01-01") if d.rule == "digest")
    assert (yearly.facts["from"], yearly.facts["to"]) == ("2026-01-01", "2026-12-31")
    assert yearly.facts["requests_received"] == 1
    assert [d for d in scan(world, "2027-03-15") if d.rule == "digest"] == []


def test_a_changed_setting_applies_to_due_dates_set_after_the_change(world: Scenario) -> None:
    world.clock.at = at("2026-11-01", 9)
    before = world.request(received_on="2026-11-01")  # eligibility due 2026-11-16
    world.setting("eligibility_days", 20)
    after = world.request(received_on="2026-11-01")  # eligibility due 2026-11-21
    assert keys(scan(world, "2026-11-16")) == {
        key("eligibility", "request", before.id, world.staff, "2026-11-16")
    }
    assert keys(scan(world, "2026-11-21"), "eligibility") == {
        key("eligibility", "request", before.id, world.staff, "2026-11-16"),
        key("eligibility", "request", after.id, world.staff, "2026-11-21"),
    }


def test_a_returned_report_starts_a_new_series_on_its_new_due_date(world: Scenario) -> None:
    action = action_received_on(world, "2026-09-01")
    first = action.activities[0].id
    submit(world, action, "2026-10-01")
    for member in world.psc:
        world.vote(action.id, member, "approve")
    world.clock.at = at("2026-10-05", 9)
    world.scheduled_activity(action, 0)
    hold(world, first, "2026-10-10", "2026-10-12")  # report due 2026-11-11
    report = {"report": "Too short.", "participant_feedback": "Useful."}
    world.clock.at = at("2026-11-05", 9)
    world.fire("activity", first, "submit_report", data=report)
    world.clock.at = at("2026-11-06", 9)
    world.fire("activity", first, "return_report", comment="Add the figures.")
    found = keys(scan(world, "2026-11-17"), "report_due", "report_overdue")
    assert found == {
        key("report_due", "activity", first, who, "2026-11-17/due-2026-11-20")
        for who in (world.expert_user, world.staff)
    }
