"""Turning codes and ids that callers send into rows, or a 422 that names the field."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, TypeVar

import sqlalchemy as sa
from pydantic import BaseModel, ValidationError
from sqlalchemy.orm import Session, joinedload

from db.models import Country, Expert, RequesterType, ThematicArea, Topic, User
from workflow.engine.errors import NotFound, Reason, ValidationFailed, invalid
from workflow.engine.fire import pydantic_reasons
from workflow.engine.shapes import unstorable

T = TypeVar("T")
ShapeT = TypeVar("ShapeT", bound=BaseModel)


def parse(shape: type[ShapeT], raw: Any, prefix: str = "") -> ShapeT:
    """Validate `raw` against `shape`, or refuse with every field's problem."""
    if not isinstance(raw, dict):
        raise invalid(prefix or "body", "must be an object")
    unsafe = unstorable(raw, prefix)
    if unsafe:
        raise ValidationFailed("The request is not valid.", unsafe)
    try:
        return shape.model_validate(raw)
    except ValidationError as error:
        raise ValidationFailed(
            "The request is not valid.", pydantic_reasons(error, prefix)
        ) from None


def rows_by_key(
    session: Session, model: type[T], key: Any, values: Sequence[Any], field: str
) -> list[T]:
    """The rows whose `key` is in `values`, in that order; unknown values name `field`."""
    wanted = list(dict.fromkeys(values))
    found = {
        getattr(row, key.key): row
        for row in session.scalars(sa.select(model).where(key.in_(wanted)))
    }
    unknown = [v for v in wanted if v not in found]
    if unknown:
        raise ValidationFailed(
            f"{field}: unknown {', '.join(map(str, unknown))}",
            [Reason(field, f"Unknown: {', '.join(map(str, unknown))}.")],
        )
    return [found[v] for v in wanted]


def countries(session: Session, codes: Sequence[str], field: str = "countries") -> list[Country]:
    """The Country rows for `codes` (any case); unknown codes name `field`."""
    return rows_by_key(session, Country, Country.code, [c.upper() for c in codes], field)


def thematic_areas(
    session: Session, codes: Sequence[str], field: str = "thematic_areas"
) -> list[ThematicArea]:
    """The ThematicArea rows for `codes`; unknown codes name `field`."""
    return rows_by_key(session, ThematicArea, ThematicArea.code, codes, field)


def topics(session: Session, codes: Sequence[str], field: str = "topics") -> list[Topic]:
    """The Topic rows for `codes`; unknown codes name `field`."""
    return rows_by_key(session, Topic, Topic.code, codes, field)


def experts(session: Session, ids: Sequence[int], field: str = "expert_ids") -> list[Expert]:
    """The Expert rows for `ids`; unknown ids name `field`."""
    return rows_by_key(session, Expert, Expert.id, ids, field)


def requester_type(session: Session, code: str) -> RequesterType:
    """The RequesterType row for `code`; an unknown code names `requester_type`."""
    return rows_by_key(session, RequesterType, RequesterType.code, [code], "requester_type")[0]


def staff_user(session: Session, user_id: int, field: str = "owner_id") -> User:
    """The active staff user with this id (e.g. an owner); anyone else is refused under `field`."""
    user = session.get(User, user_id)
    if user is None or not user.active or "staff" not in user.roles:
        raise invalid(field, f"No active staff user has the id {user_id}.")
    return user


def actor(session: Session, user_id: int) -> User:
    """The acting user, with their roles (one query); an unknown or deactivated one is
    refused."""
    query = sa.select(User).options(joinedload(User.role_rows)).where(User.id == user_id)
    user = session.scalars(query).unique().first()
    if user is None or not user.active:
        raise NotFound(f"No active user has the id {user_id}.")
    return user


def actor_with(session: Session, user_id: int, column: sa.ScalarSelect[Any]) -> tuple[User, Any]:
    """The acting user with their roles and the value of `column`, in one query (the roles
    joined, not selected after); an unknown or deactivated user is refused."""
    query = sa.select(User, column).options(joinedload(User.role_rows)).where(User.id == user_id)
    row = session.execute(query).unique().first()
    if row is None or not row[0].active:
        raise NotFound(f"No active user has the id {user_id}.")
    return row[0], row[1]


def user_by_name(session: Session, username: str) -> User:
    """The user named `username`, active or not; else NotFound."""
    user = session.scalars(sa.select(User).where(User.username == username)).first()
    if user is None:
        raise NotFound(f"No user is named {username!r}.")
    return user
