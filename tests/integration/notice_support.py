"""Shared pieces of the notice tests: a real SMTP server, the mailer, reading the outbox back."""

from __future__ import annotations

from collections.abc import Callable
from email.message import EmailMessage

import sqlalchemy as sa

from db.models import Notification, OutboxMessage, User
from tests.smtp import SmtpServer
from workflow.services import UnitOfWork


def outbox(uow_factory: Callable[[], UnitOfWork], *rules: str) -> list[OutboxMessage]:
    """The outbox rows (of these rules, if given), oldest first."""
    with uow_factory() as uow:
        query = sa.select(OutboxMessage).order_by(OutboxMessage.id)
        if rules:
            query = query.where(OutboxMessage.rule.in_(rules))
        return list(uow.session.scalars(query))


def keys(rows: list[OutboxMessage]) -> list[tuple[str, str, int, str, str]]:
    return [(r.rule, r.object_kind, r.object_id, r.recipient, r.occurrence) for r in rows]


def notices_of(uow_factory: Callable[[], UnitOfWork], user_id: int) -> list[str]:
    with uow_factory() as uow:
        query = sa.select(Notification.rule).where(Notification.user_id == user_id)
        return list(uow.session.scalars(query.order_by(Notification.id)))


def give_address(uow_factory: Callable[[], UnitOfWork], user_id: int, email: str) -> None:
    """Test setup: an existing user gets an e-mail address."""
    with uow_factory() as uow:
        user = uow.session.get(User, user_id)
        assert user is not None
        user.email = email
        uow.commit()


def parts(message: EmailMessage) -> tuple[str, str]:
    """The plain-text and HTML parts of an e-mail read back from the server."""
    text, html = message.get_body(("plain",)), message.get_body(("html",))
    assert text is not None and html is not None
    return text.get_content(), html.get_content()


def by_recipient(server: SmtpServer) -> dict[str, EmailMessage]:
    found: dict[str, EmailMessage] = {}
    for recipients, message in server.inbox.received:
        [to] = recipients
        assert to not in found, f"two e-mails to {to}"
        found[to] = message
    return found
