"""The expert roster: its fields saved and checked, who sees what (pages and API), the
finder of an activity (filters, booked then) and the roster's figures, on both databases."""

from __future__ import annotations

import html
import re
from typing import Any

import pytest

from db.models import Activity, Expert, HistoryEntry
from tests.e2e.api_client import ApiClient
from tests.support import EVALUATION, PASSWORD, Scenario
from workflow.engine.errors import ValidationFailed
from workflow.expert.edit import edit_expert
from workflow.expert.services import create_expert


def signed_in(app: Any, user: Any) -> Any:
    client = app.test_client()
    answer = client.post("/login", data={"username": user.username, "password": PASSWORD})
    assert answer.status_code == 302
    return client


def text(answer: Any) -> str:
    shown = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", answer.get_data(as_text=True)))
    return html.unescape(shown)


def reasons(world: Scenario, payload: dict[str, Any]) -> dict[str, str]:
    with pytest.raises(ValidationFailed) as refused:
        create_expert(world.uow(), world.staff.id, payload)
    return {r.code: r.message for r in refused.value.reasons}


def base(**extra: Any) -> dict[str, Any]:
    return {"name": "Jan Novak", "email": "jan.novak@example.org", "nationality": "CZ"} | {
        "type": "eu_government",
        "gender": "male",
        **extra,
    }


def test_the_roster_s_fields_are_saved_tidied_and_their_member_state_follows_the_type(
    world: Scenario,
) -> None:
    created = create_expert(
        world.uow(),
        world.staff.id,
        base(
            phone="+420 974 832 421",
            languages=["en", "cs", "en"],
            thematic_areas=["legal_migration"],
            availability=[
                {"start": "2027-03-01", "end": "2027-03-31"},
                {"start": "2027-01-01", "end": "2027-01-31"},
            ],
        ),
    )
    stored = world.get(Expert, created.id)
    assert stored.member_state_code == "CZ"  # their nationality, a Member State: the default
    assert stored.phone == "+420 974 832 421"
    assert stored.languages == ["cs", "en"]  # sorted, once each
    assert [p["start"] for p in stored.availability] == ["2027-01-01", "2027-03-01"]
    # An EU government expert with no Member State recorded (the report has three).
    none = create_expert(
        world.uow(), world.staff.id, base(email="x@example.org", member_state=None)
    )
    assert world.get(Expert, none.id).member_state_code is None
    # A change of type clears it; its history row says so.
    edit_expert(world.uow(), created.id, world.staff.id, {"type": "non_governmental"})
    assert world.get(Expert, created.id).member_state_code is None
    last = world.history("expert", created.id)[-1]
    assert last.data["member_state_code"] == ["CZ", None]


def test_each_bad_field_is_refused_with_a_clear_reason_and_nothing_is_stored(
    world: Scenario,
) -> None:
    before = world.count(Expert), world.count(HistoryEntry)
    found = reasons(world, base(languages=["en", "xx"], phone="call me", availability=[]))
    assert "'xx' is not an ISO 639-1 language code" in found["languages.1"]
    assert "must be a telephone number" in found["phone"]
    assert reasons(world, base(type="non_governmental", member_state="FR")) == {
        "member_state": "Only an expert from an EU Member State administration "
        "(type eu_government) has a Member State."
    }
    assert reasons(world, base(member_state="NO")) == {
        "member_state": "Norway (NO) is not an EU Member State."
    }
    period = {"start": "2027-02-01", "end": "2027-01-01"}
    assert (
        "must not be before start"
        in reasons(world, base(availability=[period]))["availability.0.end"]
    )
    assert (world.count(Expert), world.count(HistoryEntry)) == before


@pytest.fixture
def on_action(world: Scenario) -> dict[str, Any]:
    """World's expert held, reported and evaluated on the focal point's Action; another
    expert assigned to an Action the focal point does not see."""
    action = world.approved_action(activities=1)
    activity = world.completed_activity(action, 0)
    world.fire("action", action.id, "complete_implementation")
    world.fire("action", action.id, "close", data={"evaluation": EVALUATION})
    other_expert = world.new_expert(
        "lena.berg@example.org", "Lena Berg", "SE", phone="+46 8 405 10 00"
    )
    unlinked = world.action(activities=1, focal=False)
    world.edit("activity", unlinked.activities[0].id, {"expert_ids": [other_expert.id]})  # drafting
    return {"action": action, "activity": activity, "other": other_expert}


def test_in_the_api_a_focal_point_sees_only_the_brief_form_and_only_on_their_actions(
    api: ApiClient, world: Scenario, on_action: dict[str, Any]
) -> None:
    mine, other = world.expert.id, on_action["other"].id
    brief = api.ok(api.get(f"/experts/{mine}", world.focal))
    assert brief == {
        "id": mine,
        "name": "Marie Dupont",
        "type": "eu_government",
        "nationality": "FR",
    }
    assert api.get(f"/experts/{other}", world.focal).status_code == 404
    listed = api.ok(api.get("/experts", world.focal))
    assert listed["items"] == [brief] and listed["total"] == 1
    # Staff see everything, with deployments and feedback; an expert their own record only.
    whole = api.ok(api.get(f"/experts/{mine}", world.staff))
    assert whole["email"] == "marie.dupont@example.org" and whole["member_state"] == "FR"
    assert whole["action_ids"] == [on_action["action"].id]
    assert whole["deployment_countries"] == ["TH"]
    assert whole["feedback"] == [
        {"source": "participants", "action_id": on_action["action"].id,
         "activity_id": on_action["activity"].id, "text": "Useful."},
        {"source": "partner", "action_id": on_action["action"].id, "activity_id": None,
         "text": EVALUATION["partner_feedback"]},
        {"source": "experts", "action_id": on_action["action"].id, "activity_id": None,
         "text": EVALUATION["expert_feedback"]},
    ]  # fmt: skip
    assert api.ok(api.get(f"/experts/{mine}", world.expert_user)) == whole
    assert api.get(f"/experts/{other}", world.expert_user).status_code == 404
    assert api.ok(api.get(f"/experts/{other}", world.psc[0]))["phone"] == "+46 8 405 10 00"
    # A focal point may not edit, even an expert they see.
    assert (
        api.patch(f"/experts/{mine}", world.focal, {"version": 1, "phone": "+33 1"}).status_code
        == 403
    )


def test_on_the_pages_a_focal_point_never_sees_contacts_and_staff_see_the_whole_record(
    api_app: Any, world: Scenario, on_action: dict[str, Any]
) -> None:
    mine, other = world.expert.id, on_action["other"].id
    focal = signed_in(api_app, world.focal)
    page = focal.get(f"/experts/{mine}")
    assert page.status_code == 200
    shown = text(page)
    assert (
        "Marie Dupont" in shown and "France" in shown and "EU Member State administration" in shown
    )
    for hidden in ("marie.dupont@example.org", "Telephone", "CV", "Deployments", "Useful."):
        assert hidden not in shown
    assert focal.get(f"/experts/{other}").status_code == 404
    assert "Lena Berg" not in text(focal.get("/experts"))
    staff = text(signed_in(api_app, world.staff).get(f"/experts/{mine}"))
    for seen in ("marie.dupont@example.org", "CV (none yet)", "Thailand", "Useful.",
                 EVALUATION["partner_feedback"], EVALUATION["expert_feedback"]):  # fmt: skip
        assert seen in staff
    assert "Lena Berg" in text(signed_in(api_app, world.staff).get("/experts"))
    expert = signed_in(api_app, world.expert_user)
    assert expert.get(f"/experts/{mine}").status_code == 200
    assert expert.get(f"/experts/{other}").status_code == 404


def test_the_roster_page_filters_by_area_language_and_type_and_names_a_bad_filter(
    api_app: Any, world: Scenario
) -> None:
    world.new_expert(
        "a@example.org", "Ana Area", languages=["es"], thematic_areas=["legal_migration"]
    )
    world.new_expert("b@example.org", "Bo Other", "SE", type="non_governmental", languages=["sv"])
    staff = signed_in(api_app, world.staff)
    assert re.findall(
        r"(Ana Area|Bo Other|Marie Dupont)</a>", staff.get("/experts?language=es").text
    ) == ["Ana Area"]
    assert re.findall(
        r"(Ana Area|Bo Other|Marie Dupont)</a>", staff.get("/experts?type=non_governmental").text
    ) == ["Bo Other"]
    assert re.findall(
        r"(Ana Area|Bo Other|Marie Dupont)</a>", staff.get("/experts?area=legal_migration").text
    ) == ["Ana Area"]
    bad = staff.get("/experts?area=astrology")
    assert bad.status_code == 422 and "Unknown thematic area 'astrology'." in text(bad)


@pytest.fixture
def finder_world(world: Scenario) -> dict[str, Any]:
    """A planned activity from 2027-01-11 to 01-13, an expert booked then on another one."""
    action = world.approved_action(activities=2)
    target, busy = world.get(type(action), action.id).activities
    booked = world.new_expert(
        "booked@example.org", "Bea Booked", "ES", languages=["es", "en"],
        thematic_areas=["irregular_migration"],
    )  # fmt: skip
    free = world.new_expert(
        "free@example.org", "Fred Free", "ES", languages=["es"],
        thematic_areas=["irregular_migration"],
        availability=[{"start": "2027-01-01", "end": "2027-01-31"}],
    )  # fmt: skip
    away = world.new_expert(
        "away@example.org", "Ada Away", "IT", type="non_governmental", languages=["it"],
        availability=[{"start": "2027-06-01", "end": "2027-06-30"}],
    )  # fmt: skip
    # The other activity (2027-01-21..23) is moved onto the target's dates and scheduled.
    dates = {"planned_start": "2027-01-12", "planned_end": "2027-01-12"}
    world.edit("activity", busy.id, dates, comment="Moved to meet the ministry")
    world.fire("activity", busy.id, "schedule", data={"expert_ids": [booked.id]})
    return {"target": target, "busy": busy, "booked": booked, "free": free, "away": away}


def names(page: Any) -> list[str]:
    return re.findall(
        r'class="govuk-label govuk-checkboxes__label" for="expert-\d+">([^<]+)<', page.text
    )


def test_the_finder_filters_and_marks_who_is_booked_then_as_not_choosable(
    api_app: Any, world: Scenario, finder_world: dict[str, Any]
) -> None:
    f = finder_world
    staff = signed_in(api_app, world.staff)
    url = f"/activities/{f['target'].id}/experts"
    page = staff.get(url)
    assert page.status_code == 200
    assert names(page) == ["Ada Away", "Bea Booked", "Fred Free", "Marie Dupont"]
    booked = re.search(rf'<input[^>]*id="expert-{f["booked"].id}"[^>]*>', page.text)
    assert booked and "disabled" in booked.group(0)
    assert f"Booked then on '{f['busy'].title}' (activity {f['busy'].id})" in text(page)
    free = re.search(rf'<input[^>]*id="expert-{f["free"].id}"[^>]*>', page.text)
    assert free and "disabled" not in free.group(0)
    assert names(staff.get(url + "?language=es&area=irregular_migration")) == [
        "Bea Booked",
        "Fred Free",
    ]
    assert names(staff.get(url + "?type=non_governmental")) == ["Ada Away"]
    assert names(staff.get(url + "?available=yes")) == ["Fred Free"]  # only stated and covering
    unknown = staff.get(url + "?language=klingon")
    assert unknown.status_code == 422
    assert "must be an ISO 639-1 code such as en, fr or es" in text(unknown)
    # The schedule form's list of experts says who is booked then too.
    schedule = text(staff.get(f"/activities/{f['target'].id}/fire/schedule"))
    assert f"Bea Booked; booked then on '{f['busy'].title}' (activity {f['busy'].id})" in schedule
    # The activity page links to the finder; a focal point may not use it.
    assert f'href="{url}"' in staff.get(f"/activities/{f['target'].id}").text
    assert signed_in(api_app, world.focal).get(url).status_code == 403
    assert signed_in(api_app, world.expert_user).get(url).status_code == 404


def test_assigning_from_the_finder_adds_the_chosen_and_refuses_one_booked_then(
    api_app: Any, world: Scenario, finder_world: dict[str, Any]
) -> None:
    f = finder_world
    staff = signed_in(api_app, world.staff)
    url = f"/activities/{f['target'].id}/experts"
    version = world.get(Activity, f["target"].id).version
    refused = staff.post(
        url, data={"version": version, "expert_ids": [f["booked"].id, f["free"].id]}
    )
    assert refused.status_code == 409
    assert "Bea Booked is already booked on" in text(refused)
    assert world.get(Activity, f["target"].id).experts == []  # nothing half-written
    chosen = {"version": version, "expert_ids": [f["free"].id]}
    unexplained = staff.post(url, data=chosen)  # the Action is in implementation: say why
    assert unexplained.status_code == 422
    assert "A comment is required to edit during implementation." in text(unexplained)
    assert world.get(Activity, f["target"].id).experts == []
    done = staff.post(url, data=chosen | {"comment": "Spanish speaker needed"})
    assert done.status_code == 302
    assert [e.id for e in world.get(Activity, f["target"].id).experts] == [f["free"].id]
    assert world.history("activity", f["target"].id)[-1].comment == "Spanish speaker needed"
    version = world.get(Activity, f["target"].id).version
    more = {"version": version, "expert_ids": [f["away"].id], "comment": "A second one"}
    assert staff.post(url, data=more).status_code == 302  # added to those already assigned
    assert sorted(e.id for e in world.get(Activity, f["target"].id).experts) == sorted(
        [f["free"].id, f["away"].id]
    )
    nobody = staff.post(url, data={"version": version, "comment": "x"})
    assert nobody.status_code == 422 and "Choose at least one expert." in text(nobody)


def test_the_figures_count_the_roster_and_the_deployed_by_type_gender_and_member_state(
    api: ApiClient, world: Scenario
) -> None:
    action = world.approved_action(activities=1)
    world.held_activity(action, 0)  # Marie Dupont (FR, female) deployed
    world.new_expert("nl@example.org", "Nina", "NL", gender="female")
    world.new_expert("ng@example.org", "Nick", "GB", type="non_governmental", gender="male")
    world.new_expert("none@example.org", "Nora", "BE", member_state=None)
    figures = api.ok(api.get("/stats", world.staff))["experts"]
    assert figures == {
        "roster": 4, "deployed": 1,
        "by_type": {"eu_government": 1}, "by_gender": {"female": 1},
        "by_member_state": {"FR": 1},
        "roster_by_type": {"eu_government": 3, "non_governmental": 1},
        "roster_by_gender": {"female": 3, "male": 1},
        "roster_by_member_state": {"FR": 1, "NL": 1},
    }  # fmt: skip
    page = signed_in(api.app, world.staff)
    rows = page.get("/dashboard/roster_by_member_state.csv").get_data(as_text=True).splitlines()
    assert rows[1:] == ["France,1", "Netherlands,1"]


def test_the_api_takes_the_new_fields_and_names_each_bad_one(
    api: ApiClient, world: Scenario
) -> None:
    bad = api.post("/experts", world.staff, base(languages=["zz"], phone="+1"))
    assert bad.status_code == 422
    assert {r["code"] for r in bad.get_json()["reasons"]} == {"languages.0", "phone"}
    created = api.ok(api.post("/experts", world.staff, base(phone="+420 2 2100 1111")), 201)
    assert (created["member_state"], created["phone"]) == ("CZ", "+420 2 2100 1111")
    assert created["feedback"] == [] and created["action_ids"] == []
    cleared = api.patch(
        f"/experts/{created['id']}",
        world.staff,
        {"version": created["version"], "member_state": None, "phone": None},
    )
    assert (api.ok(cleared)["member_state"], api.ok(cleared)["phone"]) == (None, None)
    assert world.history("expert", created["id"])[-1].data == {
        "member_state_code": ["CZ", None],
        "phone": ["+420 2 2100 1111", None],
    }


def test_an_import_of_experts_keeps_all_or_none_and_names_the_entry(world: Scenario) -> None:
    from workflow.services import import_experts

    def one(name: str, nationality: str) -> dict[str, Any]:
        email = name.lower().replace(" ", ".") + "@example.org"
        kind, gender = "non_governmental", "female"
        return {"name": name, "email": email, "nationality": nationality} | {
            "type": kind,
            "gender": gender,
        }

    before = (world.count(Expert), world.count(HistoryEntry))
    batch = [one("Ada One", "FR"), one("Bea Two", "PT"), one("Cleo Three", "XX")]
    with pytest.raises(ValidationFailed) as refused:
        import_experts(world.uow(), world.staff.id, batch)
    assert refused.value.message.startswith("Expert 3: ")
    assert [r.code for r in refused.value.reasons] == ["nationality"]
    assert (world.count(Expert), world.count(HistoryEntry)) == before  # nothing kept
    added = import_experts(world.uow(), world.staff.id, batch[:2])
    assert [e.email for e in added] == ["ada.one@example.org", "bea.two@example.org"]
    assert world.count(Expert) == before[0] + 2
    assert world.count(HistoryEntry) == before[1] + 2  # one "create" row each
    with pytest.raises(ValidationFailed) as twice:  # the same e-mail twice in one batch
        import_experts(world.uow(), world.staff.id, [one("Dee Four", "ES")] * 2)
    assert twice.value.message.startswith("Expert 2: ")
    assert world.count(Expert) == before[0] + 2
