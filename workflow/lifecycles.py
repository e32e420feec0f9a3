"""The three lifecycles by kind, with the model each one drives."""

from __future__ import annotations

from typing import Any

from db.models import Action, Activity, Request
from workflow.action_lifecycle import ACTION
from workflow.activity_lifecycle import ACTIVITY
from workflow.lifecycle import Lifecycle
from workflow.request_lifecycle import REQUEST

LIFECYCLES: dict[str, Lifecycle] = {"request": REQUEST, "action": ACTION, "activity": ACTIVITY}
MODELS: dict[str, type[Any]] = {"request": Request, "action": Action, "activity": Activity}
