"""The base of every lifecycle's states: an enum whose members carry a label and tags."""

from __future__ import annotations

from enum import StrEnum
from typing import Self


class StateEnum(StrEnum):
    """A lifecycle's states: each member is its stored value, with a label and tags.

    Declared as `NAME = "value", "Label", "tag", ...`; the tag `terminal` marks
    an end state. Other code asks for a set by its tag (`tagged("held")`)
    instead of repeating state names.
    """

    label: str
    tags: frozenset[str]

    def __new__(cls, value: str, label: str = "", *tags: str) -> Self:
        member = str.__new__(cls, value)
        member._value_ = value
        member.label = label or value
        member.tags = frozenset(tags)
        return member

    @property
    def terminal(self) -> bool:
        return "terminal" in self.tags

    @classmethod
    def tagged(cls, tag: str) -> tuple[Self, ...]:
        """The states carrying `tag`, in declaration order."""
        return tuple(state for state in cls if tag in state.tags)
