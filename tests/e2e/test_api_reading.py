"""Pages, visibility, transitions, experts, notifications and figures, as a client reads them."""

from __future__ import annotations

import datetime as dt

from db.models import HistoryEntry, Notification
from tests.e2e.api_client import ApiClient
from tests.support import Scenario


def test_pages_default_to_20_cap_at_100_and_filter_by_state(
    api: ApiClient, world: Scenario
) -> None:
    for n in range(23):
        world.request(requester_name=f"Ministry {n}")
    first = api.ok(api.get("/requests", world.staff))
    assert (len(first["items"]), first["page"], first["per_page"], first["total"]) == (
        20,
        1,
        20,
        23,
    )
    last = api.ok(api.get("/requests", world.staff, page=2, per_page=500))
    assert (len(last["items"]), last["per_page"]) == (0, 100)
    second = api.ok(api.get("/requests", world.staff, page=2))
    assert [r["requester_name"] for r in second["items"]] == [
        "Ministry 20",
        "Ministry 21",
        "Ministry 22",
    ]
    world.fire("request", 1, "start_screening")
    in_review = api.ok(api.get("/requests", world.staff, state="eligibility_review"))
    assert [r["id"] for r in in_review["items"]] == [1]
    refused = api.get("/requests", world.staff, state="lost")
    assert refused.status_code == 422 and refused.get_json()["reasons"][0]["code"] == "state"


def test_a_focal_point_and_an_expert_see_only_what_is_theirs(
    api: ApiClient, world: Scenario
) -> None:
    linked = world.action(activities=1)
    world.action(activities=1, focal=False)
    assert [a["id"] for a in api.ok(api.get("/actions", world.focal))["items"]] == [linked.id]
    assert api.ok(api.get("/requests", world.focal))["total"] == 1
    assert api.ok(api.get("/activities", world.focal))["total"] == 1
    assert api.ok(api.get("/actions", world.expert_user))["total"] == 0
    experts = api.ok(api.get("/experts", world.expert_user))["items"]
    assert [e["email"] for e in experts] == [world.expert.email]
    assert api.ok(api.get("/experts", world.focal))["total"] == 0
    assert api.ok(api.get("/actions", world.psc[0]))["total"] == 2


def test_transitions_say_what_is_allowed_and_why_not(api: ApiClient, world: Scenario) -> None:
    action = world.action(activities=1)
    as_staff = {
        t["trigger"]: t for t in api.ok(api.get(f"/actions/{action.id}/transitions", world.staff))
    }
    assert as_staff["submit_to_psc"]["allowed"] is False
    assert [r["code"] for r in as_staff["submit_to_psc"]["reasons"]] == ["not_validated_by_partner"]
    assert as_staff["validate_fiche"]["reasons"][0]["code"] == "role_not_allowed"
    assert as_staff["cancel"] == {
        "trigger": "cancel",
        "label": "Cancel",
        "allowed": True,
        "reasons": [],
        "requires": ["reason"],
    }
    as_focal = api.ok(api.get(f"/actions/{action.id}/transitions", world.focal))
    assert [t["trigger"] for t in as_focal if t["allowed"]] == ["validate_fiche"]


def test_an_expert_is_added_and_edited_with_its_history(api: ApiClient, world: Scenario) -> None:
    payload = {
        "name": "Jan Novak",
        "email": "Jan.Novak@example.org",
        "nationality": "cz",
        "type": "eu_government",
        "gender": "male",
        "languages": ["cs", "en"],
        "availability": [{"start": "2027-01-01", "end": "2027-03-31"}],
        "thematic_areas": ["migration_development", "horizontal"],
    }
    expert = api.ok(api.post("/experts", world.staff, payload), 201)
    assert expert["thematic_areas"] == ["horizontal", "migration_development"]
    assert (expert["email"], expert["nationality"], expert["has_cv"]) == (
        "jan.novak@example.org",
        "CZ",
        False,
    )
    changed = api.ok(
        api.patch(
            f"/experts/{expert['id']}",
            world.staff,
            {"version": expert["version"], "has_cv": True, "nationality": "SK"},
        )
    )
    assert (changed["has_cv"], changed["nationality"], changed["version"]) == (True, "SK", 2)
    wrong = api.patch(
        f"/experts/{expert['id']}", world.staff, {"version": 2, "thematic_areas": ["fishing"]}
    )
    assert wrong.status_code == 422
    assert wrong.get_json()["reasons"][0]["code"] == "thematic_areas"
    stale = api.patch(f"/experts/{expert['id']}", world.staff, {"version": 1, "has_cv": False})
    assert stale.status_code == 409 and stale.get_json()["error"] == "stale"
    taken = api.patch(
        f"/experts/{expert['id']}", world.staff, {"version": 2, "email": world.expert.email}
    )
    assert taken.status_code == 422 and taken.get_json()["reasons"][0]["code"] == "email"
    assert (
        api.patch(
            f"/experts/{expert['id']}", world.psc[0], {"version": 2, "has_cv": False}
        ).status_code
        == 403
    )


def test_notifications_are_the_caller_s_own_and_are_marked_read(
    api: ApiClient, world: Scenario
) -> None:
    with world.uow() as uow:
        for user, subject in (
            (world.staff, "Eligibility due"),
            (world.staff, "Vote due"),
            (world.psc[0], "Vote"),
        ):
            uow.session.add(
                Notification(
                    user_id=user.id,
                    rule="eligibility",
                    object_kind="request",
                    object_id=1,
                    subject=subject,
                )
            )
        uow.commit()
    mine = api.ok(api.get("/notifications", world.staff))
    assert [n["subject"] for n in mine["items"]] == ["Vote due", "Eligibility due"]
    read = api.ok(api.post(f"/notifications/{mine['items'][0]['id']}/read", world.staff))
    assert read["read_at"] == "2026-11-27T09:00:00Z"
    unread = api.ok(api.get("/notifications", world.staff, unread="true"))
    assert [n["subject"] for n in unread["items"]] == ["Eligibility due"]
    others = api.post("/notifications/3/read", world.staff)
    assert others.status_code == 404


def test_the_figures_count_requests_actions_experts_and_participants(
    api: ApiClient, world: Scenario
) -> None:
    action = world.approved_action(activities=1)
    world.held_activity(action)
    world.request(received_on="2015-06-01", countries=["PE"])
    stats = api.ok(api.get("/stats", world.staff))
    assert stats["requests_total"] == 2
    assert stats["requests_by_year"] == {"2015": 1, "2026": 1}
    assert stats["actions_by_state"] == {"implementation": 1}
    assert stats["actions_by_country"] == {"TH": 1} and stats["countries_with_actions"] == 1
    received = dt.date(2026, 9, 1)
    assert stats["rapid_reaction"] == {
        "median_days": (dt.date(2026, 11, 18) - received).days,
        "share_within_90": 1.0,
    }
    assert stats["experts"]["deployed"] == 1 and stats["experts"]["by_member_state"] == {"FR": 1}
    assert stats["participants_by_gender"] == {"women": 12, "men": 8, "unspecified": 0}
    in_phase = api.ok(api.get("/stats", world.staff, phase="mieux_2"))
    assert (in_phase["requests_total"], in_phase["actions_total"]) == (1, 0)
    unknown = api.get("/stats", world.staff, region="atlantis")
    assert unknown.status_code == 422 and unknown.get_json()["reasons"][0]["code"] == "region"


def test_an_expert_patch_that_changes_nothing_writes_no_history(
    api: ApiClient, world: Scenario
) -> None:
    expert = world.expert
    before = world.count(HistoryEntry)
    same = api.ok(
        api.patch(
            f"/experts/{expert.id}",
            world.staff,
            {"version": expert.version, "has_cv": expert.has_cv, "name": expert.name},
        )
    )
    assert same["version"] == expert.version
    assert world.count(HistoryEntry) == before


def test_an_expert_s_figures_count_the_actions_they_may_see(
    api: ApiClient, world: Scenario
) -> None:
    action = world.approved_action(activities=1)
    world.held_activity(action)
    listed = api.ok(api.get("/actions", world.expert_user))
    assert [a["id"] for a in listed["items"]] == [action.id]
    stats = api.ok(api.get("/stats", world.expert_user))
    assert stats["actions_total"] == 1
    assert stats["actions_by_state"] == {"implementation": 1}
    assert stats["requests_total"] == 0


def test_a_span_of_receipt_days_narrows_the_figures_and_a_bad_day_is_named(
    api: ApiClient, world: Scenario
) -> None:
    world.approved_action(activities=1)  # received 2026-09-01
    world.request(received_on="2015-06-01", countries=["PE"])
    older = api.ok(api.get("/stats", world.staff, **{"from": "2009-01-01", "to": "2019-12-31"}))
    assert (older["requests_total"], older["actions_total"]) == (1, 0)
    assert older["requests_by_year"] == {"2015": 1}
    # Both ends are included: the day of receipt itself counts.
    newer = api.ok(api.get("/stats", world.staff, **{"from": "2026-09-01"}))
    assert (newer["requests_total"], newer["actions_total"]) == (1, 1)
    assert api.ok(api.get("/stats", world.staff, to="2026-08-31"))["actions_total"] == 0
    for args, code in (({"from": "2019-13-01"}, "from"), ({"to": "20191231"}, "to")):
        refused = api.get("/stats", world.staff, **args)
        assert refused.status_code == 422 and refused.get_json()["reasons"][0]["code"] == code
    backwards = api.get("/stats", world.staff, **{"from": "2020-01-01", "to": "2019-01-01"})
    assert backwards.status_code == 422
    assert (
        "ends (2019-01-01) before it starts (2020-01-01)"
        in backwards.get_json()["reasons"][0]["message"]
    )
