"""The admin's pages and everyone's password page, through Flask's test client.

Each test checks the page's answer and what the database holds afterwards.
"""

from __future__ import annotations

import re
from typing import Any

import pytest
from flask.testing import FlaskClient

from db.models import Country, Setting, User
from tests.support import PASSWORD, Scenario


def signed_in(app: Any, username: str, password: str = PASSWORD) -> FlaskClient:
    client: FlaskClient = app.test_client()
    answer = client.post("/login", data={"username": username, "password": password})
    assert answer.status_code == 302, f"{username} could not log in"
    return client


def text(answer: Any) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", answer.get_data(as_text=True)))


def can_log_in(app: Any, username: str, password: str) -> bool:
    answer = app.test_client().post("/login", data={"username": username, "password": password})
    return answer.status_code == 302


@pytest.fixture
def admin(api_app: Any, world: Scenario) -> FlaskClient:
    return signed_in(api_app, world.admin.username)


def test_only_an_admin_reaches_the_admin_pages(api_app: Any, world: Scenario) -> None:
    staff = signed_in(api_app, world.staff.username)
    for path in ("/admin/users", "/admin/settings", "/admin/reference"):
        assert staff.get(path).status_code == 403
    assert "Users" not in re.findall(r'header__link" href="[^"]+">([^<]+)<', staff.get("/").text)


def test_an_admin_adds_a_user_who_can_then_log_in(
    api_app: Any, admin: FlaskClient, world: Scenario
) -> None:
    before = world.count(User)
    answer = admin.post(
        "/admin/users",
        data={
            "username": "nadia",
            "full_name": "Nadia Focal",
            "email": "nadia@ministry.example",
            "roles": ["focal_point"],
            "password": "a long enough password",
        },
    )
    assert answer.status_code == 302
    assert can_log_in(api_app, "nadia", "a long enough password")
    refused = admin.post(
        "/admin/users",
        data={
            "username": "omar",
            "roles": ["expert"],
            "password": "a long enough password",
        },
    )
    assert refused.status_code == 422
    assert "Focal point and expert users need an e-mail address." in text(refused)
    assert 'value="omar"' in refused.text  # what was typed is kept
    assert world.count(User) == before + 1  # Nadia, and not Omar


def test_roles_change_but_an_elector_of_an_open_round_keeps_psc(
    admin: FlaskClient, world: Scenario
) -> None:
    action = world.submitted_action()
    member = world.psc[0]
    refused = admin.post(f"/admin/users/{member.id}", data={"change": "roles", "roles": ["staff"]})
    assert refused.status_code == 422
    assert f"is in the electorate of an open PSC round (Action {action.id})" in text(refused)
    assert world.get(User, member.id).roles == {"psc"}
    saved = admin.post(
        f"/admin/users/{world.staff2.id}", data={"change": "roles", "roles": ["staff", "psc"]}
    )
    assert saved.status_code == 302
    assert world.get(User, world.staff2.id).roles == {"staff", "psc"}


def test_a_reset_password_and_a_deactivation_take_effect_at_once(
    api_app: Any, admin: FlaskClient, world: Scenario
) -> None:
    staff2 = signed_in(api_app, world.staff2.username)
    answer = admin.post(
        f"/admin/users/{world.staff2.id}", data={"change": "password", "password": "short"}
    )
    assert answer.status_code == 422
    assert "Use at least" in text(answer)
    admin.post(
        f"/admin/users/{world.staff2.id}",
        data={"change": "password", "password": "a brand new password"},
    )
    assert can_log_in(api_app, world.staff2.username, "a brand new password")
    assert not can_log_in(api_app, world.staff2.username, PASSWORD)
    admin.post(f"/admin/users/{world.staff2.id}", data={"change": "deactivate"})
    assert world.get(User, world.staff2.id).active is False
    assert staff2.get("/").status_code == 302  # their open session ends too
    assert not can_log_in(api_app, world.staff2.username, "a brand new password")


def test_a_setting_is_saved_within_its_bounds_and_refused_outside_them(
    admin: FlaskClient, world: Scenario
) -> None:
    assert (
        admin.post("/admin/settings", data={"key": "psc_vote_days", "value": "12"}).status_code
        == 302
    )
    refused = admin.post("/admin/settings", data={"key": "psc_vote_days", "value": "-3"})
    assert refused.status_code == 422
    assert "psc_vote_days" in text(refused)
    assert world.get(Setting, "psc_vote_days").value == 12
    page = text(admin.get("/admin/settings"))
    assert "Days from submission to the PSC decision. Unit: days." in page


def test_an_admin_makes_a_country_a_partner_but_never_a_member_state(
    admin: FlaskClient, world: Scenario
) -> None:
    assert world.get(Country, "NO").region_code is None
    answer = admin.post(
        "/admin/reference",
        data={
            "country": "NO",
            "region": "european_neighbourhood",
            "instruments": ["NDICI"],
        },
    )
    assert answer.status_code == 302
    assert world.get(Country, "NO").region_code == "european_neighbourhood"
    refused = admin.post(
        "/admin/reference",
        data={
            "country": "FR",
            "region": "european_neighbourhood",
            "instruments": ["NDICI"],
        },
    )
    assert refused.status_code == 422
    assert "is an EU Member State, never a partner." in text(refused)
    assert world.get(Country, "FR").region_code is None


def test_a_user_changes_their_own_password(api_app: Any, world: Scenario) -> None:
    client = signed_in(api_app, world.staff.username)
    wrong = client.post(
        "/account/password",
        data={
            "current_password": "nope",
            "new_password": "another password",
            "confirm_password": "another password",
        },
    )
    assert wrong.status_code == 422
    assert "This is not your current password." in text(wrong)
    mismatch = client.post(
        "/account/password",
        data={
            "current_password": PASSWORD,
            "new_password": "another password",
            "confirm_password": "another passw0rd",
        },
    )
    assert "The two new passwords are not the same." in text(mismatch)
    done = client.post(
        "/account/password",
        data={
            "current_password": PASSWORD,
            "new_password": "another password",
            "confirm_password": "another password",
        },
    )
    assert done.status_code == 302
    assert can_log_in(api_app, world.staff.username, "another password")


def test_a_failed_message_is_listed_with_its_error_and_retried(
    api_app: Any, admin: FlaskClient, world: Scenario
) -> None:
    import datetime as dt

    import sqlalchemy as sa

    from db.models import OutboxMessage, OutboxStatus
    from workflow.services import Due, enqueue

    due = Due(
        rule="evaluation",
        object_kind="action",
        object_id=1,
        recipient_user_id=world.staff.id,
        recipient_email=None,
        occurrence="2026-11-20",
        due_on=dt.date(2026, 11, 20),
    )
    enqueue(world.uow(), [due])
    with world.uow() as uow:
        uow.session.execute(
            sa.update(OutboxMessage).values(
                status=OutboxStatus.FAILED, attempts=8, last_error="550 mailbox unavailable"
            )
        )
        uow.commit()
    page = admin.get("/admin/outbox")
    assert "550 mailbox unavailable" in page.text and ">Retry<" in page.text
    assert "No mail server is set" in page.text  # no MIEUX_SMTP_HOST in the tests
    with world.uow() as uow:
        message_id = uow.session.scalars(sa.select(OutboxMessage.id)).one()
    assert admin.post("/admin/outbox", data={"message": message_id}).status_code == 302
    with world.uow() as uow:
        row = uow.session.scalars(sa.select(OutboxMessage)).one()
        assert (row.status, row.attempts) == (OutboxStatus.PENDING, 0)
    again = admin.post("/admin/outbox", data={"message": message_id})
    assert again.status_code == 422
    assert "Only a failed message can be retried." in text(again)
    staff = signed_in(api_app, world.staff.username)
    assert staff.get("/admin/outbox").status_code == 403
