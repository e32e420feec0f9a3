"""Event notices: what the lifecycles tell people when something happens (not a deadline).

Each event is one rule code, as `GET /notifications` shows it. The notices go
through the same outbox as the deadline reminders, inserted by an effect of the
transition that causes them, in its transaction: a refused or rolled-back
transition leaves none. One row per (rule, object, recipient, occurrence).
"""

from __future__ import annotations

from collections.abc import Mapping

# The event rule codes and the sentence each notice starts with (facts fill the blanks).
EVENTS: dict[str, str] = {
    "psc_vote_opened": "The PSC vote is open until {psc_deadline}",
    "psc_decision": "The PSC has decided: {outcome}",
    "fiche_validation": "The Action Fiche waits for your validation",
    "activity_scheduled": "The activity is scheduled from {planned_start} to {planned_end}",
    "report_returned": "The activity report was returned: the new due date is {report_due_on}",
    "report_submitted": "The activity report was submitted",
}
# The one e-mail a day that lists a user's notices, for those who chose it.
DAILY_DIGEST = "daily_digest"
EVENT_RULES = (*EVENTS, DAILY_DIGEST)

# How a PSC outcome reads in a notice.
OUTCOMES = {
    "psc_approve": "approved",
    "psc_request_changes": "changes requested",
    "psc_reject": "rejected",
}


def is_event(rule: str) -> bool:
    return rule in EVENTS


def headline(rule: str, facts: Mapping[str, object]) -> str:
    """The sentence a notice of `rule` starts with; a blank the facts lack stays a blank."""
    template = EVENTS.get(rule)
    if template is None:
        return rule.replace("_", " ").capitalize()
    return template.format_map(_Blanks(facts))


class _Blanks(dict[str, object]):
    def __missing__(self, key: str) -> str:
        return "?"
