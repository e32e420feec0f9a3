"""In-app notifications in the web UI: the header's unread count, the list, mark as read."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from db.models import Notification
from tests.support import PASSWORD, Scenario
from workflow.services import Due, enqueue


def reminder(user_id: int, activity_id: int, day: str) -> Due:
    return Due(
        rule="report_due",
        object_kind="activity",
        object_id=activity_id,
        recipient_user_id=user_id,
        recipient_email=None,
        occurrence=day,
        due_on=dt.date.fromisoformat(day),
        facts={"title": "Workshop"},
    )


def unread_in_header(page: str) -> str | None:
    found = re.search(r'mieux-count">(\d+)<', page)
    return found.group(1) if found else None


def test_the_header_counts_unread_notices_and_the_list_marks_them_read(
    api_app: Any, world: Scenario
) -> None:
    action = world.approved_action()
    activity = world.get(type(action), action.id).activities[0]
    client = api_app.test_client()
    client.post("/login", data={"username": world.staff.username, "password": PASSWORD})
    client.post("/notifications/read-all")  # the PSC's decision on the owner's Action
    enqueue(
        world.uow(),
        [
            reminder(world.staff.id, activity.id, "2026-11-20"),
            reminder(world.staff.id, activity.id + 1, "2026-11-21"),
        ],
    )
    assert unread_in_header(client.get("/").text) == "2"
    listing = client.get("/notifications").text
    assert f'href="/activities/{activity.id}"' in listing
    first = world.count(Notification)
    notice_id = max(int(i) for i in re.findall(r"/notifications/(\d+)/read", listing))
    assert client.post(f"/notifications/{notice_id}/read").status_code == 302
    assert unread_in_header(client.get("/").text) == "1"
    assert client.post("/notifications/read-all").status_code == 302
    assert unread_in_header(client.get("/").text) is None
    assert world.count(Notification) == first  # read, not deleted
    other = api_app.test_client()
    other.post("/login", data={"username": world.staff2.username, "password": PASSWORD})
    assert other.post(f"/notifications/{notice_id}/read").status_code == 404  # not theirs


def test_a_reminder_names_its_object_by_its_title(world: Scenario) -> None:
    action = world.approved_action()
    activity = world.get(type(action), action.id).activities[0]
    bare = Due(
        rule="report_due",
        object_kind="activity",
        object_id=activity.id,
        recipient_user_id=world.staff.id,
        recipient_email=None,
        occurrence="2026-11-20",
        due_on=dt.date(2026, 11, 20),
    )
    enqueue(world.uow(), [bare])
    with world.uow() as uow:
        notice = uow.session.query(Notification).filter_by(rule="report_due").one()
    assert notice.subject.endswith(f"(Activity {activity.id}: {activity.title})")


def test_the_settings_page_saves_a_users_own_choice_and_refuses_unknown_values(
    api_app: Any, world: Scenario
) -> None:
    from workflow.services import my_preferences

    client = api_app.test_client()
    client.post("/login", data={"username": world.expert_user.username, "password": PASSWORD})
    page = client.get("/account/notifications").text
    assert 'value="on" checked' in page and 'value="single" checked' in page
    assert "no e-mail address" not in page  # Marie has one
    refused = client.post("/account/notifications", data={"email": "maybe", "delivery": "digest"})
    assert refused.status_code == 422 and "Choose one of the options." in refused.text
    assert my_preferences(world.uow(), world.expert_user.id).daily_digest is False
    saved = client.post("/account/notifications", data={"email": "on", "delivery": "digest"})
    assert saved.status_code == 302
    chosen = my_preferences(world.uow(), world.expert_user.id)
    assert (chosen.email, chosen.daily_digest, chosen.channel) == (True, True, "digest")
    # Someone else's settings are untouched.
    assert my_preferences(world.uow(), world.staff.id).channel == "in_app"  # no address
    assert my_preferences(world.uow(), world.staff.id).daily_digest is False
