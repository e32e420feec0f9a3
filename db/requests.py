"""The Request: a partner institution's request for support."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from db import lengths
from db.base import Base, Lifecycle, link_table
from db.reference_models import Country, ThematicArea, Topic
from db.users import User

if TYPE_CHECKING:
    from db.actions import Action

request_countries = link_table(
    "request_countries", "request_id->requests.id", "country_code->countries.code"
)
request_areas = link_table(
    "request_areas", "request_id->requests.id", "area_code->thematic_areas.code"
)
request_topics = link_table("request_topics", "request_id->requests.id", "topic_code->topics.code")


class Request(Lifecycle, Base):
    __tablename__ = "requests"
    # A list by state, by date of receipt; the home page's Requests to screen (0020); the
    # figures by year and state, and the days of receipt in scope (0021).
    __table_args__ = (
        sa.Index("ix_requests_state_received_on", "state", "received_on", "id"),
        sa.Index("ix_requests_state_eligibility_due_on", "state", "eligibility_due_on", "id"),
        sa.Index("ix_requests_figures", "received_on", "state", "id"),
    )
    requester_name: Mapped[str] = mapped_column(sa.String(lengths.SHORT_TEXT))
    requester_type_code: Mapped[str] = mapped_column(sa.ForeignKey("requester_types.code"))
    received_on: Mapped[dt.date] = mapped_column(index=True)
    summary: Mapped[str] = mapped_column(sa.Text)
    endorsed_by: Mapped[str | None] = mapped_column(sa.String(lengths.SHORT_TEXT))
    endorsed_on: Mapped[dt.date | None]
    owner_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id"), index=True)
    # When the eligibility decision is due; stored so the deadline scan is one indexed query.
    eligibility_due_on: Mapped[dt.date] = mapped_column(index=True)
    # The reason given by decline or withdraw (also in the history row's data).
    closing_reason: Mapped[str | None] = mapped_column(sa.Text)

    owner: Mapped[User] = relationship(lazy="joined", innerjoin=True)
    countries: Mapped[list[Country]] = relationship(
        secondary=request_countries, order_by=Country.code
    )
    thematic_areas: Mapped[list[ThematicArea]] = relationship(
        secondary=request_areas, order_by=ThematicArea.code
    )
    topics: Mapped[list[Topic]] = relationship(secondary=request_topics, order_by=Topic.code)
    action: Mapped[Action | None] = relationship(back_populates="request")
