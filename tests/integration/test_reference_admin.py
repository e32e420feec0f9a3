"""An admin extends the reference data and changes settings; nobody else may."""

from __future__ import annotations

import pytest

from db.models import Request
from tests.support import Scenario
from workflow.admin.reference import partner_countries, set_partner_country, update_setting
from workflow.admin.settings import load_settings
from workflow.engine.errors import Forbidden, GuardFailed, ValidationFailed


def test_an_admin_makes_a_country_a_partner_and_requests_from_it_become_eligible(
    world: Scenario,
) -> None:
    # South Korea: covered by none of the programme's instruments.
    assert "KR" not in partner_countries(world.uow())
    request = world.request_in_review(countries=["KR"])
    with pytest.raises(GuardFailed):
        world.fire("request", request.id, "accept")
    set_partner_country(world.uow(), world.admin.id, "kr", "asia", ["DCI", "NDICI"])
    assert "KR" in partner_countries(world.uow())
    world.fire("request", request.id, "accept")
    assert world.get(Request, request.id).state == "accepted"


def test_an_eu_member_state_cannot_become_a_partner_country(world: Scenario) -> None:
    with pytest.raises(ValidationFailed) as refused:
        set_partner_country(world.uow(), world.admin.id, "FR", "asia", ["DCI"])
    assert [r.code for r in refused.value.reasons] == ["country"]


def test_unknown_instruments_and_regions_are_named(world: Scenario) -> None:
    with pytest.raises(ValidationFailed) as refused:
        set_partner_country(world.uow(), world.admin.id, "TM", "asia", ["IPA"])
    assert [r.code for r in refused.value.reasons] == ["instruments"]
    with pytest.raises(ValidationFailed) as refused:
        set_partner_country(world.uow(), world.admin.id, "TM", "oceania", ["DCI"])
    assert [r.code for r in refused.value.reasons] == ["region"]


def test_only_an_admin_changes_reference_data_and_settings(world: Scenario) -> None:
    with pytest.raises(Forbidden):
        set_partner_country(world.uow(), world.staff.id, "TM", "asia", ["DCI"])
    with pytest.raises(Forbidden):
        update_setting(world.uow(), world.staff.id, "report_due_days", 20)


def test_a_setting_change_is_type_checked(world: Scenario) -> None:
    update_setting(world.uow(), world.admin.id, "report_due_days", 20)
    with world.uow() as uow:
        assert load_settings(uow.session).report_due_days == 20
    with pytest.raises(ValidationFailed) as refused:
        update_setting(world.uow(), world.admin.id, "report_due_days", "soon")
    assert [r.code for r in refused.value.reasons] == ["value"]
    with pytest.raises(ValidationFailed) as refused:
        update_setting(world.uow(), world.admin.id, "coffee_breaks", 3)
    assert [r.code for r in refused.value.reasons] == ["key"]


@pytest.mark.parametrize(
    ("key", "value"),
    [
        ("report_due_days", -5),
        ("min_activities", 13),  # above max_activities (12)
        ("max_activities", 0),
        ("psc_min_voters", 0),
        ("reminder_hour", 99),
        ("eligibility_days", 10**12),
        ("usual_activities_min", 8),  # above usual_activities_max (7)
        ("silence_procedure", 1),
        ("programme_manager", ""),
    ],
)
def test_a_setting_change_is_range_checked(world: Scenario, key: str, value: object) -> None:
    with world.uow() as uow:
        before = load_settings(uow.session)
    with pytest.raises(ValidationFailed) as refused:
        update_setting(world.uow(), world.admin.id, key, value)
    assert [r.code for r in refused.value.reasons] == ["value"]
    assert key in refused.value.reasons[0].message
    with world.uow() as uow:
        assert load_settings(uow.session) == before


def test_settings_that_bound_each_other_move_together(world: Scenario) -> None:
    update_setting(world.uow(), world.admin.id, "max_activities", 20)
    update_setting(world.uow(), world.admin.id, "min_activities", 15)
    with pytest.raises(ValidationFailed) as refused:
        update_setting(world.uow(), world.admin.id, "max_activities", 14)
    assert "must not exceed max_activities" in refused.value.reasons[0].message
