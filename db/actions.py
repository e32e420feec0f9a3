"""The Action, its focal points and the PSC's electorate and votes."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from db import lengths
from db.base import Base, Lifecycle, check_in, link_table, utcnow
from db.reference_models import Country, ThematicArea, Topic
from db.users import User

if TYPE_CHECKING:
    from db.activities import Activity
    from db.requests import Request

VOTE_DECISIONS = ("approve", "request_changes", "reject")

action_countries = link_table(
    "action_countries", "action_id->actions.id", "country_code->countries.code"
)
action_areas = link_table("action_areas", "action_id->actions.id", "area_code->thematic_areas.code")
action_topics = link_table("action_topics", "action_id->actions.id", "topic_code->topics.code")


class Action(Lifecycle, Base):
    __tablename__ = "actions"
    # The list's default order (newest first) reads its first page from this index.
    # The list, newest first (0018), and by state (0020); a staff member's Fiches (home);
    # the figures read the narrow ix_actions_figures, not the wide rows (0021).
    __table_args__ = (
        sa.Index("ix_actions_created_at_id", "created_at", "id"),
        sa.Index("ix_actions_state_created_at", "state", "created_at", "id"),
        sa.Index("ix_actions_owner_state_due", "owner_id", "state", "rapid_reaction_due_on", "id"),
        sa.Index("ix_actions_figures", "state", "id", "request_id", "first_held_days"),
    )
    request_id: Mapped[int] = mapped_column(sa.ForeignKey("requests.id"), unique=True)
    title: Mapped[str] = mapped_column(sa.String(lengths.ACTION_TITLE))
    objectives: Mapped[str] = mapped_column(sa.Text, default="")
    context: Mapped[str] = mapped_column(sa.Text, default="")
    owner_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id"), index=True)
    partner_validated_by: Mapped[str | None] = mapped_column(sa.String(lengths.NAME))
    partner_validated_on: Mapped[dt.date | None]
    psc_round: Mapped[int] = mapped_column(default=0)
    psc_submitted_on: Mapped[dt.date | None]
    psc_deadline: Mapped[dt.date | None] = mapped_column(index=True)
    # Received date + rapid-reaction days: the first activity should take place by then.
    rapid_reaction_due_on: Mapped[dt.date] = mapped_column(index=True)
    evaluation_due_on: Mapped[dt.date | None] = mapped_column(index=True)
    # Set by `suspend`, cleared by `resume`: the paused clocks move by the suspension's length.
    suspended_on: Mapped[dt.date | None]
    # Days the Action has spent suspended: the experts-confirmed clock moves by them.
    suspension_days: Mapped[int] = mapped_column(default=0, server_default="0")
    evaluation: Mapped[dict[str, Any] | None]
    # Days from the receipt of its Request to its first activity held: kept by triggers
    # (migration 0021), never written by the application; the rapid-reaction figure reads it.
    first_held_days: Mapped[int | None]
    closing_reason: Mapped[str | None] = mapped_column(sa.Text)

    request: Mapped[Request] = relationship(back_populates="action")
    owner: Mapped[User] = relationship(lazy="joined", innerjoin=True)
    countries: Mapped[list[Country]] = relationship(
        secondary=action_countries, order_by=Country.code
    )
    thematic_areas: Mapped[list[ThematicArea]] = relationship(
        secondary=action_areas, order_by=ThematicArea.code
    )
    topics: Mapped[list[Topic]] = relationship(secondary=action_topics, order_by=Topic.code)
    focal_points: Mapped[list[FocalPoint]] = relationship(
        cascade="all, delete-orphan", order_by="FocalPoint.id"
    )
    activities: Mapped[list[Activity]] = relationship(
        back_populates="action", order_by="Activity.id"
    )


class FocalPoint(Base):
    """A named contact in a partner institution; links focal_point users by e-mail."""

    __tablename__ = "focal_points"
    id: Mapped[int] = mapped_column(primary_key=True)
    action_id: Mapped[int] = mapped_column(
        sa.ForeignKey("actions.id", ondelete="CASCADE"), index=True
    )
    name: Mapped[str] = mapped_column(sa.String(lengths.NAME))
    institution: Mapped[str] = mapped_column(sa.String(lengths.SHORT_TEXT))
    # Stored lower-case so the link to a user is an indexed equality.
    email: Mapped[str] = mapped_column(sa.String(lengths.EMAIL), index=True)


class PscElector(Base):
    """A member of a round's electorate, fixed when the Fiche is submitted."""

    __tablename__ = "psc_electors"
    action_id: Mapped[int] = mapped_column(
        sa.ForeignKey("actions.id", ondelete="CASCADE"), primary_key=True
    )
    round: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id"), primary_key=True)


class PscVote(Base):
    """One member's vote in one round; never updated nor deleted."""

    __tablename__ = "psc_votes"
    __table_args__ = (check_in("decision", VOTE_DECISIONS, "known_decision"),)
    action_id: Mapped[int] = mapped_column(
        sa.ForeignKey("actions.id", ondelete="CASCADE"), primary_key=True
    )
    round: Mapped[int] = mapped_column(primary_key=True)
    member_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id"), primary_key=True)
    decision: Mapped[str] = mapped_column(sa.String(20))
    comment: Mapped[str] = mapped_column(sa.Text, default="")
    cast_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    member: Mapped[User] = relationship(lazy="joined")
