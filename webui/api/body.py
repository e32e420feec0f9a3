"""Reading what a caller sends: the JSON body (400 unless an object) and query arguments."""

from __future__ import annotations

import json
from typing import Any, NoReturn

from flask import request
from pydantic import BaseModel, ValidationError

from webui.api.errors import ApiError
from workflow.engine import pydantic_reasons
from workflow.errors import Reason, ValidationFailed, invalid

MAX_BODY_BYTES = 1024 * 1024
# Integer columns are 32-bit on PostgreSQL: larger numbers are refused up front, named.
INT_LIMIT = 2**31 - 1


def _bad(message: str) -> NoReturn:
    raise ApiError(400, "bad_request", message)


def _no_constants(name: str) -> NoReturn:
    _bad(f"The body is not JSON ({name} is not a JSON value).")


def json_object() -> dict[str, Any]:
    """The body as a JSON object, else 400 (413 above 1 MiB); unsafe values are 422."""
    if (request.content_length or 0) > MAX_BODY_BYTES:
        raise ApiError(413, "payload_too_large", "The body is larger than 1 MiB.")
    raw = request.get_data(cache=True)
    if len(raw) > MAX_BODY_BYTES:
        raise ApiError(413, "payload_too_large", "The body is larger than 1 MiB.")
    if not raw.strip():
        _bad("The body is empty: send a JSON object.")
    try:
        body = json.loads(raw, parse_constant=_no_constants)
    except (ValueError, RecursionError):
        _bad("The body is not JSON.")
    if not isinstance(body, dict):
        _bad("The body must be a JSON object.")
    reasons = unsafe_values(body, "")
    if reasons:
        raise ValidationFailed("The request is not valid.", reasons)
    return body


def unsafe_values(value: Any, path: str) -> list[Reason]:
    """Values no database column can hold: NUL or unpaired surrogates in text, huge integers."""
    if isinstance(value, dict):
        return [r for k, v in value.items() for r in unsafe_values(v, _join(path, k))]
    if isinstance(value, list):
        return [r for i, v in enumerate(value) for r in unsafe_values(v, _join(path, str(i)))]
    if isinstance(value, str) and not _storable(value):
        return [Reason(path or "body", "Text must be valid Unicode without NUL characters.")]
    if isinstance(value, int) and not isinstance(value, bool) and abs(value) > INT_LIMIT:
        return [Reason(path or "body", f"Integers must lie within +/-{INT_LIMIT}.")]
    return []


def _join(path: str, key: str) -> str:
    return f"{path}.{key}" if path else key


def _storable(text: str) -> bool:
    if "\x00" in text:
        return False
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def envelope(shape: type[BaseModel], raw: dict[str, Any]) -> tuple[BaseModel | None, list[Reason]]:
    """The envelope parsed, or the reasons it is malformed (each field named)."""
    try:
        return shape.model_validate(raw), []
    except ValidationError as error:
        return None, pydantic_reasons(error)


def int_arg(name: str, default: int | None) -> int | None:
    """A whole-number query argument; anything else is 422 naming the argument."""
    value = request.args.get(name)
    if value is None or value == "":
        return default
    if not value.isascii() or not value.isdigit() or len(value) > 9:
        raise invalid(name, "must be a whole number from 1 to 999999999")
    return int(value)


def text_arg(name: str, choices: Any = None) -> str | None:
    """A text query argument; when `choices` are given it must be one of them."""
    value = request.args.get(name)
    if value is None or value == "":
        return None
    if choices is not None and value not in choices:
        raise invalid(name, f"must be one of {', '.join(choices)}")
    if not _storable(value) or len(value) > 100:
        raise invalid(name, "is not a known code")
    return value


def bool_arg(name: str) -> bool | None:
    value = request.args.get(name)
    if value is None or value == "":
        return None
    if value.lower() in ("true", "1"):
        return True
    if value.lower() in ("false", "0"):
        return False
    raise invalid(name, "must be true or false")
