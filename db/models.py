"""Every model, imported once so the metadata is complete (Alembic reads it here)."""

from db.accounts import AccountLink, AuditEntry, LoginFailure
from db.actions import Action, FocalPoint, PscElector, PscVote
from db.activities import Activity, activity_experts
from db.base import Base
from db.experts import Expert
from db.history import HistoryEntry
from db.library import CalendarLink, Deliverable, ExpertCv, StoredFile
from db.notifications import Notification
from db.outbox import OutboxMessage, OutboxStatus
from db.preferences import NoticePreference
from db.reference_models import (
    ActivityType,
    CacheStamp,
    Country,
    GoodPracticeFeature,
    Instrument,
    Phase,
    Region,
    RequesterType,
    Setting,
    ThematicArea,
    Topic,
)
from db.requests import Request
from db.tallies import tallies
from db.tokens import ApiToken
from db.users import User, UserRole

__all__ = [
    "AccountLink",
    "Action",
    "Activity",
    "ActivityType",
    "ApiToken",
    "AuditEntry",
    "Base",
    "CacheStamp",
    "CalendarLink",
    "Country",
    "Deliverable",
    "Expert",
    "ExpertCv",
    "FocalPoint",
    "GoodPracticeFeature",
    "HistoryEntry",
    "Instrument",
    "LoginFailure",
    "NoticePreference",
    "Notification",
    "OutboxMessage",
    "OutboxStatus",
    "Phase",
    "PscElector",
    "PscVote",
    "Region",
    "Request",
    "RequesterType",
    "Setting",
    "StoredFile",
    "ThematicArea",
    "Topic",
    "User",
    "UserRole",
    "activity_experts",
    "tallies",
]
