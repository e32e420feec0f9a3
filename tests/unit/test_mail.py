"""The e-mail adapter's pure parts: settings from the environment, links, composing."""

from __future__ import annotations

import datetime as dt
from email import message_from_bytes, policy
from email.generator import BytesGenerator
from email.message import EmailMessage
from email.mime.multipart import MIMEMultipart
from email.mime.text import MIMEText
from email.utils import parseaddr, parsedate_to_datetime
from io import BytesIO

import pytest

from notifications.mail import UTF8, SmtpSettings, _address, _header, compose, link_for
from workflow.services import Message


def test_without_a_host_there_is_no_mailer_and_the_tls_mode_sets_the_default_port() -> None:
    assert SmtpSettings.from_env({}) is None
    ssl = SmtpSettings.from_env({"MIEUX_SMTP_HOST": "mail.example.org", "MIEUX_SMTP_TLS": "ssl"})
    assert ssl is not None and (ssl.port, ssl.base_url) == (465, "http://127.0.0.1:5000")
    plain = SmtpSettings.from_env(
        {"MIEUX_SMTP_HOST": "h", "MIEUX_SMTP_PORT": "2525", "MIEUX_BASE_URL": "https://m.eu/"}
    )
    assert plain is not None and (plain.port, plain.tls, plain.base_url) == (
        2525,
        "none",
        "https://m.eu",
    )


@pytest.mark.parametrize(
    ("key", "value"), [("MIEUX_SMTP_TLS", "tls1.3"), ("MIEUX_SMTP_PORT", "twenty-five")]
)
def test_a_bad_setting_is_one_clear_error(key: str, value: str) -> None:
    with pytest.raises(ValueError, match=key):
        SmtpSettings.from_env({"MIEUX_SMTP_HOST": "h", key: value})


def test_links_name_the_object_s_page() -> None:
    assert link_for("http://x/", "activity", 3) == "http://x/activities/3"
    assert link_for("http://x", "action", 4) == "http://x/actions/4"
    assert link_for("http://x", "request", 5) == "http://x/requests/5"


def _message(**given: object) -> Message:
    fields: dict[str, object] = {
        "id": 1,
        "rule": "evaluation",
        "object_kind": "action",
        "object_id": 2,
        "to_email": "a@example.org",
        "to_name": "Ann",
        "subject": "Due",
        "what_is_due": "the evaluation",
        "object_label": "Action 2",
        "due_on": dt.date(2026, 1, 5),
        "facts": {},
    }
    return Message(**{**fields, **given})  # type: ignore[arg-type]


def test_the_html_part_escapes_what_users_typed() -> None:
    message = _message(
        to_name="<b>Ann</b>",
        object_label="Action 2: <script>x</script>",
        facts={"non_voters": ["Bo", "Cy"]},
    )
    email = _read(message)
    html = email.get_body(("html",))
    text = email.get_body(("plain",))
    assert html is not None and text is not None
    assert "<script>" not in html.get_content() and "&lt;script&gt;" in html.get_content()
    plain = text.get_content()
    assert "Non voters: Bo, Cy" in plain and "since 5 January 2026" in plain


def _read(message: Message) -> EmailMessage:
    """The composed e-mail as the server reads it."""
    sent = compose(message, "MIEUX Workflow <noreply@example.org>", "http://x")
    # Sent with CRLF line ends (SMTP's); read as a mail store keeps it, with "\n".
    email = message_from_bytes(sent.replace(b"\r\n", b"\n"), policy=policy.default)
    assert isinstance(email, EmailMessage)
    return email


def test_the_recipient_s_roles_are_told_in_words_not_codes() -> None:
    message = _message(rule="report_escalation", facts={"role": "owner, programme_manager"})
    text = _read(message).get_body(("plain",))
    assert text is not None
    assert "- You are told as: owner, programme manager\n" in text.get_content()
    assert "programme_manager" not in text.get_content()


def test_names_and_subjects_in_any_script_arrive_whole_and_on_one_line() -> None:
    message = _message(
        id=9,
        to_email="zoe@example.org",
        to_name="Zoë Łukasiewicz\r\nBcc: eve@example.org",
        subject="Due since 2026-01-05: l'évaluation (Action 2: Атака на «границы» " + "x" * 90,
        object_label="Action 2: Атака",
    )
    email = _read(message)
    assert email["Subject"] == message.subject
    [to] = email["To"].addresses
    assert (to.display_name, to.addr_spec) == (
        "Zoë Łukasiewicz Bcc: eve@example.org",
        message.to_email,
    )
    assert email["Bcc"] is None  # a line break in a name cannot add a header
    assert email["X-Mieux-Outbox-Id"] == "9" and email["Message-ID"].endswith("@example.org>")
    plain = email.get_body(("plain",))
    assert plain is not None and "Action 2: Атака" in plain.get_content()


def _by_the_library(message: Message, mail_from: str, sent: bytes) -> bytes:
    """The e-mail `sent` built again as `compose` built it before it wrote e-mails itself:
    the email package's `compat32` classes flattened by its generator, with the same
    headers in the same order, bodies, boundary and Message-ID as `sent`."""
    ours = message_from_bytes(sent)
    email = MIMEMultipart("alternative", boundary=ours.get_boundary())
    email["Subject"] = _header(message.subject)
    email["From"] = _address(*parseaddr(mail_from))
    email["To"] = _address(message.to_name, message.to_email)
    email["Date"] = ours["Date"]
    email["Message-ID"] = ours["Message-ID"]
    email["X-Mieux-Outbox-Id"] = str(message.id)
    for part in ours.get_payload():
        body = part.get_payload(decode=True).decode("utf-8")
        email.attach(MIMEText(body, part.get_content_subtype(), UTF8))
    out = BytesIO()
    BytesGenerator(out).flatten(email, linesep="\r\n")
    return out.getvalue()


@pytest.mark.parametrize(
    "given",
    [
        {},
        {"subject": "Due since 2026-01-05: the evaluation (Action 2: " + "a long title " * 9},
        {"to_name": "Zoë Łukasiewicz", "subject": "l'évaluation (Action 2: Атака на «границы»)"},
        {"facts": {"note": "one line\nFrom the second line on"}},
        {
            "rule": "daily_digest",
            "facts": {"items": [{"subject": "S", "object_kind": "action", "object_id": 2}]},
        },
    ],
)
def test_the_e_mail_is_what_the_email_package_writes_byte_for_byte(
    given: dict[str, object],
) -> None:
    message, mail_from = _message(**given), "MIEUX Workflow <noreply@example.org>"
    sent = compose(message, mail_from, "http://x")
    assert sent == _by_the_library(message, mail_from, sent)
    written = parsedate_to_datetime(message_from_bytes(sent)["Date"])  # RFC 5322's required Date
    assert abs(written - dt.datetime.now(dt.UTC)) < dt.timedelta(minutes=1)
    assert all(len(line) <= 998 for line in sent.split(b"\r\n"))  # SMTP's line limit
    assert b"\n" not in sent.replace(b"\r\n", b"")  # every line ends with CRLF


REPORT, RAPID = {"report_due_on": "2026-12-04"}, {"rapid_reaction_due_on": "2026-12-04"}


@pytest.mark.parametrize(
    ("rule", "facts", "said"),
    [
        ("report_due", REPORT, "The activity report is due on 4 December 2026"),
        ("report_escalation", REPORT, "An overdue report has been due since 4 December 2026"),
        ("rapid_reaction_warning", RAPID, "The first activity is due on 4 December 2026"),
        ("rapid_reaction_missed", RAPID, "The first activity has been due since 4 December 2026"),
        ("evaluation", {}, "The evaluation has been due since 18 December 2026"),
    ],
)
def test_a_reminder_states_the_deadline_s_day_not_the_reminder_s(
    rule: str, facts: dict[str, str], said: str
) -> None:
    # Sent on 18 December: before or after the deadline the facts name, if any.
    what = said.split(" is due")[0].split(" has been")[0].lower()
    message = _message(rule=rule, what_is_due=what, due_on=dt.date(2026, 12, 18), facts=facts)
    email = _read(message)
    for part in ("plain", "html"):
        body = email.get_body((part,))
        assert body is not None
        assert said in body.get_content().replace("<strong>", "").replace("</strong>", "")
