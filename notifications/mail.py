"""E-mail over SMTP: settings from the environment, plain text + HTML from templates."""

from __future__ import annotations

import datetime as dt
import functools
import os
import re
import secrets
import smtplib
import ssl
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from email.charset import QP, Charset
from email.header import Header
from email.utils import formataddr, formatdate, make_msgid, parseaddr
from pathlib import Path
from typing import Any

import jinja2

from workflow.services import DAILY_DIGEST, RECIPIENT_ROLE_LABELS, RULES, Message, deadline_of

DEFAULT_BASE_URL = "http://127.0.0.1:5000"
TLS_MODES = ("none", "starttls", "ssl")
PAGES = {"request": "requests", "action": "actions", "activity": "activities", "expert": "experts"}

_templates = jinja2.Environment(
    loader=jinja2.FileSystemLoader(Path(__file__).parent / "templates"),
    autoescape=jinja2.select_autoescape(["html"]),
    undefined=jinja2.StrictUndefined,
    keep_trailing_newline=True,
    auto_reload=False,  # part of the package: not looked at on disk again for each e-mail
)


@dataclass(frozen=True)
class SmtpSettings:
    host: str
    port: int
    user: str | None
    password: str | None
    tls: str
    mail_from: str
    base_url: str
    timeout: float = 30.0

    @classmethod
    def from_env(cls, env: Mapping[str, str] | None = None) -> SmtpSettings | None:
        """The MIEUX_SMTP_* settings; None without MIEUX_SMTP_HOST (e-mails then wait)."""
        env = os.environ if env is None else env
        host = env.get("MIEUX_SMTP_HOST", "").strip()
        if not host:
            return None
        tls = env.get("MIEUX_SMTP_TLS", "none").strip().lower() or "none"
        if tls not in TLS_MODES:
            raise ValueError(f"MIEUX_SMTP_TLS must be one of {', '.join(TLS_MODES)}, not {tls!r}")
        default_port = {"none": 25, "starttls": 587, "ssl": 465}[tls]
        port = env.get("MIEUX_SMTP_PORT", "").strip()
        if port and not port.isdigit():
            raise ValueError(f"MIEUX_SMTP_PORT must be a number, not {port!r}")
        return cls(
            host=host,
            port=int(port) if port else default_port,
            user=env.get("MIEUX_SMTP_USER") or None,
            password=env.get("MIEUX_SMTP_PASSWORD") or None,
            tls=tls,
            mail_from=env.get("MIEUX_MAIL_FROM") or f"mieux-workflow@{host}",
            base_url=(env.get("MIEUX_BASE_URL") or DEFAULT_BASE_URL).rstrip("/"),
        )


def link_for(base_url: str, object_kind: str, object_id: int) -> str:
    return f"{base_url.rstrip('/')}/{PAGES.get(object_kind, object_kind + 's')}/{object_id}"


def _details(facts: Mapping[str, Any]) -> list[tuple[str, str]]:
    def shown(value: Any) -> str:
        if isinstance(value, list | tuple):
            return ", ".join(shown(v) for v in value)
        return str(value)

    def role_words(codes: str) -> str:
        return ", ".join(RECIPIENT_ROLE_LABELS.get(code, code) for code in codes.split(", "))

    skip = {"title", "recipient_name", "items"}
    return [
        ("You are told as", role_words(str(v)))
        if k == "role"
        else (k.replace("_", " ").capitalize(), shown(v))
        for k, v in facts.items()
        if k not in skip
    ]


def _template(rule: str) -> str:
    """The templates' name: a daily digest, an event notice, or a deadline reminder."""
    if rule == DAILY_DIGEST:
        return "digest"
    return "reminder" if rule in RULES else "event"


def _digest_items(base_url: str, facts: Mapping[str, Any]) -> list[tuple[str, str]]:
    items = facts.get("items")
    return [
        (str(item["subject"]), link_for(base_url, item["object_kind"], item["object_id"]))
        for item in (items if isinstance(items, list) else [])
    ]


# Account e-mails (workflow.admin.links): their template, and the page their link opens.
ACCOUNT_TEMPLATES = {"invitation": "invitation", "password_reset": "password_reset"}
SET_PASSWORD_PATH = "/account/set-password/"


def _account_context(message: Message, base_url: str) -> dict[str, Any]:
    """An invitation's or reset's words: the username, the one-time link and its expiry."""
    expires = dt.datetime.fromisoformat(str(message.facts["link_expires"]))
    return {
        "name": message.to_name,
        "subject": message.subject,
        "username": message.facts.get("username", ""),
        "link": base_url.rstrip("/") + SET_PASSWORD_PATH + str(message.facts["link_token"]),
        "expires": expires.strftime("%-d %B %Y at %H:%M UTC"),
    }


@functools.cache
def _sender(mail_from: str) -> tuple[str, str, str]:
    """The From header, the envelope's sender and the Message-ID's domain: read once from
    MIEUX_MAIL_FROM (make_msgid would look the host's name up in the DNS every time)."""
    name, address = parseaddr(mail_from)
    return _address(name, address), address, address.rpartition("@")[2] or "mieux.invalid"


def compose(message: Message, mail_from: str, base_url: str) -> bytes:
    """The e-mail for one outbox message: to the recipient by name, text and HTML parts."""
    if message.rule in ACCOUNT_TEMPLATES:
        return _email(
            message, mail_from, ACCOUNT_TEMPLATES[message.rule], _account_context(message, base_url)
        )
    words, day = deadline_of(message.rule, message.facts, message.due_on)
    context = {
        "name": message.to_name,
        "subject": message.subject,
        "what_is_due": message.what_is_due,
        "headline": message.headline,
        "deadline": words,
        "since": day.strftime("%-d %B %Y"),
        "label": message.object_label,
        "details": _details(message.facts),
        "link": link_for(base_url, message.object_kind, message.object_id),
        "items": _digest_items(base_url, message.facts),
        "notices_link": f"{base_url.rstrip('/')}/notifications",
    }
    return _email(message, mail_from, _template(message.rule), context)


def _email(message: Message, mail_from: str, template: str, context: dict[str, Any]) -> bytes:
    """The e-mail as the server gets it: text and HTML alternatives, UTF-8 quoted-printable.

    Written out here rather than built as a `MIMEMultipart` and flattened: the email
    package's objects and generator (header objects, parameter parsing, a search for a
    free boundary) cost more than the SMTP exchange. The output is the generator's,
    byte for byte (tests/unit/test_mail.py builds both and compares them); the hard
    parts stay the library's: RFC 2047 words and folding (`Header`), names in
    addresses (`formataddr`), quoted-printable (`Charset.body_encode`).
    """
    # "=_" never occurs in quoted-printable ("=" starts "=XX" or a soft line break), so
    # the boundary cannot occur in the bodies: no need to search them for a free one.
    boundary = f"=_mieux_{message.id}_{secrets.token_hex(8)}"
    headers = (
        ("Content-Type", f'multipart/alternative; boundary="{boundary}"'),
        ("MIME-Version", "1.0"),
        ("Subject", _header(message.subject)),
        ("From", _sender(mail_from)[0]),
        ("To", _address(message.to_name, message.to_email)),
        ("Date", formatdate(usegmt=True)),  # required (RFC 5322); some relays do not add it
        ("Message-ID", make_msgid(f"outbox-{message.id}", domain=_sender(mail_from)[2])),
        ("X-Mieux-Outbox-Id", str(message.id)),
    )
    lines = [*(_folded(name, value) for name, value in headers), ""]
    for subtype in ("txt", "html"):
        body = _templates.get_template(f"{template}.{subtype}").render(context)
        encoded = UTF8.body_encode(body.encode("utf-8"))
        kind = "plain" if subtype == "txt" else "html"
        lines += [
            f"--{boundary}",
            f'Content-Type: text/{kind}; charset="utf-8"',
            "MIME-Version: 1.0",
            "Content-Transfer-Encoding: quoted-printable",
            "",
            _FROM_LINE.sub(">From ", encoded),  # as the generator keeps mbox readers right
        ]
    lines += [f"--{boundary}--", ""]
    return _NEWLINE.sub(CRLF, "\n".join(lines)).encode("ascii")


CRLF = "\r\n"
_FROM_LINE = re.compile(r"^From ", re.MULTILINE)
_NEWLINE = re.compile(r"\r\n|\r|\n")  # every line end as CRLF, as the generator writes them


def _folded(name: str, value: str | Header) -> str:
    """A header line as the `compat32` generator writes it: folded at 78 characters,
    non-ASCII values as RFC 2047 words; a short ASCII value as it is."""
    if isinstance(value, str) and value.isascii() and len(name) + len(value) + 2 <= 78:
        return f"{name}: {value}"
    header = value if isinstance(value, Header) else Header(value, header_name=name)
    return f"{name}: {header.encode(linesep=CRLF, maxlinelen=78)}"


def _one_line(value: str) -> str:
    """A header value never carries a line break (no header injection through a name)."""
    return " ".join(value.splitlines())


def _header(value: str) -> str | Header:
    value = _one_line(value)
    return value if value.isascii() else Header(value, "utf-8")


def _address(name: str, address: str) -> str:
    return formataddr((_one_line(name), _one_line(address)))  # encodes a non-ASCII name


# Bodies in UTF-8, quoted-printable: readable in the source, no line too long for SMTP.
UTF8 = Charset("utf-8")
UTF8.body_encoding = QP


# Refusals after which smtplib has reset the session (RSET): the connection stays usable.
KEEP_CONNECTION = (smtplib.SMTPRecipientsRefused, smtplib.SMTPSenderRefused, smtplib.SMTPDataError)
# The server closed a kept connection (an idle timeout, a restart): worth one new connection.
DROPPED = (smtplib.SMTPServerDisconnected, ConnectionError)


class SmtpMailer:
    """The `Send` port over SMTP. Called directly it uses one connection for one message;
    a delivery pass takes `connection()`, one connection for all of its messages."""

    def __init__(self, settings: SmtpSettings) -> None:
        self.settings = settings

    def __call__(self, message: Message) -> None:
        with self.connection() as send:
            send(message)

    @contextmanager
    def connection(self) -> Iterator[SmtpConnection]:
        """A `Send` that keeps its connection open until the block ends (one thread's)."""
        kept = SmtpConnection(self.settings)
        try:
            yield kept
        finally:
            kept.close()


class SmtpConnection:
    """One SMTP connection reused from message to message: opened at the first, opened
    again once if the server dropped it in between; any other failure is the message's
    (the caller records it and retries later) and closes the connection."""

    def __init__(self, settings: SmtpSettings) -> None:
        self.settings = settings
        self._smtp: smtplib.SMTP | None = None

    def __call__(self, message: Message) -> None:
        email = compose(message, self.settings.mail_from, self.settings.base_url)
        # The envelope: the addresses of the From and To headers.
        sender, to = _sender(self.settings.mail_from)[1], [_one_line(message.to_email)]
        kept = self._smtp is not None
        try:
            self._connected().sendmail(sender, to, email)
        except KEEP_CONNECTION:
            raise
        except DROPPED:
            self._drop()
            if not kept:
                raise
            # Dropped before this message (idle timeout, restart): once more, on a new
            # connection. Dropped after the server took it, it arrives twice: the
            # at-least-once case SMTP cannot rule out (X-Mieux-Outbox-Id tells them apart).
            try:
                self._connected().sendmail(sender, to, email)
            except BaseException:
                self._drop()
                raise
        except BaseException:
            self._drop()
            raise

    def _connected(self) -> smtplib.SMTP:
        if self._smtp is None:
            self._smtp = self._open()
        return self._smtp

    def _open(self) -> smtplib.SMTP:
        s = self.settings
        smtp: smtplib.SMTP
        if s.tls == "ssl":
            smtp = smtplib.SMTP_SSL(
                s.host, s.port, timeout=s.timeout, context=ssl.create_default_context()
            )
        else:
            smtp = smtplib.SMTP(s.host, s.port, timeout=s.timeout)
        try:
            if s.tls == "starttls":
                smtp.starttls(context=ssl.create_default_context())
            if s.user:
                smtp.login(s.user, s.password or "")
        except BaseException:
            smtp.close()
            raise
        return smtp

    def _drop(self) -> None:
        if self._smtp is not None:
            self._smtp.close()
            self._smtp = None

    def close(self) -> None:
        """QUIT politely; a server already gone is no error (every message is recorded)."""
        if self._smtp is not None:
            try:
                self._smtp.quit()
            except (smtplib.SMTPException, OSError):
                pass
            finally:
                self._drop()


def mailer_from_env(env: Mapping[str, str] | None = None) -> SmtpMailer | None:
    settings = SmtpSettings.from_env(env)
    return SmtpMailer(settings) if settings else None
