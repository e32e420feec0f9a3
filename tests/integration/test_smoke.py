from tests.support import Scenario


def test_an_action_can_be_approved_by_three_members(world: Scenario) -> None:
    action = world.approved_action()
    assert action.state == "implementation"
