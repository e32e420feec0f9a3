"""What callers send about Activities: a new one, an edit, and each transition's data."""

from __future__ import annotations

from typing import Annotated, Any, ClassVar

from pydantic import (
    Field,
    ValidationInfo,
    field_validator,
)

from workflow.editing.shapes import Edit
from workflow.engine.shapes import (
    Code,
    Date,
    OptionalLine,
    Shape,
    ShortText,
    Text,
    dates_in_order,
)


class ScheduleData(Shape):
    """Dates and experts may be sent here or set before by editing the planned Activity."""

    planned_start: Date | None = None
    planned_end: Date | None = None
    expert_ids: list[int] | None = None

    planned_end_ordered: ClassVar[Any] = dates_in_order("planned_start", "planned_end")


class Participants(Shape):
    total: Annotated[int, Field(ge=0, strict=True)]
    women: Annotated[int, Field(ge=0, strict=True)] | None = None
    men: Annotated[int, Field(ge=0, strict=True)] | None = None

    @field_validator("men")
    @classmethod
    def split_fits(cls, men: int | None, info: ValidationInfo) -> int | None:
        women, total = info.data.get("women") or 0, info.data.get("total") or 0
        if (men or 0) + women > total:
            raise ValueError(f"women + men ({women + (men or 0)}) exceed the total ({total})")
        return men


class MarkHeldData(Shape):
    actual_start: Date
    actual_end: Date
    participants: Participants

    actual_end_ordered: ClassVar[Any] = dates_in_order("actual_start", "actual_end")


class SubmitReportData(Shape):
    report: Text
    participant_feedback: Text


class ActivityInput(Shape):
    type: Code
    title: ShortText
    place: OptionalLine = ""
    planned_start: Date | None = None
    planned_end: Date | None = None
    expert_ids: Annotated[list[int], Field(max_length=50)] = []

    planned_end_ordered: ClassVar[Any] = dates_in_order("planned_start", "planned_end")


class ActivityEdit(Edit):
    NULLABLE = frozenset({"planned_start", "planned_end"})
    type: Code | None = None
    title: ShortText | None = None
    place: OptionalLine | None = None
    planned_start: Date | None = None
    planned_end: Date | None = None
    expert_ids: Annotated[list[int], Field(max_length=50)] | None = None
