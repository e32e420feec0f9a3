"""Users: adding them with their roles (the admin's and the CLI's job)."""

from __future__ import annotations

import sqlalchemy as sa
from email_validator import EmailNotValidError, validate_email

from db import lengths
from db.models import Action, PscElector, User, UserRole
from db.users import ROLES
from workflow.action.states import ActionState
from workflow.action.votes import retally
from workflow.admin import audit, passwords
from workflow.admin.links import account_email
from workflow.deadlines.outbox import add_dues
from workflow.engine import resolve
from workflow.engine.acts import acting, commit, unique
from workflow.engine.errors import Reason, ValidationFailed, invalid
from workflow.engine.shapes import has_control, has_visible
from workflow.engine.unit_of_work import UnitOfWork
from workflow.read.loading import require_role

NEEDS_EMAIL = ("focal_point", "expert")


def add_user(
    uow: UnitOfWork,
    username: str,
    roles: list[str],
    password: str | None,
    email: str | None = None,
    full_name: str = "",
    by: int | None = None,
) -> User:
    """Add a user; focal points and experts need an e-mail (it links them to their objects).

    Without a password (an admin's way) the user gets an invitation e-mail with a
    one-time link to choose one, in the same transaction; until then no password
    opens the account. `by` is the admin who adds them (None: the command line).
    """
    reasons = _user_problems(username, roles, password, email) + _name_problems(full_name)
    if reasons:
        raise ValidationFailed("The user is not valid.", reasons)
    with uow:
        admin = None
        if by is not None:
            _, admin = acting(uow, by)
            require_role(admin, "admin", "add a user")
        taken = uow.session.scalar(sa.select(User.id).where(User.username == username))
        if taken is not None:
            raise invalid("username", f"A user named {username!r} already exists.")
        user = User(
            username=username,
            full_name=full_name or username,
            email=email.strip().lower() if email else None,
            password_hash=passwords.hash_password(password) if password else passwords.UNUSABLE,
            role_rows=[UserRole(role=r) for r in dict.fromkeys(roles)],
        )
        with unique("username", f"A user named {username!r} already exists."):
            uow.session.add(user)
            uow.session.flush()
            if password is None:
                add_dues(uow.session, uow.now(), [account_email(user, "invitation", uow.now())])
            after = audit.user_facts(user) | {"password": "set" if password else "invited"}
            audit.record(uow.session, admin, "user.add", ("user", username), None, after, uow.now())
            uow.commit()
        return user


def _user_problems(
    username: str, roles: list[str], password: str | None, email: str | None
) -> list[Reason]:
    reasons = []
    if (
        not username.strip()
        or len(username) > 80
        or not username.replace("_", "").replace(".", "").replace("-", "").isalnum()
    ):
        reasons.append(Reason("username", "Use 1-80 letters, digits, '.', '-' or '_'."))
    reasons += role_problems(roles, email)
    if password is None and not (email and email.strip()):
        reasons.append(Reason("email", "Give an e-mail address for the invitation, or a password."))
    elif password is not None and (problem := passwords.length_problem(password)):
        reasons.append(Reason("password", problem))
    return reasons


def role_problems(roles: list[str], email: str | None) -> list[Reason]:
    """Roles must be known, at least one; focal points and experts need an e-mail."""
    reasons: list[Reason] = []
    unknown = [r for r in roles if r not in ROLES]
    if not roles or unknown:
        reasons.append(
            Reason(
                "role",
                f"Give one or more roles among {', '.join(ROLES)} "
                f"(unknown: {', '.join(unknown) or 'none given'}).",
            )
        )
    if any(r in NEEDS_EMAIL for r in roles) and not (email and email.strip()):
        reasons.append(Reason("email", "Focal point and expert users need an e-mail address."))
    elif email and email.strip() and (problem := _email_problem(email.strip())):
        reasons.append(Reason("email", problem))
    return reasons


def _email_problem(email: str) -> str | None:
    """Why `email` is not an e-mail address (the shapes' EmailStr rule), or None."""
    if len(email) > lengths.EMAIL:
        return f"Use at most {lengths.EMAIL} characters."
    try:
        validate_email(email, check_deliverability=False)
    except EmailNotValidError as error:
        return f"{email!r} is not an e-mail address: {error}"
    return None


def _name_problems(full_name: str) -> list[Reason]:
    if len(full_name) > lengths.NAME:
        return [Reason("full_name", f"Use at most {lengths.NAME} characters.")]
    if has_control(full_name) or (full_name and not has_visible(full_name)):
        return [Reason("full_name", "Use visible characters on one line.")]
    return []


def deactivate_user(uow: UnitOfWork, admin_id: int, user_id: int) -> list[tuple[int, str]]:
    """Deactivate a user (an admin's act). A PSC member leaves the electorate of every open
    round, in the same transaction, and each such round is decided again without them.
    Returns the (Action id, decision) of every round that this decided."""
    with uow:
        ctx, actor = acting(uow, admin_id)
        require_role(actor, "admin", "deactivate a user")
        user = resolve.actor(uow.session, user_id)
        before = audit.user_facts(user)
        user.active = False
        uow.session.flush()
        audit.record(
            uow.session,
            actor,
            "user.deactivate",
            ("user", user.username),
            before,
            audit.user_facts(user),
            ctx.now,
        )
        decided = []
        for action in _open_rounds_of(uow, user_id):
            outcome = retally(ctx, action)
            if outcome:
                decided.append((action.id, outcome))
        commit(uow, "user")
        return decided


def _open_rounds_of(uow: UnitOfWork, user_id: int) -> list[Action]:
    query = (
        sa.select(Action)
        .join(
            PscElector,
            sa.and_(PscElector.action_id == Action.id, PscElector.round == Action.psc_round),
        )
        .where(Action.state == ActionState.PSC_REVIEW, PscElector.user_id == user_id)
        .order_by(Action.id)
        .with_for_update(of=Action)
    )
    return list(uow.session.scalars(query))
