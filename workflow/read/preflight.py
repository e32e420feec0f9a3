"""The checks that come before a body's shape (404, then 403), without changing anything.

A caller whose envelope (version, comment, unknown fields) is malformed must
still hear 404 or 403 first when those apply; these run exactly the checks
the services run first, read-only, so both orders agree.
"""

from __future__ import annotations

from typing import Any

from db.models import Action
from workflow.engine import fire as engine
from workflow.engine.acts import acting
from workflow.engine.errors import Forbidden, NotFound, Reason, ValidationFailed
from workflow.engine.unit_of_work import UnitOfWork
from workflow.lifecycles import lifecycle_of
from workflow.read.loading import load_visible, require_role
from workflow.read.queries import read_only


def may_fire(
    uow: UnitOfWork,
    kind: str,
    object_id: int,
    trigger: str,
    actor_id: int,
    raw_data: Any,
    comment: str = "",
) -> list[Reason]:
    """Raise what firing would raise before the data check; return the data's problems."""
    lifecycle, model = lifecycle_of(kind)
    with uow:
        read_only(uow)
        ctx, actor = acting(uow, actor_id)
        obj = load_visible(uow.session, model, object_id, actor)
        transition = lifecycle.transition(trigger)
        if transition is None:
            raise NotFound(f"There is no transition '{trigger}' for a {kind}.")
        refused = engine.role_reasons(transition, obj, ctx)
        if refused:
            raise Forbidden(refused[0].message, refused)
        if raw_data is not None and not isinstance(raw_data, dict):
            return []  # the caller already names `data` as not an object
        try:
            engine.validate_data(transition, raw_data, comment)
        except ValidationFailed as error:
            return error.reasons
        return []


def may_act(uow: UnitOfWork, model: type[Any], object_id: int, actor_id: int, role: str) -> None:
    """Raise NotFound when the object is not visible, Forbidden when the role is missing."""
    with uow:
        read_only(uow)
        _, actor = acting(uow, actor_id)
        load_visible(uow.session, model, object_id, actor)
        require_role(actor, role, "do this")


def may_vote(uow: UnitOfWork, action_id: int, actor_id: int) -> None:
    """Raise NotFound when the Action is not visible, Forbidden when the user is not PSC."""
    may_act(uow, Action, action_id, actor_id, "psc")
