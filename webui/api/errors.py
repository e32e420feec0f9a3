"""Every refusal as docs/api.md's error body `{"error", "message", "reasons"}`, with its status."""

from __future__ import annotations

from typing import Any

from flask import Flask, Response, current_app, jsonify, request
from werkzeug.exceptions import HTTPException

from workflow.services import Reason, Throttled, WorkflowError

API_PREFIX = "/api/"

# The workflow's refusals, by code, to the statuses of docs/api.md's error table.
STATUS = {
    "unauthenticated": 401,
    "bad_request": 400,
    "not_found": 404,
    "forbidden": 403,
    "validation_failed": 422,
    "stale": 409,
    "invalid_transition": 409,
    "guard_failed": 409,
    "throttled": 429,
}
# Statuses the protocol gives before the API is reached (no route, no such method, too big).
HTTP_CODES = {404: "not_found", 405: "method_not_allowed", 413: "payload_too_large"}


class ApiError(WorkflowError):
    """A refusal of the API layer itself (401, 400, 413) rather than of the workflow."""

    def __init__(
        self, status: int, code: str, message: str, reasons: list[Reason] | None = None
    ) -> None:
        super().__init__(message, reasons or [])
        self.status = status
        self.code = code


def error_response(status: int, code: str, message: str, reasons: list[Reason]) -> Response:
    body = {"error": code, "message": message, "reasons": [r.as_dict() for r in reasons]}
    response = jsonify(body)
    response.status_code = status
    if status == 401:
        response.headers["WWW-Authenticate"] = 'Bearer realm="mieux"'
    return response


def workflow_error(error: WorkflowError) -> Response:
    status = error.status if isinstance(error, ApiError) else STATUS.get(error.code, 500)
    response = error_response(status, error.code, error.message, error.reasons)
    if isinstance(error, Throttled):
        response.headers["Retry-After"] = str(error.retry_after)
    return response


def http_error(error: HTTPException) -> Response:
    status = error.code or 500
    code = HTTP_CODES.get(status, "bad_request" if status < 500 else "internal_error")
    response = error_response(status, code, error.description or error.name, [])
    allowed = getattr(error, "valid_methods", None)
    if status == 405 and allowed:
        response.headers["Allow"] = ", ".join(allowed)
    return response


def unexpected_error(error: Exception) -> Response:
    # Logged here (a handled error is not logged by Flask); the caller gets the contract's
    # body, never a traceback page.
    current_app.logger.exception("Unexpected error on %s %s", request.method, request.path)
    return error_response(500, "internal_error", "Something went wrong on our side.", [])


def install_http_handlers(app: Flask) -> None:
    """Routing errors (no route, wrong method) under /api/ answer JSON too.

    They happen before any blueprint is chosen, so they are app-level handlers;
    other paths keep whatever handler was there before (the UI's pages).
    """
    for status in (404, 405):
        previous = app.error_handler_spec[None][status].get(_exception_class(status))

        def handle(error: HTTPException, previous: Any = previous) -> Any:
            if request.path.startswith(API_PREFIX):
                return http_error(error)
            return previous(error) if previous else error

        app.register_error_handler(status, handle)


def _exception_class(status: int) -> type[HTTPException]:
    from werkzeug.exceptions import default_exceptions

    return default_exceptions[status]
