"""Accounts in the workflow: passwords, invitation and reset links through the outbox and a
real SMTP server, the login throttle, and the append-only audit trail (both databases)."""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from collections.abc import Callable

import pytest
import sqlalchemy as sa
from werkzeug.security import generate_password_hash

from db.models import AccountLink, AuditEntry, LoginFailure, Notification, OutboxMessage, User
from notifications.mail import SmtpMailer
from notifications.outbox import deliver
from tests.smtp import BASE_URL, SmtpServer
from tests.support import PASSWORD, Scenario
from workflow.admin import passwords
from workflow.admin.links import issue_link
from workflow.services import (
    FixedClock,
    LinkState,
    Throttled,
    UnitOfWork,
    ValidationFailed,
    add_user,
    authenticate,
    change_password,
    check_link,
    request_reset,
    reset_password,
    set_partner_country,
    set_password_by_link,
    set_preferences,
    set_roles,
    tokens,
    update_setting,
)
from workflow.services import deactivate_user as deactivate

LINK = re.compile(re.escape(BASE_URL) + r"/account/set-password/([A-Za-z0-9_-]+)")
NEW_PASSWORD = "a brand new passphrase"


def deliver_all(uow_factory: Callable[[], UnitOfWork], mailer: SmtpMailer, clock: FixedClock):
    return deliver(uow_factory, mailer, clock.now())


def link_in(message: object) -> str:
    """The one-time token of the link in both parts of an e-mail (the same link)."""
    text = message.get_body(("plain",)).get_content()  # type: ignore[attr-defined]
    html = message.get_body(("html",)).get_content()  # type: ignore[attr-defined]
    [token] = LINK.findall(text)
    assert LINK.findall(html) == [token]
    return token


def stored(uow_factory: Callable[[], UnitOfWork], model: type, *where: object) -> list:
    with uow_factory() as uow:
        return list(uow.session.scalars(sa.select(model).where(*where)))


# passwords


def test_passwords_are_argon2id_and_twelve_characters_everywhere(
    uow_factory: Callable[[], UnitOfWork], world: Scenario
) -> None:
    short = "eleven chars"[:11]
    with pytest.raises(ValidationFailed) as refused:
        add_user(uow_factory(), "nina", ["staff"], short)
    assert [r.message for r in refused.value.reasons] == ["Use at least 12 characters."]
    with pytest.raises(ValidationFailed, match="at least 12"):
        reset_password(uow_factory(), world.admin.id, world.staff.id, short)
    with pytest.raises(ValidationFailed, match="at least 12"):
        change_password(uow_factory(), world.staff.id, PASSWORD, short)
    [user] = stored(uow_factory, User, User.id == world.staff.id)
    assert user.password_hash.startswith("$argon2id$")
    assert authenticate(uow_factory(), "alice", PASSWORD) is not None


def test_an_older_hash_still_verifies_and_is_upgraded_at_login(
    uow_factory: Callable[[], UnitOfWork], world: Scenario
) -> None:
    legacy = generate_password_hash(PASSWORD, method="pbkdf2:sha256:1000")
    with uow_factory() as uow:
        uow.session.get(User, world.staff.id).password_hash = legacy  # type: ignore[union-attr]
        uow.commit()
    assert authenticate(uow_factory(), "alice", "wrong password!") is None
    [user] = stored(uow_factory, User, User.id == world.staff.id)
    assert user.password_hash == legacy  # a failure upgrades nothing
    assert authenticate(uow_factory(), "alice", PASSWORD) is not None
    [user] = stored(uow_factory, User, User.id == world.staff.id)
    assert user.password_hash.startswith("$argon2id$") and not passwords.needs_upgrade(
        user.password_hash
    )
    assert authenticate(uow_factory(), "alice", PASSWORD) is not None


# invitation and reset links, read back from a real SMTP server


def test_an_invited_user_chooses_a_password_through_a_one_time_link(
    uow_factory: Callable[[], UnitOfWork],
    world: Scenario,
    clock: FixedClock,
    smtp: SmtpServer,
    mailer: SmtpMailer,
) -> None:
    nadia = add_user(
        uow_factory(),
        "nadia",
        ["staff"],
        None,
        "Nadia@Example.org",
        "Nadia Haddad",
        by=world.admin.id,
    )
    [user] = stored(uow_factory, User, User.id == nadia.id)
    assert user.password_hash == passwords.UNUSABLE
    assert authenticate(uow_factory(), "nadia", passwords.UNUSABLE) is None
    [row] = stored(uow_factory, OutboxMessage, OutboxMessage.rule == "invitation")
    assert row.recipient_user_id == nadia.id and "link_token" not in row.facts
    assert stored(uow_factory, Notification, Notification.user_id == nadia.id) == []

    assert deliver_all(uow_factory, mailer, clock) == {"sent": 1}
    [(recipients, message)] = smtp.inbox.received
    assert recipients == ["nadia@example.org"]
    assert message["To"] == "Nadia Haddad <nadia@example.org>"
    assert message["Subject"] == "Your MIEUX Workflow account: choose your password"
    assert "Dear Nadia Haddad," in message.get_body(("plain",)).get_content()
    token = link_in(message)
    # Only the token's hash is stored, nowhere the token itself.
    [link] = stored(uow_factory, AccountLink, AccountLink.user_id == nadia.id)
    assert link.token_hash == hashlib.sha256(token.encode()).hexdigest()
    assert link.purpose == "invitation" and link.expires_at == clock.now() + dt.timedelta(days=7)
    [row] = stored(uow_factory, OutboxMessage, OutboxMessage.rule == "invitation")
    assert token not in str(row.facts)

    assert check_link(uow_factory(), token).state is LinkState.VALID
    with pytest.raises(ValidationFailed, match="at least 12"):
        set_password_by_link(uow_factory(), token, "too short")
    assert set_password_by_link(uow_factory(), token, NEW_PASSWORD) == "nadia"
    assert authenticate(uow_factory(), "nadia", NEW_PASSWORD) is not None
    assert check_link(uow_factory(), token).state is LinkState.USED
    with pytest.raises(ValidationFailed, match="already been used"):
        set_password_by_link(uow_factory(), token, "yet another passphrase")
    assert authenticate(uow_factory(), "nadia", NEW_PASSWORD) is not None


def test_a_reset_link_expires_and_a_newer_one_replaces_it(
    uow_factory: Callable[[], UnitOfWork],
    world: Scenario,
    clock: FixedClock,
    smtp: SmtpServer,
    mailer: SmtpMailer,
) -> None:
    request_reset(uow_factory(), " MARIE.DUPONT@example.org ")
    request_reset(uow_factory(), "nobody@example.org")  # no account: nothing at all
    request_reset(uow_factory(), "marie.dupont@example.org")  # the same minute: one e-mail
    deliver_all(uow_factory, mailer, clock)
    [(recipients, first)] = smtp.inbox.received
    assert recipients == ["marie.dupont@example.org"]
    assert first["Subject"] == "MIEUX Workflow: set a new password"
    expired = link_in(first)
    clock.advance(dt.timedelta(minutes=61))  # reset_expiry_minutes is 60
    assert check_link(uow_factory(), expired).state is LinkState.EXPIRED
    with pytest.raises(ValidationFailed, match="expired"):
        set_password_by_link(uow_factory(), expired, NEW_PASSWORD)

    request_reset(uow_factory(), "marie.dupont@example.org")
    request_reset(uow_factory(), "marie.dupont@example.org")
    deliver_all(uow_factory, mailer, clock)
    clock.advance(dt.timedelta(minutes=1))
    request_reset(uow_factory(), "marie.dupont@example.org")
    deliver_all(uow_factory, mailer, clock)
    older, newer = (link_in(m) for m in smtp.inbox.messages[1:])
    assert check_link(uow_factory(), older).state is LinkState.USED  # replaced
    assert check_link(uow_factory(), "not-a-token").state is LinkState.UNKNOWN
    set_password_by_link(uow_factory(), newer, NEW_PASSWORD)
    assert authenticate(uow_factory(), "marie", PASSWORD) is None
    assert authenticate(uow_factory(), "marie", NEW_PASSWORD) is not None


def test_a_link_half_issued_is_not_kept_and_the_older_link_still_works(
    uow_factory: Callable[[], UnitOfWork],
    engine: sa.Engine,
    world: Scenario,
    clock: FixedClock,
    smtp: SmtpServer,
    mailer: SmtpMailer,
) -> None:
    """Issuing a link revokes the older ones and stores the new one: both or neither, also
    in PostgreSQL's delivery pass, whose connection is in autocommit."""
    request_reset(uow_factory(), "marie.dupont@example.org")
    deliver_all(uow_factory, mailer, clock)
    older = link_in(smtp.inbox.messages[0])
    clock.advance(dt.timedelta(minutes=1))
    request_reset(uow_factory(), "marie.dupont@example.org")

    def no_new_link(conn: object, cursor: object, sql: str, *args: object) -> None:
        if sql.startswith("INSERT INTO account_links"):
            raise RuntimeError("the disk is full")

    sa.event.listen(engine, "before_cursor_execute", no_new_link)
    try:
        with pytest.raises(RuntimeError, match="the disk is full"):
            deliver_all(uow_factory, mailer, clock)
    finally:
        sa.event.remove(engine, "before_cursor_execute", no_new_link)
    assert len(smtp.inbox.messages) == 1  # nothing sent with a link that does not exist
    assert check_link(uow_factory(), older).state is LinkState.VALID  # not revoked
    assert len(stored(uow_factory, AccountLink)) == 1


def test_a_password_set_by_link_ends_the_users_sessions(
    uow_factory: Callable[[], UnitOfWork], world: Scenario, clock: FixedClock
) -> None:
    before = authenticate(uow_factory(), "marie", PASSWORD)
    assert before is not None
    with uow_factory() as uow:  # as the delivery of a reset e-mail issues it
        token, _ = issue_link(uow.session, world.expert_user.id, "password_reset", clock.now())
        uow.commit()
    set_password_by_link(uow_factory(), token, NEW_PASSWORD)
    after = authenticate(uow_factory(), "marie", NEW_PASSWORD)
    assert after is not None and after.generation == before.generation + 1


# throttling


def fail(uow_factory: Callable[[], UnitOfWork], username: str, address: str, n: int) -> None:
    for _ in range(n):
        assert authenticate(uow_factory(), username, "not the password", address) is None


def test_failed_logins_are_throttled_per_account_and_a_success_resets_nothing(
    uow_factory: Callable[[], UnitOfWork], world: Scenario, clock: FixedClock
) -> None:
    fail(uow_factory, "alice", "10.0.0.1", 3)
    assert authenticate(uow_factory(), "alice", PASSWORD, "10.0.0.2") is not None
    fail(uow_factory, "alice", "10.0.0.3", 2)  # 5 failures in the window: the limit
    clock.advance(dt.timedelta(minutes=1))
    with pytest.raises(Throttled) as throttled:  # the right password waits too
        authenticate(uow_factory(), "alice", PASSWORD, "10.0.0.2")
    # Free when the oldest of the last five failures leaves the 15-minute window.
    assert throttled.value.retry_after == 14 * 60
    assert "try again in 14 minutes" in throttled.value.message
    with pytest.raises(Throttled):
        tokens.issue_for_password(uow_factory(), "alice", PASSWORD, "10.0.0.9")
    assert authenticate(uow_factory(), "carol", PASSWORD, "10.0.0.1") is not None  # others
    counted = stored(uow_factory, LoginFailure, LoginFailure.scope == "account")
    assert sorted(f.key for f in counted) == ["alice"] * 5  # throttled tries do not count
    clock.advance(dt.timedelta(minutes=14))
    assert authenticate(uow_factory(), "alice", PASSWORD, "10.0.0.2") is not None


def test_failed_logins_are_throttled_per_address_whatever_the_username(
    uow_factory: Callable[[], UnitOfWork], world: Scenario, clock: FixedClock
) -> None:
    update_setting(uow_factory(), world.admin.id, "login_failures_per_address", 3)
    for name in ("psc1", "psc2", "no-such-user"):
        fail(uow_factory, name, "192.0.2.7", 1)
    with pytest.raises(Throttled) as throttled:
        authenticate(uow_factory(), "psc3", PASSWORD, "192.0.2.7")
    assert throttled.value.retry_after == 15 * 60
    assert authenticate(uow_factory(), "psc3", PASSWORD, "192.0.2.8") is not None


# the audit trail


def test_admin_actions_are_audited_with_before_and_after(
    uow_factory: Callable[[], UnitOfWork], world: Scenario, clock: FixedClock
) -> None:
    admin = world.admin.id
    added = add_user(uow_factory(), "omar", ["staff"], None, "omar@example.org", "Omar", by=admin)
    set_roles(uow_factory(), admin, added.id, ["staff", "psc"])
    reset_password(uow_factory(), admin, added.id, NEW_PASSWORD)
    update_setting(uow_factory(), admin, "eligibility_days", 20)
    set_partner_country(uow_factory(), admin, "TH", "asia", ["NDICI"])
    deactivate(uow_factory(), admin, added.id)
    with uow_factory() as uow:
        trail = [
            (e.actor_name, e.action, e.object_key, e.before, e.after)
            for e in uow.session.scalars(sa.select(AuditEntry).order_by(AuditEntry.id))
        ]
    omar = {
        "username": "omar",
        "full_name": "Omar",
        "email": "omar@example.org",
        "roles": ["staff"],
        "active": True,
    }
    with_psc = omar | {"roles": ["staff", "psc"]}
    # The Scenario's users were added as from the command line (no admin), before.
    assert {t[:2] for t in trail[:-6]} == {("(command line)", "user.add")}
    assert trail[-6:] == [
        ("root", "user.add", "omar", None, omar | {"password": "invited"}),
        ("root", "user.roles", "omar", omar, with_psc),
        (
            "root",
            "user.password_reset",
            "omar",
            {"password": "not set"},
            {"password": "set by an admin"},
        ),
        (
            "root",
            "setting.change",
            "eligibility_days",
            {"eligibility_days": 15},
            {"eligibility_days": 20},
        ),
        (
            "root",
            "reference.partner_country",
            "TH",
            {"region": "asia", "instruments": ["DCI", "NDICI"]},
            {"region": "asia", "instruments": ["NDICI"]},
        ),
        ("root", "user.deactivate", "omar", with_psc, with_psc | {"active": False}),
    ]
    assert "password_hash" not in str(trail) and NEW_PASSWORD not in str(trail)


def test_a_refused_admin_action_leaves_no_audit_row(
    uow_factory: Callable[[], UnitOfWork], world: Scenario
) -> None:
    count = len(stored(uow_factory, AuditEntry))
    with pytest.raises(ValidationFailed):
        update_setting(uow_factory(), world.admin.id, "eligibility_days", 0)
    assert len(stored(uow_factory, AuditEntry)) == count


def test_the_audit_trail_is_append_only_in_the_orm_and_in_the_database(
    uow_factory: Callable[[], UnitOfWork], world: Scenario
) -> None:
    with uow_factory() as uow, pytest.raises(PermissionError):
        entry = uow.session.scalars(sa.select(AuditEntry)).first()
        assert entry is not None
        entry.action = "forged"
        uow.session.flush()
    for statement in ("UPDATE audit_log SET action = 'forged'", "DELETE FROM audit_log"):
        with uow_factory() as uow, pytest.raises(sa.exc.DBAPIError, match="append-only"):
            uow.session.execute(sa.text(statement))
    actions = {e.action for e in stored(uow_factory, AuditEntry)}
    assert actions == {"user.add"}


def test_a_username_or_address_the_database_cannot_hold_is_refused_quietly(
    uow_factory: Callable[[], UnitOfWork], world: Scenario
) -> None:
    for name in ("ali\x00ce", "ali\ud800ce"):
        assert authenticate(uow_factory(), name, PASSWORD, "10.0.0.1") is None
        request_reset(uow_factory(), name + "@example.org")
    assert stored(uow_factory, LoginFailure) == [] and stored(uow_factory, OutboxMessage) == []


def test_account_emails_ignore_the_notice_preferences(
    uow_factory: Callable[[], UnitOfWork],
    world: Scenario,
    clock: FixedClock,
    smtp: SmtpServer,
    mailer: SmtpMailer,
) -> None:
    marie = world.expert_user.id
    for email, daily_digest in ((False, False), (True, True)):  # e-mails off; a daily digest
        set_preferences(uow_factory(), marie, email, daily_digest)
        clock.advance(dt.timedelta(minutes=1))
        request_reset(uow_factory(), "marie.dupont@example.org")
        assert deliver_all(uow_factory, mailer, clock) == {"sent": 1}
    subjects = [m["Subject"] for m in smtp.inbox.messages]
    assert subjects == ["MIEUX Workflow: set a new password"] * 2
