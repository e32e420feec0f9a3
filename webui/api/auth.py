"""Bearer tokens: the only way into the API (a browser session never is), and the token routes."""

from __future__ import annotations

from typing import TYPE_CHECKING

from flask import Blueprint, Response, current_app, g, jsonify, request

from webui.api.body import envelope, json_object
from webui.api.errors import ApiError
from webui.api.schemas import TokenIn, TokenOut
from workflow.services import ValidationFailed, tokens, unstorable

if TYPE_CHECKING:
    from webui import Services

# Routes anyone may call: getting a token, and the API's description.
PUBLIC_ENDPOINTS = frozenset({"api.issue_token", "api.openapi"})


def services() -> Services:
    from webui import services as services_of

    return services_of(current_app)


def presented_token() -> str | None:
    header = request.headers.get("Authorization", "")
    scheme, _, token = header.partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        return None
    return token.strip()


def authenticate() -> None:
    """Before every API route but the public ones: a live token, else 401 (first of all checks)."""
    if request.endpoint in PUBLIC_ENDPOINTS:
        return
    token = presented_token()
    user_id = tokens.user_for_token(services().uow(), token) if token else None
    if user_id is None:
        raise ApiError(401, "unauthenticated", "Send a valid token: Authorization: Bearer <token>.")
    g.api_user_id = user_id
    g.api_token = token


def user_id() -> int:
    found: int = g.api_user_id
    return found


def register(bp: Blueprint) -> None:
    bp.before_request(authenticate)
    bp.add_url_rule("/auth/token", "issue_token", issue_token, methods=["POST"])
    bp.add_url_rule("/auth/token", "revoke_token", revoke_token, methods=["DELETE"])


def issue_token() -> tuple[Response, int]:
    body = json_object()
    unsafe = unstorable(body, "")
    if unsafe:  # a NUL in a username must not reach the database's text comparison
        raise ValidationFailed("The request is not valid.", unsafe)
    credentials, reasons = envelope(TokenIn, body)
    if reasons or not isinstance(credentials, TokenIn):
        raise ValidationFailed("The request is not valid.", reasons)
    token, expires = tokens.issue_for_password(
        services().uow(), credentials.username, credentials.password, request.remote_addr or ""
    )
    out = TokenOut(token=token, expires_at=expires)
    return jsonify(out.model_dump(mode="json")), 201


def revoke_token() -> tuple[str, int]:
    tokens.revoke(services().uow(), g.api_token)
    return "", 204
