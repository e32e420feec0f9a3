"""Editing an Expert (PATCH /experts/{id}): staff only, every change in the history."""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa

from db.models import Expert
from workflow.editing.shapes import Edit
from workflow.engine import history, resolve
from workflow.engine.acts import acting, commit, unique
from workflow.engine.errors import NotFound, ValidationFailed, invalid, stale
from workflow.engine.shapes import CountryCode, Email, Name, ShortText, comment_reasons
from workflow.engine.unit_of_work import UnitOfWork
from workflow.expert import rules
from workflow.expert.shapes import Areas, ExpertType, Gender, Languages, Periods, Phone
from workflow.read.access import visibility_filter
from workflow.read.loading import require_role


class ExpertEdit(Edit):
    """ExpertInput with every field optional (the same field types)."""

    NULLABLE = frozenset({"administration", "member_state", "phone"})
    name: Name | None = None
    email: Email | None = None
    nationality: CountryCode | None = None
    type: ExpertType | None = None
    gender: Gender | None = None
    administration: ShortText | None = None
    member_state: CountryCode | None = None
    phone: Phone | None = None
    languages: Languages | None = None
    availability: Periods | None = None
    thematic_areas: Areas | None = None
    has_cv: bool | None = None


def edit_expert(
    uow: UnitOfWork,
    expert_id: int,
    actor_id: int,
    raw: Any,
    version: int | None = None,
    comment: str | None = "",
) -> Expert:
    """Change fields of one Expert; refused whole on any problem (docs/api.md's order)."""
    with uow:
        ctx, actor = acting(uow, actor_id, comment)
        query = sa.select(Expert).where(Expert.id == expert_id, visibility_filter(Expert, actor))
        expert = uow.session.scalars(query.with_for_update()).first()
        if expert is None:
            raise NotFound(f"No Expert {expert_id} (or you may not see it).")
        require_role(actor, "staff", "edit an expert")
        fields = resolve.parse(ExpertEdit, raw).model_dump(exclude_unset=True, mode="json")
        if bad_comment := comment_reasons(ctx.comment):
            raise ValidationFailed("The edit is not valid.", bad_comment)
        if not fields:
            raise invalid("body", "names no field to change")
        _check_email(uow, expert, fields)
        if "nationality" in fields:
            code = resolve.countries(uow.session, [fields.pop("nationality")], "nationality")
            fields["nationality_code"] = code[0].code
        if "thematic_areas" in fields:
            areas = resolve.thematic_areas(uow.session, fields["thematic_areas"])
            fields["thematic_areas"] = sorted(a.code for a in areas)
        _settle_member_state(uow, expert, fields)
        rules.tidy(fields)
        if version is not None and version != expert.version:
            raise stale("expert")
        diff = {k: [getattr(expert, k), v] for k, v in fields.items() if getattr(expert, k) != v}
        if not diff:
            return expert  # the same values again: nothing to record (as editing.edit does)
        with unique("email", f"An expert with the e-mail {fields.get('email')} already exists."):
            for name, value in fields.items():
                setattr(expert, name, value)
            history.write(ctx, expert, "edit", before=None, data=diff)
            commit(uow, "expert")
        return expert


def _settle_member_state(uow: UnitOfWork, expert: Expert, fields: dict[str, Any]) -> None:
    """Check the Member State sent against the type the expert will have; a change of type
    without one clears it (other types) or takes the nationality (EU government)."""
    type_ = fields.get("type", expert.type)
    nationality = fields.get("nationality_code", expert.nationality_code)
    if "member_state" in fields:
        code = fields.pop("member_state")
        state = rules.member_state(uow.session, type_, nationality, True, code)
    elif type_ != expert.type:
        state = rules.member_state(uow.session, type_, nationality, False, None)
    else:
        return
    fields["member_state_code"] = state


def _check_email(uow: UnitOfWork, expert: Expert, fields: dict[str, Any]) -> None:
    if "email" not in fields:
        return
    email = fields["email"] = fields["email"].lower()
    taken = sa.select(Expert.id).where(Expert.email == email, Expert.id != expert.id)
    if uow.session.scalar(taken) is not None:
        raise invalid("email", f"An expert with the e-mail {email} already exists.")
