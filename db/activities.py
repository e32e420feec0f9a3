"""The Activity: one element of an Action, delivered by experts."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from db import lengths
from db.base import Base, Lifecycle, link_table

if TYPE_CHECKING:
    from db.actions import Action
    from db.experts import Expert

activity_experts = link_table(
    "activity_experts", "activity_id->activities.id", "expert_id->experts.id"
)
# Per Action and activity type: the activities not cancelled and the participants of those
# held. Kept by triggers (migration 0021), never written by the application: the
# programme's figures over every Action read this, not every activity.
activity_tallies = sa.Table(
    "activity_tallies",
    Base.metadata,
    sa.Column("action_id", sa.ForeignKey("actions.id", ondelete="CASCADE"), primary_key=True),
    sa.Column("type_code", sa.ForeignKey("activity_types.code"), primary_key=True),
    sa.Column("activities", sa.Integer, nullable=False),
    sa.Column("participants_total", sa.Integer, nullable=False),
    sa.Column("participants_women", sa.Integer, nullable=False),
    sa.Column("participants_men", sa.Integer, nullable=False),
)
# The experts deployed on each Action (assigned to one of its activities held): kept by
# triggers (migration 0021), for the deployed experts' figures within a filter.
held_deployments = sa.Table(
    "held_deployments",
    Base.metadata,
    sa.Column("action_id", sa.ForeignKey("actions.id", ondelete="CASCADE"), primary_key=True),
    sa.Column("expert_id", sa.ForeignKey("experts.id", ondelete="CASCADE"), primary_key=True),
)
# An expert's assignments, from the index: the triggers keeping `Expert.deployed` read them.
sa.Index(
    "ix_activity_experts_expert_id", activity_experts.c.expert_id, activity_experts.c.activity_id
)


class Activity(Lifecycle, Base):
    __tablename__ = "activities"
    __table_args__ = (
        sa.CheckConstraint("planned_start <= planned_end", name="planned_dates_ordered"),
        sa.CheckConstraint("actual_start <= actual_end", name="actual_dates_ordered"),
        # A list by state, by planned start; the reports due, the longest overdue first; the
        # deadline scan reads one range of them per state, not every Activity of it (0020).
        sa.Index("ix_activities_state_planned_start", "state", "planned_start", "id"),
        sa.Index("ix_activities_state_report_due_on", "state", "report_due_on", "id"),
    )
    action_id: Mapped[int] = mapped_column(sa.ForeignKey("actions.id"), index=True)
    type_code: Mapped[str] = mapped_column(sa.ForeignKey("activity_types.code"))
    title: Mapped[str] = mapped_column(sa.String(lengths.SHORT_TEXT))
    place: Mapped[str] = mapped_column(sa.String(lengths.SHORT_TEXT), default="")
    planned_start: Mapped[dt.date | None] = mapped_column(index=True)
    planned_end: Mapped[dt.date | None]
    actual_start: Mapped[dt.date | None] = mapped_column(index=True)
    actual_end: Mapped[dt.date | None]
    participants_total: Mapped[int | None]
    participants_women: Mapped[int | None]
    participants_men: Mapped[int | None]
    report_due_on: Mapped[dt.date | None] = mapped_column(index=True)
    report: Mapped[str | None] = mapped_column(sa.Text)
    participant_feedback: Mapped[str | None] = mapped_column(sa.Text)
    cancel_reason: Mapped[str | None] = mapped_column(sa.Text)

    action: Mapped[Action] = relationship(back_populates="activities")
    experts: Mapped[list[Expert]] = relationship(
        secondary=activity_experts, back_populates="activities", order_by="Expert.id"
    )
