"""What callers send with a deliverable: its type, title, language and date."""

from __future__ import annotations

from typing import Annotated

import pycountry
from pydantic import AfterValidator, StringConstraints

from db.library import DELIVERABLE_TYPES
from workflow.engine.shapes import Date, OneOf, Shape, ShortText

TYPE_LABELS = {
    "standard_operating_procedures": "Standard operating procedures",
    "guide_or_training_manual": "Guide or training manual",
    "guidelines_or_protocol": "Guidelines or protocol",
    "national_policy": "National policy",
    "strategy_or_action_plan": "Strategy or action plan",
    "needs_assessment": "Needs assessment",
    "brochure": "Brochure",
    "other": "Other",
}
assert tuple(TYPE_LABELS) == DELIVERABLE_TYPES


def language_names() -> list[tuple[str, str]]:
    """Every ISO 639-1 language as (code, English name), by name."""
    found = [(lang.alpha_2, lang.name) for lang in pycountry.languages if hasattr(lang, "alpha_2")]
    return sorted(found, key=lambda pair: pair[1])


def _known_language(code: str) -> str:
    if pycountry.languages.get(alpha_2=code) is None:
        raise ValueError("must be a two-letter ISO 639-1 language code, such as en, fr or es")
    return code


Language = Annotated[
    str,
    StringConstraints(strip_whitespace=True, to_lower=True, pattern=r"^[a-z]{2}$"),
    AfterValidator(_known_language),
]


class DeliverableInput(Shape):
    type: Annotated[str, OneOf(DELIVERABLE_TYPES)]
    title: ShortText
    language: Language
    issued_on: Date
