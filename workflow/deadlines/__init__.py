"""The deadline rules (the reminders issue): what is due at a given `now`, as pure workflow code.

`Due` is the contract between the rules (this package) and the delivery
(`notifications/`: the outbox, e-mail, in-app notices): one due reminder for one
recipient, unique on (rule, object, recipient, occurrence).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

# The rule codes, as GET /notifications shows them.
RULES = (
    "eligibility",
    "rapid_reaction_warning",
    "rapid_reaction_missed",
    "psc_vote",
    "psc_vote_owner",
    "experts_unconfirmed",
    "report_due",
    "report_overdue",
    "report_escalation",
    "evaluation",
    "digest",
)


@dataclass(frozen=True)
class Due:
    """One reminder due now: `rule` about (`object_kind`, `object_id`) for one recipient.

    The recipient is a user id, or an e-mail for an Expert without an account.
    `occurrence` makes the reminder unique: the ISO due day, plus the PSC round
    for votes and the report's due date for reports. `due_on` is the day it fell
    due; `facts` are what the message says (names, dates, non-voters...).
    """

    rule: str
    object_kind: str
    object_id: int
    recipient_user_id: int | None
    recipient_email: str | None
    occurrence: str
    due_on: dt.date
    facts: dict[str, object] = field(default_factory=dict, compare=False)

    @property
    def key(self) -> tuple[str, str, int, str, str]:
        """The outbox's unique key."""
        recipient = str(self.recipient_user_id or self.recipient_email)
        return (self.rule, self.object_kind, self.object_id, recipient, self.occurrence)
