"""Recording Experts in the roster."""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa

from db.models import Expert
from workflow.engine import history, resolve
from workflow.engine.acts import acting, commit, unique
from workflow.engine.context import FireContext
from workflow.engine.errors import ValidationFailed, invalid
from workflow.engine.unit_of_work import UnitOfWork
from workflow.expert import rules
from workflow.expert.shapes import ExpertInput
from workflow.read.loading import require_role


def create_expert(uow: UnitOfWork, actor_id: int, raw: Any) -> Expert:
    """Record a new Expert (staff only); its e-mail must be unique."""
    with uow:
        ctx, actor = acting(uow, actor_id)
        require_role(actor, "staff", "add an expert")
        expert = _record(uow, ctx, raw)
        commit(uow, "expert")
        return expert


def import_experts(uow: UnitOfWork, actor_id: int, raws: list[Any]) -> list[Expert]:
    """Record many Experts at once (staff only), all or none: a roster brought in from a
    spreadsheet, or the full demo's. Each is checked as `create_expert` checks one; a
    refusal names the entry (from 1) and nothing is kept."""
    with uow:
        ctx, actor = acting(uow, actor_id)
        require_role(actor, "staff", "add an expert")
        experts = []
        for n, raw in enumerate(raws, start=1):
            try:
                experts.append(_record(uow, ctx, raw))
            except ValidationFailed as refused:
                raise ValidationFailed(f"Expert {n}: {refused.message}", refused.reasons) from None
        commit(uow, "expert")
        return experts


def _record(uow: UnitOfWork, ctx: FireContext, raw: Any) -> Expert:
    """Check one Expert and add it, with its history row, to the unit of work."""
    data = resolve.parse(ExpertInput, raw)
    email = data.email.lower()
    taken = f"An expert with the e-mail {email} already exists."
    if uow.session.scalar(sa.select(Expert.id).where(Expert.email == email)) is not None:
        raise invalid("email", taken)
    nationality = resolve.countries(uow.session, [data.nationality], "nationality")[0]
    areas = sorted(a.code for a in resolve.thematic_areas(uow.session, data.thematic_areas))
    sent = "member_state" in data.model_fields_set
    state = rules.member_state(uow.session, data.type, nationality.code, sent, data.member_state)
    plain = data.model_dump(
        exclude={"email", "nationality", "thematic_areas", "member_state"}, mode="json"
    )
    expert = Expert(
        email=email,
        created_at=ctx.now,
        updated_at=ctx.now,
        nationality_code=nationality.code,
        member_state_code=state,
        thematic_areas=areas,
        **rules.tidy(plain),
    )
    with unique("email", taken):
        uow.session.add(expert)
        history.write(ctx, expert, "create", before=None)
        uow.session.flush()
    return expert
