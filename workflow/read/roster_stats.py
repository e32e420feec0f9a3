"""The roster's figures added to the programme's (GET /stats `experts`): the whole roster by
type, gender and Member State, beside the deployed experts' figures of workflow.read.stats.

The roster is not bound to a phase or a region (an expert is in it or not), so
these counts ignore those filters; they cover the experts the user may see.
"""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Session

from db.models import Expert, User
from workflow.expert.rules import EU_GOVERNMENT
from workflow.read import stats
from workflow.read.access import visibility_filter


def _grouped(session: Session, key: Any, *where: Any) -> dict[str, int]:
    query = sa.select(key, sa.func.count(Expert.id)).where(*where).group_by(key).order_by(key)
    return {str(k): int(n) for k, n in session.execute(query) if k is not None}


def roster_figures(session: Session, user: User) -> dict[str, dict[str, int]]:
    """`roster_by_type`, `roster_by_gender`, `roster_by_member_state` (EU government experts
    by the Member State of their administration; those with none recorded are left out)."""
    visible = visibility_filter(Expert, user)
    return {
        "roster_by_type": _grouped(session, Expert.type, visible),
        "roster_by_gender": _grouped(session, Expert.gender, visible),
        "roster_by_member_state": _grouped(
            session, Expert.member_state_code, visible, Expert.type == EU_GOVERNMENT
        ),
    }


def statistics_for(
    session: Session,
    user: User,
    phase: str | None = None,
    region: str | None = None,
    span: stats.Span = (None, None),
) -> dict[str, Any]:
    """workflow.read.stats' figures, with the roster's added to `experts`."""
    figures = stats.statistics_for(session, user, phase, region, span)
    figures["experts"] = {**figures["experts"], **roster_figures(session, user)}
    return figures
