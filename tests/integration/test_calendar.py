"""Each user's iCalendar feed lists exactly their scheduled activities, behind a secret link
that a renewal replaces (the old one then answers 404)."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from icalendar import Calendar

from db.models import Action, Activity
from tests.support import PASSWORD, Scenario


def signed_in(app: Any, user: Any) -> Any:
    client = app.test_client()
    client.post("/login", data={"username": user.username, "password": PASSWORD})
    return client


def feed_path(client: Any) -> str:
    page = client.get("/account/calendar")
    assert page.status_code == 200
    found = re.search(r'value="http://localhost(/calendar/[^"]+\.ics)"', page.text)
    assert found, page.text
    return found.group(1)


def events(app: Any, path: str) -> dict[int, Any]:
    """The feed's events by activity id, read by the icalendar package (no session)."""
    answer = app.test_client().get(path)
    assert answer.status_code == 200 and answer.mimetype == "text/calendar"
    found = Calendar.from_ical(answer.data).walk("VEVENT")
    return {int(str(e["UID"]).split("-")[1].split("@")[0]): e for e in found}


def test_each_feed_lists_exactly_the_users_scheduled_activities(
    api_app: Any, world: Scenario
) -> None:
    first = world.approved_action(activities=3)
    mine = world.scheduled_activity(first, 0)  # Marie, owned by Alice
    world.held_activity(first, 1)  # Marie too, but held: no longer in a calendar
    second = world.approved_action()
    world.edit("action", second.id, {"owner_id": world.staff2.id}, comment="New owner.")
    jan = world.new_expert("jan@example.org", "Jan K.")
    world.user("jan", "expert", email="jan@example.org")
    theirs = world.get(Action, second.id).activities[0]
    world.fire("activity", theirs.id, "schedule", data={"expert_ids": [jan.id]})

    expected = {
        world.expert_user: {mine.id},
        world.staff: {mine.id},
        world.staff2: {theirs.id},
        world.focal: {mine.id, theirs.id},  # linked to both Actions
        world.psc[0]: set(),
    }
    for user, activity_ids in expected.items():
        listed = events(api_app, feed_path(signed_in(api_app, user)))
        assert set(listed) == activity_ids, user.username
    event = events(api_app, feed_path(signed_in(api_app, world.expert_user)))[mine.id]
    activity = world.get(Activity, mine.id)
    assert event["DTSTART"].dt == activity.planned_start
    assert event["DTEND"].dt == activity.planned_end + dt.timedelta(days=1)
    assert str(event["SUMMARY"]).startswith(activity.title)
    assert str(event["LOCATION"]) == "Bangkok" and "Marie Dupont" in str(event["DESCRIPTION"])


def test_a_renewed_link_replaces_the_old_one(api_app: Any, world: Scenario) -> None:
    client = signed_in(api_app, world.expert_user)
    old = feed_path(client)
    assert feed_path(client) == old  # shown again, the same until renewed
    assert api_app.test_client().get(old).status_code == 200
    renewed = client.post("/account/calendar")
    assert renewed.status_code == 302
    new = feed_path(client)
    assert new != old
    assert api_app.test_client().get(old).status_code == 404
    assert api_app.test_client().get(new).status_code == 200
    user_id, mac = new.removeprefix("/calendar/").removesuffix(".ics").split("-")
    forged = f"/calendar/{world.staff.id}-{mac}.ics"  # another user's id with this secret
    for wrong in (forged, "/calendar/nothing.ics", f"/calendar/{user_id}-{'0' * 64}.ics"):
        assert api_app.test_client().get(wrong).status_code == 404, wrong
