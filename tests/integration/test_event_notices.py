"""Event notices: each lifecycle event writes exactly its outbox rows, in the transaction of
the transition that causes it, and the e-mails reach a real SMTP server (aiosmtpd)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import pytest

from db.models import Action, Activity, OutboxStatus
from notifications.mail import SmtpMailer
from notifications.outbox import deliver
from tests.integration.notice_support import (
    by_recipient,
    give_address,
    keys,
    notices_of,
    outbox,
    parts,
)
from tests.smtp import BASE_URL, SmtpServer
from tests.support import FOCAL_EMAIL, Scenario
from workflow.services import GuardFailed, UnitOfWork, close_silent_rounds, fire_transition

NOW = dt.datetime(2026, 11, 27, 9, 0, tzinfo=dt.UTC)
ALICE = "alice@example.org"
PAT = "pat@example.org"


@pytest.fixture
def owner_with_address(world: Scenario, uow_factory: Callable[[], UnitOfWork]) -> int:
    """Alice, the staff member who owns every Action of the scenario, with an address."""
    give_address(uow_factory, world.staff.id, ALICE)
    return world.staff.id


def test_the_vote_opening_and_the_decision_reach_the_electorate_and_the_owner(
    world: Scenario,
    uow_factory: Callable[[], UnitOfWork],
    owner_with_address: int,
    smtp: SmtpServer,
    mailer: SmtpMailer,
) -> None:
    pat = world.user("pat", "psc", email=PAT)
    electorate = [m.id for m in world.psc] + [pat.id]
    action = world.submitted_action()
    title = action.title
    link = f"{BASE_URL}/actions/{action.id}"

    assert keys(outbox(uow_factory)) == [
        ("fiche_validation", "action", action.id, str(world.focal.id), "validation-1"),
        *[("psc_vote_opened", "action", action.id, str(m), "round-1") for m in electorate],
    ]
    # psc1-3 have no address: in-app only; Pat and the focal point get an e-mail.
    assert deliver(uow_factory, mailer, NOW) == {"sent": 2, "in_app": 3}
    mails = by_recipient(smtp)
    assert set(mails) == {PAT, FOCAL_EMAIL}
    vote = mails[PAT]
    assert vote["To"] == f"Pat <{PAT}>"
    assert vote["Subject"] == (
        f"The PSC vote is open until 2026-12-07 (Action {action.id}: {title})"
    )
    plain, html = parts(vote)
    assert "Dear Pat," in plain and link in plain and "Psc deadline: 2026-12-07" in plain
    assert f'<a href="{link}">' in html and "Dear Pat," in html
    fiche = mails[FOCAL_EMAIL]
    assert fiche["Subject"] == (
        f"The Action Fiche waits for your validation (Action {action.id}: {title})"
    )
    assert link in parts(fiche)[0]
    assert all(notices_of(uow_factory, m) == ["psc_vote_opened"] for m in electorate)

    for member in [*world.psc, pat]:
        world.vote(action.id, member, "approve")
    decided = outbox(uow_factory, "psc_decision")
    assert keys(decided) == [
        ("psc_decision", "action", action.id, str(u), "round-1")
        for u in [owner_with_address, *electorate]
    ]
    assert decided[0].facts == {"outcome": "approved", "round": 1, "role": "owner", "title": title}
    smtp.inbox.received.clear()
    assert deliver(uow_factory, mailer, NOW) == {"sent": 2, "in_app": 3}
    mails = by_recipient(smtp)
    assert set(mails) == {ALICE, PAT}
    subject = f"The PSC has decided: approved (Action {action.id}: {title})"
    assert mails[ALICE]["Subject"] == subject and mails[ALICE]["To"] == f"Alice <{ALICE}>"
    plain, html = parts(mails[ALICE])
    assert "Dear Alice," in plain and "Outcome: approved" in plain and link in plain
    assert f'<a href="{link}">' in html
    # Delivered once: a second pass sends nothing.
    assert deliver(uow_factory, mailer, NOW) == {}


def test_a_rejection_names_its_reason_and_changes_requested_ask_the_partner_again(
    world: Scenario, uow_factory: Callable[[], UnitOfWork]
) -> None:
    rejected = world.submitted_action()
    world.vote(rejected.id, world.psc[0], "reject", "Out of the programme's scope.")
    [owner, *_] = outbox(uow_factory, "psc_decision")
    assert owner.recipient == str(world.staff.id) and owner.occurrence == "round-1"
    assert owner.facts["outcome"] == "rejected"
    assert owner.facts["reason"] == "Rejected by the PSC: Out of the programme's scope."

    changed = world.submitted_action()
    world.vote(changed.id, world.psc[0], "request_changes", "Add a study visit.")
    for member in world.psc[1:]:
        world.vote(changed.id, member, "approve")
    asked = [k for k in keys(outbox(uow_factory, "fiche_validation")) if k[2] == changed.id]
    # The first validation, then, the Fiche back in drafting without it, the second.
    assert asked == [
        ("fiche_validation", "action", changed.id, str(world.focal.id), "validation-1"),
        ("fiche_validation", "action", changed.id, str(world.focal.id), "validation-2"),
    ]
    [decision] = [r for r in outbox(uow_factory, "psc_decision") if r.object_id == changed.id][:1]
    assert decision.facts["outcome"] == "changes requested"


def test_the_silence_procedure_tells_the_owner_and_the_electorate(
    world: Scenario, uow_factory: Callable[[], UnitOfWork]
) -> None:
    world.setting("silence_procedure", True)
    action = world.submitted_action()
    world.vote(action.id, world.psc[0], "approve")
    world.clock.at = NOW + dt.timedelta(days=11)
    assert close_silent_rounds(uow_factory) == [(action.id, "approve")]
    decided = outbox(uow_factory, "psc_decision")
    assert [r.recipient for r in decided] == [str(u.id) for u in [world.staff, *world.psc]]
    assert decided[0].facts["silence_procedure"] == "silence counted as approval"
    assert decided[0].due_on == dt.date(2026, 12, 8)


def test_a_fiche_edited_after_its_validation_asks_the_focal_point_again_once(
    world: Scenario, uow_factory: Callable[[], UnitOfWork]
) -> None:
    action = world.action()
    world.fire("action", action.id, "validate_fiche", by=world.focal)
    world.edit("action", action.id, {"objectives": "Better identification of victims."})
    world.edit("action", action.id, {"context": "A referral mechanism exists since 2014."})
    world.add_activity(action.id, 3)
    assert [r.occurrence for r in outbox(uow_factory, "fiche_validation")] == [
        "validation-1",
        "validation-2",
    ]


def test_refused_or_rolled_back_transitions_enqueue_nothing(
    world: Scenario, uow_factory: Callable[[], UnitOfWork]
) -> None:
    action = world.action()
    before = keys(outbox(uow_factory))
    with pytest.raises(GuardFailed):  # the partner has not validated the Fiche
        world.fire("action", action.id, "submit_to_psc")
    world.fire("action", action.id, "validate_fiche", by=world.focal)

    class CommitFails(UnitOfWork):
        def commit(self) -> None:
            raise RuntimeError("the database went away")

    failing = CommitFails(world.uow().session_factory, world.clock)
    with pytest.raises(RuntimeError):
        fire_transition(failing, "action", action.id, "submit_to_psc", world.staff.id)
    assert keys(outbox(uow_factory)) == before
    assert world.get(Action, action.id).psc_round == 0


def test_activity_events_reach_the_experts_and_the_owner(
    world: Scenario,
    uow_factory: Callable[[], UnitOfWork],
    owner_with_address: int,
    smtp: SmtpServer,
    mailer: SmtpMailer,
) -> None:
    jan = world.new_expert("jan@example.org", "Jan Novak", nationality="CZ")
    action = world.approved_action()
    activity = world.get(Action, action.id).activities[0]
    with pytest.raises(GuardFailed):  # no expert: refused, no notice
        world.fire("activity", activity.id, "schedule", data={"expert_ids": []})
    assert outbox(uow_factory, "activity_scheduled") == []
    experts = {"expert_ids": [world.expert.id, jan.id]}
    world.fire("activity", activity.id, "schedule", data=experts)
    marie = world.expert_user.id
    scheduled = outbox(uow_factory, "activity_scheduled")
    assert sorted((r.recipient, r.recipient_user_id) for r in scheduled) == sorted(
        [("jan@example.org", None), (str(marie), marie)]
    )
    assert {r.occurrence.split("/")[0] for r in scheduled} == {"2027-01-11"}

    smtp.inbox.received.clear()
    deliver(uow_factory, mailer, NOW)
    mails = by_recipient(smtp)
    link = f"{BASE_URL}/activities/{activity.id}"
    subject = (
        f"The activity is scheduled from 2027-01-11 to 2027-01-13 "
        f"(Activity {activity.id}: Workshop 1)"
    )
    assert mails["jan@example.org"]["Subject"] == subject
    assert mails["jan@example.org"]["To"] == "Jan Novak <jan@example.org>"
    plain, html = parts(mails["jan@example.org"])
    assert "Dear Jan Novak," in plain and link in plain and "Place: Bangkok" in plain
    assert f'<a href="{link}">' in html
    assert mails["marie.dupont@example.org"]["Subject"] == subject

    held = {
        "actual_start": "2026-11-18",
        "actual_end": "2026-11-20",
        "participants": {"total": 20, "women": 12, "men": 8},
    }
    world.fire("activity", activity.id, "mark_held", data=held)
    report = {"report": "Held as planned.", "participant_feedback": "Useful."}
    world.fire("activity", activity.id, "submit_report", by=world.expert_user, data=report)
    assert keys(outbox(uow_factory, "report_submitted")) == [
        ("report_submitted", "activity", activity.id, str(owner_with_address), "due-2026-12-20")
    ]
    world.fire("activity", activity.id, "return_report", comment="Add the attendance list.")
    returned = outbox(uow_factory, "report_returned")
    assert sorted((r.recipient, r.occurrence) for r in returned) == sorted(
        [("jan@example.org", "due-2026-12-11"), (str(marie), "due-2026-12-11")]
    )
    assert {r.facts["comment"] for r in returned} == {"Add the attendance list."}

    smtp.inbox.received.clear()
    assert deliver(uow_factory, mailer, NOW) == {"sent": 3}
    mails = by_recipient(smtp)
    assert mails[ALICE]["Subject"] == (
        f"The activity report was submitted (Activity {activity.id}: Workshop 1)"
    )
    assert "Submitted by: Marie" in parts(mails[ALICE])[0]
    back = parts(mails["jan@example.org"])[0]
    assert "new due date is 2026-12-11" in back and "Comment: Add the attendance list." in back
    # The staff member who returned the report is not told of their own act; a report they
    # submit themselves does not notify them either.
    assert world.get(Activity, activity.id).state == "held"
    world.fire("activity", activity.id, "submit_report", data=report)
    assert len(outbox(uow_factory, "report_submitted")) == 1
    assert all(r.status is OutboxStatus.SENT for r in outbox(uow_factory, "report_returned"))
