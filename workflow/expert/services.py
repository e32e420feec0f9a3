"""Recording Experts in the roster."""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa

from db.models import Expert
from workflow.engine import history, resolve
from workflow.engine.acts import acting, commit, unique
from workflow.engine.errors import invalid
from workflow.engine.unit_of_work import UnitOfWork
from workflow.expert import rules
from workflow.expert.shapes import ExpertInput
from workflow.read.loading import require_role


def create_expert(uow: UnitOfWork, actor_id: int, raw: Any) -> Expert:
    """Record a new Expert (staff only); its e-mail must be unique."""
    with uow:
        ctx, actor = acting(uow, actor_id)
        require_role(actor, "staff", "add an expert")
        data = resolve.parse(ExpertInput, raw)
        email = data.email.lower()
        taken = f"An expert with the e-mail {email} already exists."
        if uow.session.scalar(sa.select(Expert.id).where(Expert.email == email)) is not None:
            raise invalid("email", taken)
        nationality = resolve.countries(uow.session, [data.nationality], "nationality")[0]
        areas = sorted(a.code for a in resolve.thematic_areas(uow.session, data.thematic_areas))
        sent = "member_state" in data.model_fields_set
        state = rules.member_state(
            uow.session, data.type, nationality.code, sent, data.member_state
        )
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
            commit(uow, "expert")
        return expert
