"""The shape of the demo data files, checked before anything is loaded.

Each case is a JSON file in `cases/` (one per case, loaded in file-name
order) and the experts are `experts.json`. Unknown fields are refused and
states are read into the lifecycle enums, so a typo fails with the file and
the field's path instead of half-loading the demo.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any, Literal, Self

from pydantic import BaseModel, ConfigDict, TypeAdapter, ValidationError, model_validator

from workflow.services import LIFECYCLES, ActionState, ActivityState, RequestState

HERE = Path(__file__).parent
CASE_TRIGGERS = {*LIFECYCLES["request"].transitions, *LIFECYCLES["action"].transitions}
ACTIVITY_TRIGGERS = set(LIFECYCLES["activity"].transitions)


class DemoDataError(ValueError):
    """A demo data file does not have the expected shape."""


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Vote(Strict):
    member: str  # a demo PSC username
    decision: Literal["approve", "reject", "request_changes"]
    comment: str = ""
    on: dt.date


class Step(Strict):
    """What one trigger needs: its day, its data, who fires it, or the votes that decide it."""

    on: dt.date | None = None
    data: dict[str, Any] = {}
    comment: str = ""
    by: str | None = None  # a demo username or a focal point's e-mail; the officer if None
    experts: list[str] = []  # expert e-mails, sent as `expert_ids`
    votes: list[Vote] = []  # system-only PSC decisions happen through these votes


def _unknown(steps: dict[str, Step], known: set[str]) -> None:
    """Refuse a step named after no trigger of the lifecycle."""
    unknown = sorted(set(steps) - known)
    if unknown:
        raise ValueError(f"steps: no such trigger {', '.join(unknown)}")


class DemoActivity(Strict):
    type: str
    title: str
    place: str
    planned_start: dt.date
    planned_end: dt.date
    target: ActivityState
    steps: dict[str, Step] = {}

    @model_validator(mode="after")
    def _known_steps(self) -> Self:
        _unknown(self.steps, ACTIVITY_TRIGGERS)
        return self


class DemoFocalPoint(Strict):
    name: str
    institution: str
    email: str


class DemoCase(Strict):
    """One Request as received, and the state it (or its Action) is taken to."""

    key: str
    requester_name: str
    requester_type: str
    countries: list[str]
    thematic_areas: list[str]
    topics: list[str]
    received_on: dt.date
    summary: str
    endorsed_by: str | None
    endorsed_on: dt.date | None
    target: RequestState | ActionState  # an Action state: the Request was accepted
    objectives: str = ""
    context: str = ""
    focal_points: list[DemoFocalPoint] = []
    fiche_drafted_on: dt.date | None = None
    steps: dict[str, Step] = {}
    activities: list[DemoActivity] = []
    open_votes: list[Vote] = []  # cast once the target is reached: a round still open

    @model_validator(mode="after")
    def _known_steps(self) -> Self:
        _unknown(self.steps, CASE_TRIGGERS)
        return self


class DemoPeriod(Strict):
    start: dt.date
    end: dt.date


class DemoExpert(Strict):
    """An expert of the roster; the Member State of an EU government expert's administration
    is their nationality (create_expert's default), so it is not written here."""

    name: str
    email: str
    nationality: str  # ISO alpha-2
    type: str
    gender: str
    administration: str | None
    phone: str | None = None
    languages: list[str] = []  # ISO 639-1
    thematic_areas: list[str] = []
    availability: list[DemoPeriod] = []
    has_cv: bool = False


_EXPERTS = TypeAdapter(list[DemoExpert])


def read_case(path: Path) -> DemoCase:
    """One case file, validated; DemoDataError names the file and each bad field."""
    try:
        return DemoCase.model_validate_json(path.read_text(encoding="utf-8"))
    except ValidationError as error:
        raise DemoDataError(_explain(path, error)) from None


def read_cases(folder: Path = HERE / "cases") -> list[DemoCase]:
    """Every case file of `folder`, in file-name order (the order they are loaded in)."""
    return [read_case(path) for path in sorted(folder.glob("*.json"))]


def read_experts(path: Path = HERE / "experts.json") -> list[DemoExpert]:
    """The demo's experts, validated."""
    try:
        return _EXPERTS.validate_json(path.read_text(encoding="utf-8"))
    except ValidationError as error:
        raise DemoDataError(_explain(path, error)) from None


def _explain(path: Path, error: ValidationError) -> str:
    """`file: field.path: message`, one line per problem."""
    lines = [
        f"{path.name}: {'.'.join(str(p) for p in e['loc']) or '(file)'}: {e['msg']}"
        for e in error.errors()
    ]
    return "\n".join(lines)
