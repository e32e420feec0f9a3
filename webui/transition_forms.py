"""The form of a transition, drawn from the pydantic shape that checks its data.

The workflow validates the data; the form only lays out its fields (nested
shapes flattened to dotted names such as `participants.total`) and turns the
posted strings back into the nested JSON the shape expects. So a new field in
a shape appears in the UI without a template change.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from pydantic import BaseModel
from werkzeug.datastructures import MultiDict

from db.reference.catalog import GOOD_PRACTICE_FEATURES


@dataclass
class Field:
    """One input of a transition's form."""

    name: str  # dotted path in the data
    label: str
    kind: str  # text, textarea, date, number, rating, choices, experts
    required: bool
    choices: list[tuple[str, str]] = field(default_factory=list)
    value: Any = None
    errors: list[str] = field(default_factory=list)

    @property
    def id(self) -> str:
        return "field-" + self.name.replace(".", "-").replace("_", "-")


def _label(name: str) -> str:
    return name.replace("_", " ").capitalize()


def _resolve(prop: dict[str, Any], defs: dict[str, Any]) -> tuple[dict[str, Any], bool]:
    """The property's own schema (through $ref and Optional), and whether null is allowed."""
    options = prop.get("anyOf", [prop])
    nullable = {"type": "null"} in options
    chosen = next(o for o in options if o != {"type": "null"})
    if "$ref" in chosen:
        chosen = defs[chosen["$ref"].rsplit("/", 1)[-1]]
    return chosen, nullable


PARENTS = {"dac": "DAC rating", "participants": "Participants"}


def _field_label(name: str) -> str:
    """`participants.total` reads "Participants: total"; `evaluation.` adds nothing."""
    *parents, leaf = name.split(".")
    parent = next((PARENTS[p] for p in reversed(parents) if p in PARENTS), None)
    return f"{parent}: {leaf.replace('_', ' ')}" if parent else _label(leaf)


def _field(name: str, prop: dict[str, Any], required: bool) -> Field:
    label = _field_label(name)
    if prop.get("format") == "date":
        return Field(name, label, "date", required)
    if prop.get("type") == "integer":
        rating = prop.get("minimum") == 1 and prop.get("maximum") == 4
        return Field(name, label, "rating" if rating else "number", required)
    if prop.get("type") == "array":
        if name.endswith("good_practice"):
            return Field(name, label, "choices", required, list(GOOD_PRACTICE_FEATURES))
        return Field(name, "Experts", "experts", required)
    long = prop.get("maxLength", 0) > 300
    return Field(name, label, "textarea" if long else "text", required)


def fields_of(shape: type[BaseModel] | None) -> list[Field]:
    """The form's fields for `shape`, nested shapes flattened, in declaration order."""
    if shape is None:
        return []
    schema = shape.model_json_schema()
    return _walk(schema, schema.get("$defs", {}), "", True)


def _walk(schema: dict[str, Any], defs: dict[str, Any], prefix: str, required: bool) -> list[Field]:
    found: list[Field] = []
    needed = set(schema.get("required", []))
    for name, prop in schema.get("properties", {}).items():
        own, nullable = _resolve(prop, defs)
        path = f"{prefix}{name}"
        must = required and name in needed and not nullable
        if own.get("type") == "object" and "properties" in own:
            found += _walk(own, defs, f"{path}.", must)
        else:
            found.append(_field(path, own, must))
    return found


def parse(fields: list[Field], form: MultiDict[str, str]) -> dict[str, Any]:
    """The posted form as the nested data the shape checks; empty inputs are left out."""
    data: dict[str, Any] = {}
    for f in fields:
        value = _value(f, form)
        if value in (None, "", []):
            continue
        *parents, leaf = f.name.split(".")
        target = data
        for part in parents:
            target = target.setdefault(part, {})
        target[leaf] = value
    return data


def _value(f: Field, form: MultiDict[str, str]) -> Any:
    if f.kind in ("choices", "experts"):
        values = form.getlist(f.name)
        return [int(v) for v in values if v.isdigit()] if f.kind == "experts" else values
    raw = form.get(f.name, "").strip()
    if f.kind in ("number", "rating") and raw.lstrip("-").isdigit():
        return int(raw)  # anything else goes through as typed: the shape names the problem
    return raw


def fill(fields: list[Field], form: MultiDict[str, str], errors: dict[str, list[str]]) -> None:
    """Keep what the user typed, and put each error next to its field."""
    for f in fields:
        is_list = f.kind in ("choices", "experts")
        f.value = form.getlist(f.name) if is_list else form.get(f.name, "")
        f.errors = errors.get(f.name, [])
