"""E-mail over SMTP: settings from the environment, plain text + HTML from templates."""

from __future__ import annotations

import datetime as dt
import os
import smtplib
import ssl
from collections.abc import Mapping
from dataclasses import dataclass
from email.message import EmailMessage
from email.utils import formataddr, make_msgid
from pathlib import Path
from typing import Any

import jinja2

from workflow.services import DAILY_DIGEST, RECIPIENT_ROLE_LABELS, RULES, Message

DEFAULT_BASE_URL = "http://127.0.0.1:5000"
TLS_MODES = ("none", "starttls", "ssl")
PAGES = {"request": "requests", "action": "actions", "activity": "activities", "expert": "experts"}

_templates = jinja2.Environment(
    loader=jinja2.FileSystemLoader(Path(__file__).parent / "templates"),
    autoescape=jinja2.select_autoescape(["html"]),
    undefined=jinja2.StrictUndefined,
    keep_trailing_newline=True,
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


def compose(message: Message, mail_from: str, base_url: str) -> EmailMessage:
    """The e-mail for one outbox message: to the recipient by name, text and HTML parts."""
    if message.rule in ACCOUNT_TEMPLATES:
        return _email(
            message, mail_from, ACCOUNT_TEMPLATES[message.rule], _account_context(message, base_url)
        )
    context = {
        "name": message.to_name,
        "subject": message.subject,
        "what_is_due": message.what_is_due,
        "headline": message.headline,
        "since": message.due_on.strftime("%-d %B %Y"),
        "label": message.object_label,
        "details": _details(message.facts),
        "link": link_for(base_url, message.object_kind, message.object_id),
        "items": _digest_items(base_url, message.facts),
        "notices_link": f"{base_url.rstrip('/')}/notifications",
    }
    return _email(message, mail_from, _template(message.rule), context)


def _email(
    message: Message, mail_from: str, template: str, context: dict[str, Any]
) -> EmailMessage:
    email = EmailMessage()
    email["Subject"] = message.subject
    email["From"] = mail_from
    email["To"] = formataddr((message.to_name, message.to_email))
    email["Message-ID"] = make_msgid(f"outbox-{message.id}")
    email["X-Mieux-Outbox-Id"] = str(message.id)
    email.set_content(_templates.get_template(f"{template}.txt").render(context))
    html = _templates.get_template(f"{template}.html").render(context)
    email.add_alternative(html, subtype="html")
    return email


class SmtpMailer:
    """The `Send` port over SMTP: one connection per message (a failure touches only it)."""

    def __init__(self, settings: SmtpSettings) -> None:
        self.settings = settings

    def __call__(self, message: Message) -> None:
        s = self.settings
        email = compose(message, s.mail_from, s.base_url)
        smtp: smtplib.SMTP
        if s.tls == "ssl":
            smtp = smtplib.SMTP_SSL(
                s.host, s.port, timeout=s.timeout, context=ssl.create_default_context()
            )
        else:
            smtp = smtplib.SMTP(s.host, s.port, timeout=s.timeout)
        with smtp:
            if s.tls == "starttls":
                smtp.starttls(context=ssl.create_default_context())
            if s.user:
                smtp.login(s.user, s.password or "")
            smtp.send_message(email)


def mailer_from_env(env: Mapping[str, str] | None = None) -> SmtpMailer | None:
    settings = SmtpSettings.from_env(env)
    return SmtpMailer(settings) if settings else None
