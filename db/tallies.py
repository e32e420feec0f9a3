"""Counts kept by the database (migration 0022): each row a change (+1, -1) to one count,
appended by triggers and folded into one row a count by the scheduler; a count is the sum
of its rows. Never written by the application but to fold it."""

from __future__ import annotations

import sqlalchemy as sa

from db.base import Base

tallies = sa.Table(
    "tallies",
    Base.metadata,
    sa.Column("id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), primary_key=True),
    # request, action, activity (key: a state); area, topic, country, region (a code);
    # request_year; first_held (days); expert (type|gender|Member State); activity_type;
    # participants (total, women, men)
    sa.Column("figure", sa.String(20), nullable=False),
    sa.Column("key", sa.String(40), nullable=False),
    sa.Column("n", sa.Integer, nullable=False),
    # of those, the closed Actions (area, topic) or the deployed experts (expert)
    sa.Column("part", sa.Integer, nullable=False),
)
