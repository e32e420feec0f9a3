"""The states of a Request (docs/lifecycles.md), with the tags other code asks about."""

from __future__ import annotations

from workflow.engine.states import StateEnum


class RequestState(StateEnum):
    """Tags: `open` (still being screened: may be withdrawn, edited), `terminal`."""

    RECEIVED = "received", "Received", "open"
    ELIGIBILITY_REVIEW = "eligibility_review", "In eligibility review", "open"
    AWAITING_INFORMATION = "awaiting_information", "Awaiting information", "open"
    ACCEPTED = "accepted", "Accepted", "terminal"
    DECLINED = "declined", "Declined", "terminal"
    WITHDRAWN = "withdrawn", "Withdrawn", "terminal"
