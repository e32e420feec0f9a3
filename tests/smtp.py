"""A real SMTP server in the test process (aiosmtpd) that keeps what it receives."""

from __future__ import annotations

import asyncio
import email
import email.policy
import socket
import threading
from email.message import EmailMessage
from typing import Any

from aiosmtpd.controller import Controller

from notifications.mail import SmtpSettings

BASE_URL = "http://mieux.test"


def smtp_settings(port: int) -> SmtpSettings:
    """The mailer's settings for a test server on `port` (links under BASE_URL)."""
    return SmtpSettings(
        host="127.0.0.1",
        port=port,
        user=None,
        password=None,
        tls="none",
        mail_from="MIEUX Workflow <noreply@mieux.test>",
        base_url=BASE_URL,
        timeout=5,
    )


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


class Inbox:
    """The aiosmtpd handler: every accepted message, parsed, with its envelope recipients."""

    def __init__(self, delay: float = 0.0) -> None:
        self.delay = delay
        self.received: list[tuple[list[str], EmailMessage]] = []
        self.lock = threading.Lock()

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        if self.delay:
            await asyncio.sleep(self.delay)
        parsed = email.message_from_bytes(envelope.content, policy=email.policy.default)
        assert isinstance(parsed, EmailMessage)
        with self.lock:
            self.received.append((list(envelope.rcpt_tos), parsed))
        return "250 Message accepted"

    @property
    def messages(self) -> list[EmailMessage]:
        with self.lock:
            return [message for _, message in self.received]


class SmtpServer:
    """Start and stop a server on a fixed port (so a test can take it down and up again)."""

    def __init__(self, port: int, delay: float = 0.0) -> None:
        self.port = port
        self.inbox = Inbox(delay)
        self.controller: Controller | None = None

    def start(self) -> None:
        self.controller = Controller(self.inbox, hostname="127.0.0.1", port=self.port)
        self.controller.start()

    def stop(self) -> None:
        if self.controller is not None:
            self.controller.stop()
            self.controller = None
