"""Reading what a caller sends: the JSON body (400 unless an object) and query arguments."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any, NoReturn

from flask import request
from pydantic import BaseModel, ValidationError

from webui.api.errors import ApiError
from workflow.services import Reason, invalid, pydantic_reasons, unstorable

MAX_BODY_BYTES = 1024 * 1024


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
    # Text and numbers no column can hold are refused by the workflow's shapes (422),
    # after the checks that come before them (404, 403).
    return body


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
    if unstorable(value, name) or len(value) > 100:
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


def date_arg(name: str) -> dt.date | None:
    """An ISO date query argument (YYYY-MM-DD), or None when absent."""
    value = request.args.get(name)
    if value is None or value == "":
        return None
    try:
        if len(value) != 10:
            raise ValueError(value)
        return dt.date.fromisoformat(value)
    except ValueError:
        raise invalid(name, "must be a date written YYYY-MM-DD") from None
