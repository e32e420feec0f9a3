"""The API's own shapes: what it answers (every object) and the envelopes around inputs.

What callers send inside the envelopes is checked by the workflow's shapes
(workflow/inputs.py, schemas.py, edit_shapes.py); the OpenAPI document is
generated from these classes and those, so it cannot drift from the checks.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, RootModel, StrictInt, StrictStr

from db.actions import VOTE_DECISIONS

# Versions start at 1 and are stored in 32-bit integer columns.
Version = Annotated[
    StrictInt, Field(ge=1, le=2**31 - 1, description="The version the change is based on.")
]


class Out(BaseModel):
    """Answers list every field, even when null (clients never guess)."""

    model_config = ConfigDict(extra="forbid")


class ReasonOut(Out):
    code: str
    message: str


class ErrorOut(Out):
    error: str = Field(description="A stable code: see the error table of docs/api.md.")
    message: str
    reasons: list[ReasonOut]


class UserRef(Out):
    id: int
    username: str


class Stamped(Out):
    id: int
    version: int
    created_at: dt.datetime
    updated_at: dt.datetime


class RequestOut(Stamped):
    state: str
    requester_name: str
    requester_type: str
    countries: list[str]
    thematic_areas: list[str]
    topics: list[str]
    received_on: dt.date
    summary: str
    endorsed_by: str | None
    endorsed_on: dt.date | None
    owner: UserRef
    action_id: int | None


class FocalPointOut(Out):
    name: str
    institution: str
    email: str


class VoteOut(Out):
    member: UserRef
    decision: str
    comment: str
    cast_at: dt.datetime


class ActionOut(Stamped):
    state: str
    request_id: int
    title: str
    objectives: str
    context: str
    countries: list[str]
    thematic_areas: list[str]
    topics: list[str]
    owner: UserRef
    focal_points: list[FocalPointOut]
    partner_validated_by: str | None
    partner_validated_on: dt.date | None
    psc_round: int
    psc_deadline: dt.date | None
    votes: list[VoteOut]
    evaluation: dict[str, Any] | None
    activity_ids: list[int]


class ParticipantsOut(Out):
    total: int
    women: int | None
    men: int | None


class ActivityOut(Stamped):
    state: str
    action_id: int
    type: str
    title: str
    place: str
    planned_start: dt.date | None
    planned_end: dt.date | None
    actual_start: dt.date | None
    actual_end: dt.date | None
    expert_ids: list[int]
    participants: ParticipantsOut | None
    report_due_on: dt.date | None
    report: str | None
    participant_feedback: str | None


class PeriodOut(Out):
    start: dt.date
    end: dt.date


class FeedbackOut(Out):
    source: Literal["participants", "partner", "experts"] = Field(
        description="participants: an activity's report; partner or experts: the "
        "evaluation of an Action the expert worked on."
    )
    action_id: int
    activity_id: int | None
    text: str


class ExpertOut(Stamped):
    name: str
    email: str
    nationality: str
    type: str
    gender: str
    administration: str | None
    languages: list[str]
    thematic_areas: list[str]
    availability: list[PeriodOut]
    has_cv: bool
    activity_ids: list[int]
    member_state: str | None = Field(
        description="The Member State of an EU government expert's administration."
    )
    phone: str | None
    action_ids: list[int] = Field(description="The Actions of the expert's activities.")
    deployment_countries: list[str] = Field(description="Those Actions' countries.")
    feedback: list[FeedbackOut]


class ExpertBrief(Out):
    """What a focal point sees of an expert on their Actions: never contacts or CVs."""

    id: int
    name: str
    type: str
    nationality: str


class ExpertAnswer(RootModel[ExpertOut | ExpertBrief]):
    """An Expert: the whole record, or the brief form a focal point sees."""


class TransitionOut(Out):
    trigger: str
    label: str
    allowed: bool
    reasons: list[ReasonOut]
    requires: list[str]


class HistoryOut(Out):
    trigger: str
    from_state: str | None
    to_state: str | None
    actor: UserRef | None
    at: dt.datetime
    comment: str
    data: dict[str, Any]


class NotificationOut(Out):
    id: int
    rule: str = Field(
        description="What the notice is about: a deadline rule or an event; the codes are "
        "listed in the Notifications section of docs/api.md."
    )
    object_kind: str
    object_id: int
    subject: str
    created_at: dt.datetime
    read_at: dt.datetime | None


class TokenIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    username: StrictStr
    password: StrictStr


class TokenOut(Out):
    token: str
    expires_at: dt.datetime


class FireEnvelope(BaseModel):
    """POST /{kind}/{id}/transitions/{trigger}: what surrounds the transition's data."""

    model_config = ConfigDict(extra="forbid")
    version: Version
    comment: StrictStr | None = None
    data: dict[str, Any] | None = None


class EditEnvelope(BaseModel):
    """The two fields a PATCH body carries besides the fields it changes."""

    model_config = ConfigDict(extra="forbid")
    version: Version
    comment: StrictStr | None = None


class VoteIn(BaseModel):
    """POST /actions/{id}/votes (checked by workflow.votes; described here)."""

    model_config = ConfigDict(extra="forbid")
    decision: str = Field(json_schema_extra={"enum": list(VOTE_DECISIONS)})
    comment: StrictStr = Field("", description="Required unless approving.")
