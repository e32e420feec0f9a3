"""The Expert: a practitioner deployed to deliver activities."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from db import lengths
from db.activities import activity_experts
from db.base import Base, Timestamps, check_in

if TYPE_CHECKING:
    from db.activities import Activity

EXPERT_TYPES = ("eu_government", "non_eu_government", "non_governmental")
GENDERS = ("female", "male", "other", "undisclosed")


class Expert(Timestamps, Base):
    __tablename__ = "experts"
    __table_args__ = (
        check_in("type", EXPERT_TYPES, "known_type"),
        check_in("gender", GENDERS, "known_gender"),
        # The roster's and deployed experts' figures, from the index (migration 0021).
        sa.Index("ix_experts_figures", "type", "gender", "member_state_code", "deployed", "id"),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    version: Mapped[int] = mapped_column(default=1)
    name: Mapped[str] = mapped_column(sa.String(lengths.NAME))
    # Stored lower-case: an expert user acts for the Expert with the same e-mail.
    email: Mapped[str] = mapped_column(sa.String(lengths.EMAIL), unique=True)
    nationality_code: Mapped[str] = mapped_column(sa.ForeignKey("countries.code"))
    type: Mapped[str] = mapped_column(sa.String(30))
    gender: Mapped[str] = mapped_column(sa.String(20))
    administration: Mapped[str | None] = mapped_column(sa.String(lengths.SHORT_TEXT))
    # The Member State whose administration an EU government expert comes from (the report
    # counts EU government experts by it); null for the other types, or when not recorded.
    member_state_code: Mapped[str | None] = mapped_column(sa.ForeignKey("countries.code"))
    phone: Mapped[str | None] = mapped_column(sa.String(lengths.PHONE))
    languages: Mapped[list[str]] = mapped_column(sa.JSON, default=list)
    availability: Mapped[list[dict[str, Any]]] = mapped_column(sa.JSON, default=list)
    # Codes of thematic_areas, checked by the workflow (a short, fixed list of codes).
    thematic_areas: Mapped[list[str]] = mapped_column(sa.JSON, default=list)
    has_cv: Mapped[bool] = mapped_column(default=False)
    # Assigned to an activity held: kept by triggers (migration 0021), never written by the
    # application; the deployed experts' figures read it.
    deployed: Mapped[bool] = mapped_column(default=False, server_default=sa.false())

    activities: Mapped[list[Activity]] = relationship(
        secondary=activity_experts, back_populates="experts"
    )

    __mapper_args__ = {"version_id_col": version}
