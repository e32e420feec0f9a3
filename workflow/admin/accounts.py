"""Accounts: the admin's list of users, their roles and passwords; everyone's own password.

No change here bypasses a lifecycle rule: a PSC member in the electorate of
an open round keeps the role until the round closes (deactivating them is
the way out, and it decides their rounds again).
"""

from __future__ import annotations

from dataclasses import dataclass

import sqlalchemy as sa

from db.models import Action, PscElector, User, UserRole
from db.users import ROLES
from workflow.action.states import ActionState
from workflow.admin import audit, passwords, users
from workflow.admin.links import account_email
from workflow.admin.sessions import SignedIn, signed_in, storable
from workflow.deadlines.outbox import add_dues
from workflow.engine import resolve
from workflow.engine.acts import acting, commit
from workflow.engine.errors import Reason, ValidationFailed, invalid
from workflow.engine.unit_of_work import UnitOfWork
from workflow.read.loading import require_role
from workflow.read.queries import read_only


@dataclass(frozen=True)
class Account:
    """A user as the admin's pages show them."""

    id: int
    username: str
    full_name: str
    email: str | None
    roles: tuple[str, ...]
    active: bool


def _account(user: User) -> Account:
    roles = tuple(r for r in ROLES if r in user.roles)
    return Account(user.id, user.username, user.full_name, user.email, roles, user.active)


def accounts(uow: UnitOfWork, admin_id: int) -> list[Account]:
    """Every user, by username (an admin's view)."""
    with uow:
        session = read_only(uow)
        require_role(resolve.actor(session, admin_id), "admin", "list the users")
        return [_account(u) for u in session.scalars(sa.select(User).order_by(User.username))]


def account(uow: UnitOfWork, admin_id: int, user_id: int) -> Account:
    with uow:
        session = read_only(uow)
        require_role(resolve.actor(session, admin_id), "admin", "see a user")
        found = session.get(User, user_id)
        if found is None:
            raise invalid("user", f"There is no user {user_id}.")
        return _account(found)


def _open_rounds(uow: UnitOfWork, user_id: int) -> list[int]:
    query = (
        sa.select(Action.id)
        .join(
            PscElector,
            sa.and_(PscElector.action_id == Action.id, PscElector.round == Action.psc_round),
        )
        .where(Action.state == ActionState.PSC_REVIEW, PscElector.user_id == user_id)
    )
    return list(uow.session.scalars(query))


def set_roles(uow: UnitOfWork, admin_id: int, user_id: int, roles: list[str]) -> Account:
    """Give a user exactly `roles` (at least one, each known; focal points and experts need
    an e-mail); a member of an open PSC round keeps `psc` until it closes."""
    with uow:
        _, admin = acting(uow, admin_id)
        require_role(admin, "admin", "change a user's roles")
        user = resolve.actor(uow.session, user_id)
        reasons = users.role_problems(roles, user.email)
        if "psc" in user.roles and "psc" not in roles and (open_ := _open_rounds(uow, user_id)):
            reasons.append(
                Reason(
                    "role",
                    f"{user.username} is in the electorate of an open PSC "
                    f"round (Action {', '.join(map(str, open_))}): deactivate "
                    "the user instead, or wait until the round is decided.",
                )
            )
        if reasons:
            raise ValidationFailed("The roles are not valid.", reasons)
        before = audit.user_facts(user)
        user.role_rows = [UserRole(role=r) for r in dict.fromkeys(roles)]
        audit.record(
            uow.session,
            admin,
            "user.roles",
            ("user", user.username),
            before,
            audit.user_facts(user),
            uow.now(),
        )
        commit(uow, "user")
        return _account(user)


def reset_password(uow: UnitOfWork, admin_id: int, user_id: int, password: str) -> None:
    """Set a user's password (the admin gives it to them by another channel); the user's
    web sessions end. The audit trail says it happened, never what the password is."""
    with uow:
        _, admin = acting(uow, admin_id)
        require_role(admin, "admin", "reset a password")
        user = resolve.actor(uow.session, user_id)
        had = "set" if not user.password_hash.startswith("!") else "not set"
        _set_password(user, password)
        audit.record(
            uow.session,
            admin,
            "user.password_reset",
            ("user", user.username),
            {"password": had},
            {"password": "set by an admin"},
            uow.now(),
        )
        commit(uow, "user")


def change_password(uow: UnitOfWork, user_id: int, current: str, new: str) -> SignedIn:
    """A user changes their own password; the current one must be given. Their other web
    sessions end: the caller renews this one with the SignedIn returned."""
    with uow:
        _, user = acting(uow, user_id)
        if not passwords.verify(user.password_hash, current):
            raise invalid("current_password", "This is not your current password.")
        _set_password(user, new)
        commit(uow, "user")
        generation = user.session_generation
    renewed = signed_in(uow, user_id, generation)
    assert renewed is not None
    return renewed


def request_reset(uow: UnitOfWork, email: str) -> None:
    """ "Forgot my password": each active account with this e-mail address gets a one-time
    link. The caller says the same whatever happened, so no one learns who has an account."""
    address = email.strip().lower()
    if not address or len(address) > 254 or not storable(address):
        return
    with uow:
        now = uow.now()
        found = uow.session.scalars(
            sa.select(User).where(User.email == address, User.active.is_(True))
        )
        add_dues(uow.session, now, [account_email(u, "password_reset", now) for u in found])
        uow.commit()


def _set_password(user: User, password: str) -> None:
    if problem := passwords.length_problem(password):
        raise invalid("password", problem)
    user.password_hash = passwords.hash_password(password)
    user.session_generation += 1
