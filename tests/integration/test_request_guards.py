"""Accepting a Request: each eligibility guard, its pass and its refusal (docs/lifecycles.md)."""

from __future__ import annotations

import pytest

from db.models import Action, Request
from tests.support import Scenario
from workflow.engine.errors import GuardFailed


def accept(world: Scenario, **overrides: object) -> Request:
    request = world.request_in_review(**overrides)
    world.fire("request", request.id, "accept")
    return world.get(Request, request.id)


def refusal_codes(world: Scenario, **overrides: object) -> list[str]:
    with pytest.raises(GuardFailed) as refused:
        accept(world, **overrides)
    return [r.code for r in refused.value.reasons]


def test_an_eligible_request_is_accepted_and_becomes_an_action_in_drafting(world: Scenario) -> None:
    request = accept(world, countries=["TH", "PH"], topics=["trafficking_in_human_beings"])
    assert request.state == "accepted"
    action = world.get(Action, request.action.id)
    assert action.state == "fiche_drafting"
    assert [c.code for c in action.countries] == ["PH", "TH"]
    assert [a.code for a in action.thematic_areas] == ["irregular_migration"]
    assert [t.code for t in action.topics] == ["trafficking_in_human_beings"]
    assert action.owner_id == world.staff.id
    assert (
        action.title
        == (
            "Ministry of Labour of Thailand: Support to identify victims of trafficking among "
            "migrant workers."[: len("Ministry of Labour of Thailand: ") + 80]
        )
    )


def test_the_action_title_keeps_only_the_first_80_characters_of_the_summary(
    world: Scenario,
) -> None:
    request = accept(world, summary="x" * 200)
    assert (
        world.get(Action, request.action.id).title == "Ministry of Labour of Thailand: " + "x" * 80
    )


def test_a_country_with_no_valid_instrument_is_refused(world: Scenario) -> None:
    # France is an EU Member State; Thailand is a partner country (DCI, then NDICI).
    assert refusal_codes(world, countries=["TH", "FR"]) == ["country_not_eligible"]


def test_instrument_validity_is_half_open_at_the_2021_switch_to_ndici(world: Scenario) -> None:
    # Thailand: DCI valid to 2021-01-01 (excluded), NDICI from 2021-01-01: both dates pass.
    assert accept(world, received_on="2020-12-31").state == "accepted"
    assert accept(world, received_on="2021-01-01").state == "accepted"


@pytest.mark.parametrize(
    "requester_type",
    ["civil_society", "local_authority", "ombudsperson", "parliament", "judiciary"],
)
def test_the_2016_opening_refuses_new_requesters_received_on_2015_12_31(
    world: Scenario, requester_type: str
) -> None:
    codes = refusal_codes(
        world, requester_type=requester_type, received_on="2015-12-31", endorsed_on="2015-12-01"
    )
    assert codes == ["requester_not_eligible"]


def test_a_civil_society_request_received_on_2016_01_01_is_accepted(world: Scenario) -> None:
    request = accept(
        world, requester_type="civil_society", received_on="2016-01-01", endorsed_on="2015-12-20"
    )
    assert request.state == "accepted"


def test_national_administrations_were_eligible_from_the_start(world: Scenario) -> None:
    assert accept(world, received_on="2009-03-01", endorsed_on="2009-02-01").state == "accepted"


def test_legal_migration_received_in_2010_is_out_of_mieux_one_scope(world: Scenario) -> None:
    codes = refusal_codes(
        world,
        thematic_areas=["legal_migration"],
        received_on="2010-06-01",
        topics=[],
        endorsed_on="2010-05-01",
    )
    assert codes == ["area_out_of_scope"]


def test_legal_migration_is_in_scope_from_mieux_two(world: Scenario) -> None:
    request = accept(
        world,
        thematic_areas=["legal_migration"],
        received_on="2012-01-01",
        topics=[],
        endorsed_on="2011-12-01",
    )
    assert request.state == "accepted"


def test_a_request_received_before_the_first_phase_has_no_phase_in_force(world: Scenario) -> None:
    codes = refusal_codes(world, received_on="2008-11-30", endorsed_on="2008-11-01")
    # DCI had no start date in the reference data, so only the phase fails.
    assert codes == ["no_phase_in_force"]


def test_a_request_without_thematic_area_is_refused(world: Scenario) -> None:
    assert refusal_codes(world, thematic_areas=[], topics=[]) == ["no_thematic_area"]


def test_a_request_without_high_level_endorsement_is_refused(world: Scenario) -> None:
    assert refusal_codes(world, endorsed_by=None, endorsed_on=None) == ["not_endorsed"]


def test_every_failing_guard_is_reported_at_once_and_nothing_changes(world: Scenario) -> None:
    before = world.count(Action)
    codes = refusal_codes(
        world,
        countries=["FR"],
        requester_type="parliament",
        thematic_areas=["legal_migration"],
        received_on="2010-02-01",
        topics=[],
        endorsed_by=None,
        endorsed_on=None,
    )
    assert codes == [
        "country_not_eligible",
        "requester_not_eligible",
        "area_out_of_scope",
        "not_endorsed",
    ]
    assert world.count(Action) == before
