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
from workflow.admin.calendar_links import calendar_token, user_for_calendar
from workflow.admin.links import LinkCheck, LinkState, check_link, set_password_by_link
from workflow.admin.passwords import MIN_LENGTH as MIN_PASSWORD_LENGTH
from workflow.admin.passwords import shared_hash
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
from workflow.deadlines.delivery import (
    Delivered,
    Message,
    OutboxStatus,
    Send,
    deliver_one,
    deliveries,
    pending_count,
)
from workflow.deadlines.outbox import deadline_of, enqueue
from workflow.deadlines.outbox_admin import OutboxRow, outbox_rows, retry
from workflow.deadlines.recipients import RECIPIENT_ROLE_LABELS
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
from workflow.engine.unit_of_work import HeldUnitOfWork, UnitOfWork
from workflow.events import DAILY_DIGEST, EVENT_RULES
from workflow.events.digest import gather_digests
from workflow.events.preferences import Preferences, my_preferences, set_preferences
from workflow.expert.assign import assign_experts
from workflow.expert.edit import ExpertEdit, edit_expert
from workflow.expert.services import create_expert, import_experts
from workflow.expert.shapes import ExpertInput
from workflow.library.content import EXTENSIONS as UPLOAD_EXTENSIONS
from workflow.library.content import MEDIA_TYPES as UPLOAD_MEDIA_TYPES
from workflow.library.listing import Entry as LibraryEntry
from workflow.library.listing import Search as LibrarySearch
from workflow.library.listing import files_of
from workflow.library.listing import search as search_library
from workflow.library.services import (
    CV_KINDS,
    Download,
    Upload,
    add_deliverable,
    current_cv,
    cv_file,
    deliverable_file,
    may_withdraw,
    upload_cv,
    withdraw_deliverable,
)
from workflow.library.shapes import TYPE_LABELS as DELIVERABLE_TYPES
from workflow.library.shapes import DeliverableInput, language_names
from workflow.library.storage import FileStore, FolderStore
from workflow.lifecycles import (
    LIFECYCLES,
    MODELS,
    checklist_for,
    fire_transition,
    transitions_for,
)
from workflow.read import notices, preflight, queries, roster
from workflow.read.agenda import Home, Item, Section, agenda_for, home_for
from workflow.read.calendar import Event, scheduled_for
from workflow.read.choices import Choices, choices
from workflow.read.finder import (
    Candidate,
    Finding,
    Search,
    check_search,
    find_experts,
    roster_where,
)
from workflow.read.listing import Filters, Row, list_page
from workflow.read.object_page import ObjectPage, object_page
from workflow.read.psc_queue import Ballot, Waiting, ballots, waiting_for
from workflow.read.stats import statistics_for
from workflow.read.tallies import fold as fold_tallies
from workflow.request.services import create_request
from workflow.request.shapes import RequestEdit, RequestInput
from workflow.request.states import RequestState

__all__ = [
    "CV_KINDS",
    "DAILY_DIGEST",
    "DELIVERABLE_TYPES",
    "EDIT_SHAPES",
    "EVENT_RULES",
    "LIFECYCLES",
    "MIN_PASSWORD_LENGTH",
    "MODELS",
    "READ_ONLY",
    "RECIPIENT_ROLE_LABELS",
    "RULES",
    "UPLOAD_EXTENSIONS",
    "UPLOAD_MEDIA_TYPES",
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
    "Candidate",
    "Check",
    "Choices",
    "Clock",
    "ComingReminder",
    "DacRatings",
    "DeliverableInput",
    "Delivered",
    "Download",
    "Due",
    "Edit",
    "Event",
    "ExpertEdit",
    "ExpertInput",
    "FileStore",
    "Filters",
    "Finding",
    "FixedClock",
    "FolderStore",
    "Forbidden",
    "GuardFailed",
    "HeldUnitOfWork",
    "Home",
    "InvalidTransition",
    "Item",
    "LibraryEntry",
    "LibrarySearch",
    "Lifecycle",
    "LinkCheck",
    "LinkState",
    "Message",
    "NoPath",
    "NotFound",
    "ObjectPage",
    "OutboxRow",
    "OutboxStatus",
    "PartnerRow",
    "PhaseRow",
    "Preferences",
    "Reason",
    "RequestEdit",
    "RequestInput",
    "RequestState",
    "Row",
    "Search",
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
    "Upload",
    "ValidationFailed",
    "Waiting",
    "WorkflowError",
    "account",
    "accounts",
    "add_activity",
    "add_deliverable",
    "add_user",
    "agenda_for",
    "apply_silence_procedure",
    "assign_experts",
    "audit_page",
    "authenticate",
    "ballots",
    "calendar_token",
    "cast_vote",
    "change_password",
    "change_setting",
    "check_link",
    "check_search",
    "checklist_for",
    "choices",
    "close_silent_rounds",
    "coming_reminders",
    "create_expert",
    "create_request",
    "current_cv",
    "cv_file",
    "deactivate_user",
    "deadline_of",
    "decide",
    "deliver_one",
    "deliverable_file",
    "deliveries",
    "due_reminders",
    "edit",
    "edit_expert",
    "enqueue",
    "files_of",
    "find_experts",
    "fire_transition",
    "fold_tallies",
    "gather_digests",
    "hash_token",
    "home_for",
    "import_experts",
    "invalid",
    "issue_for_username",
    "language_names",
    "list_page",
    "load_settings",
    "log_out_everywhere",
    "may_withdraw",
    "my_preferences",
    "notices",
    "object_page",
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
    "roster",
    "roster_where",
    "scan",
    "scheduled_for",
    "search_library",
    "set_partner_country",
    "set_password_by_link",
    "set_preferences",
    "set_roles",
    "settings_table",
    "shared_hash",
    "signed_in",
    "statistics_for",
    "tally",
    "tokens",
    "transitions_for",
    "unstorable",
    "update_setting",
    "upload_cv",
    "user_for_calendar",
    "waiting_for",
    "withdraw_deliverable",
]
