"""The demo loader takes each case, through the real services, to its file's target state."""

from __future__ import annotations

import pytest
import sqlalchemy as sa
from sqlalchemy.orm import Session, sessionmaker

from db.models import Action, Request, User
from mieux.demo.loader import load_demo
from mieux.demo.shape import DemoDataError, read_cases
from tests.conftest import NOW
from workflow.services import ActionState


def test_each_case_reaches_its_target(session_factory: sessionmaker[Session]) -> None:
    assert len(load_demo(session_factory, NOW).loaded) == 22
    with session_factory() as session:
        for case in read_cases():
            request = session.scalars(
                sa.select(Request).where(Request.requester_name == case.requester_name)
            ).one()
            reached = request.action.state if request.action else request.state
            assert reached == case.target, case.key
            if isinstance(case.target, ActionState) and case.target.tags & {"terminal"} == set():
                states = [a.state for a in sorted(request.action.activities, key=lambda a: a.id)]
                assert states == [a.target for a in case.activities], case.key


def test_a_case_without_a_step_on_its_path_names_the_case_and_trigger(
    session_factory: sessionmaker[Session], monkeypatch: pytest.MonkeyPatch
) -> None:
    case = next(c for c in read_cases() if c.key == "peru-ngo-network-2015")
    broken = case.model_copy(update={"steps": {"start_screening": case.steps["start_screening"]}})
    monkeypatch.setattr("mieux.demo.loader.read_cases", lambda: [broken])
    with pytest.raises(
        DemoDataError, match="peru-ngo-network-2015: no step for request trigger 'decline'"
    ):
        load_demo(session_factory, NOW)


def test_every_fiche_awaiting_validation_has_a_focal_point_who_can_log_in(
    session_factory: sessionmaker[Session],
) -> None:
    """A newcomer can walk the partner's step in the browser with a printed login."""
    first = load_demo(session_factory, NOW)
    with session_factory() as session:
        waiting = session.scalars(
            sa.select(Action).where(
                Action.state == ActionState.FICHE_DRAFTING, Action.partner_validated_on.is_(None)
            )
        ).all()
        assert waiting
        for action in waiting:
            emails = {f.email for f in action.focal_points}
            users = session.scalars(sa.select(User).where(User.email.in_(emails))).all()
            assert any("focal_point" in u.roles and u.active for u in users), action.title
    again = load_demo(session_factory, NOW)
    assert again.loaded == [] and again.logins == first.logins  # every login, every run
