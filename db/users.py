"""Users and their roles."""

from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from db import lengths
from db.base import Base, Timestamps, check_in

ROLES = ("staff", "psc", "focal_point", "expert", "admin")


class UserRole(Base):
    __tablename__ = "user_roles"
    __table_args__ = (check_in("role", ROLES, "known_role"),)
    user_id: Mapped[int] = mapped_column(
        sa.ForeignKey("users.id", ondelete="CASCADE"), primary_key=True
    )
    role: Mapped[str] = mapped_column(sa.String(20), primary_key=True)


class User(Timestamps, Base):
    __tablename__ = "users"
    id: Mapped[int] = mapped_column(primary_key=True)
    username: Mapped[str] = mapped_column(sa.String(80), unique=True)
    full_name: Mapped[str] = mapped_column(sa.String(lengths.NAME), default="")
    email: Mapped[str | None] = mapped_column(sa.String(lengths.EMAIL), index=True)
    password_hash: Mapped[str] = mapped_column(sa.String(255))
    active: Mapped[bool] = mapped_column(default=True)
    # Every web session carries the generation it began in; "log out everywhere" and a new
    # password raise it, and a session of an older generation ends at its next request.
    session_generation: Mapped[int] = mapped_column(default=0, server_default="0")
    role_rows: Mapped[list[UserRole]] = relationship(cascade="all, delete-orphan", lazy="selectin")

    @property
    def roles(self) -> frozenset[str]:
        return frozenset(r.role for r in self.role_rows)
