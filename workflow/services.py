"""The one surface the adapters import: the web UI, the API, the CLI and the scheduler.

Use cases (each one transaction), the read side (queries, visibility,
statistics), the shapes the API documents, the errors, and the lifecycle
definitions. `webui/`, `mieux/` and `notifications/` import nothing else from
`workflow/` (tests/unit/test_layers.py enforces it), so the packages behind this
page can be reshaped without touching them.
"""

from __future__ import annotations

from workflow.action.psc import decide, tally
from workflow.action.shapes import ActionEdit, DacRatings
from workflow.action.states import ActionState
from workflow.action.votes import apply_silence_procedure, cast_vote, close_silent_rounds
from workflow.activity.services import add_activity
from workflow.activity.shapes import ActivityEdit, ActivityInput
from workflow.activity.states import ActivityState
from workflow.admin import tokens
from workflow.admin.accounts import (
    Account,
    account,
    accounts,
    change_password,
    request_reset,
    reset_password,
    set_roles,
)
from workflow.admin.audit import AuditPage, AuditRow, audit_page
from workflow.admin.links import LinkCheck, LinkState, check_link, set_password_by_link
from workflow.admin.passwords import MIN_LENGTH as MIN_PASSWORD_LENGTH
from workflow.admin.reference import (
    PartnerRow,
    PhaseRow,
    SettingRow,
    partner_countries,
    partner_table,
    phases_table,
    set_partner_country,
    settings_table,
    update_setting,
)
from workflow.admin.sessions import SignedIn, authenticate, log_out_everywhere, signed_in
from workflow.admin.settings import Settings, change_setting, load_settings
from workflow.admin.throttle import Throttled
from workflow.admin.tokens import hash_token, issue_for_username, revoke_all
from workflow.admin.users import add_user, deactivate_user
from workflow.deadlines import RULES, Due
from workflow.deadlines.coming import ComingReminder, coming_reminders
from workflow.deadlines.outbox import (
    Delivered,
    Message,
    OutboxStatus,
    Send,
    deliver_one,
    enqueue,
    pending_count,
)
from workflow.deadlines.outbox_admin import OutboxRow, outbox_rows, retry
from workflow.deadlines.scan import due_reminders, scan
from workflow.editing.edit import EDIT_SHAPES, edit
from workflow.editing.shapes import READ_ONLY, Edit
from workflow.engine.clock import Clock, FixedClock, SystemClock
from workflow.engine.definition import Check, Lifecycle, Transition
from workflow.engine.errors import (
    Forbidden,
    GuardFailed,
    InvalidTransition,
    NotFound,
    Reason,
    Stale,
    ValidationFailed,
    WorkflowError,
    invalid,
)
from workflow.engine.fire import Availability, pydantic_reasons
from workflow.engine.paths import NoPath, path_to
from workflow.engine.resolve import parse
from workflow.engine.shapes import unstorable
from workflow.engine.states import StateEnum
from workflow.engine.unit_of_work import UnitOfWork
from workflow.expert.edit import ExpertEdit, edit_expert
from workflow.expert.services import create_expert
from workflow.expert.shapes import ExpertInput
from workflow.lifecycles import (
    LIFECYCLES,
    MODELS,
    checklist_for,
    fire_transition,
    transitions_for,
)
from workflow.read import notices, preflight, queries
from workflow.read.agenda import Item, Section, agenda_for
from workflow.read.choices import Choices, choices
from workflow.read.listing import Filters, Row, list_page
from workflow.read.psc_queue import Ballot, Waiting, ballots, waiting_for
from workflow.read.stats import statistics_for
from workflow.request.services import create_request
from workflow.request.shapes import RequestEdit, RequestInput
from workflow.request.states import RequestState

__all__ = [
    "EDIT_SHAPES",
    "LIFECYCLES",
    "MIN_PASSWORD_LENGTH",
    "MODELS",
    "READ_ONLY",
    "RULES",
    "Account",
    "ActionEdit",
    "ActionState",
    "ActivityEdit",
    "ActivityInput",
    "ActivityState",
    "AuditPage",
    "AuditRow",
    "Availability",
    "Ballot",
    "Check",
    "Choices",
    "Clock",
    "ComingReminder",
    "DacRatings",
    "Delivered",
    "Due",
    "Edit",
    "ExpertEdit",
    "ExpertInput",
    "Filters",
    "FixedClock",
    "Forbidden",
    "GuardFailed",
    "InvalidTransition",
    "Item",
    "Lifecycle",
    "LinkCheck",
    "LinkState",
    "Message",
    "NoPath",
    "NotFound",
    "OutboxRow",
    "OutboxStatus",
    "PartnerRow",
    "PhaseRow",
    "Reason",
    "RequestEdit",
    "RequestInput",
    "RequestState",
    "Row",
    "Section",
    "Send",
    "SettingRow",
    "Settings",
    "SignedIn",
    "Stale",
    "StateEnum",
    "SystemClock",
    "Throttled",
    "Transition",
    "UnitOfWork",
    "ValidationFailed",
    "Waiting",
    "WorkflowError",
    "account",
    "accounts",
    "add_activity",
    "add_user",
    "agenda_for",
    "apply_silence_procedure",
    "audit_page",
    "authenticate",
    "ballots",
    "cast_vote",
    "change_password",
    "change_setting",
    "check_link",
    "checklist_for",
    "choices",
    "close_silent_rounds",
    "coming_reminders",
    "create_expert",
    "create_request",
    "deactivate_user",
    "decide",
    "deliver_one",
    "due_reminders",
    "edit",
    "edit_expert",
    "enqueue",
    "fire_transition",
    "hash_token",
    "invalid",
    "issue_for_username",
    "list_page",
    "load_settings",
    "log_out_everywhere",
    "notices",
    "outbox_rows",
    "parse",
    "partner_countries",
    "partner_table",
    "path_to",
    "pending_count",
    "phases_table",
    "preflight",
    "pydantic_reasons",
    "queries",
    "request_reset",
    "reset_password",
    "retry",
    "revoke_all",
    "scan",
    "set_partner_country",
    "set_password_by_link",
    "set_roles",
    "settings_table",
    "signed_in",
    "statistics_for",
    "tally",
    "tokens",
    "transitions_for",
    "unstorable",
    "update_setting",
    "waiting_for",
]
