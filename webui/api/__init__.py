"""The JSON API, version 1 (docs/api.md): a blueprint under /api/v1, bearer tokens only.

It reads no browser session and sets no cookie, and a CSRF token is never
asked of it: its callers are programs that present a token on every call.
"""

from __future__ import annotations

import sqlalchemy as sa
from flask import Blueprint, Flask, Response, jsonify
from werkzeug.exceptions import HTTPException

from webui import faults
from webui.api import auth, creating, errors, figures, library, objects, openapi
from workflow.services import WorkflowError

PREFIX = "/api/v1"


def make_blueprint() -> Blueprint:
    bp = Blueprint("api", __name__, url_prefix=PREFIX)
    auth.register(bp)
    objects.register(bp)
    creating.register(bp)
    figures.register(bp)
    library.register(bp)
    bp.add_url_rule("/openapi.json", "openapi", openapi_document, methods=["GET"])
    bp.register_error_handler(WorkflowError, errors.workflow_error)
    bp.register_error_handler(HTTPException, errors.http_error)
    bp.register_error_handler(sa.exc.SQLAlchemyError, faults.api_answer)
    bp.register_error_handler(Exception, errors.unexpected_error)
    bp.after_request(_no_cache)
    return bp


def openapi_document() -> Response:
    return jsonify(openapi.document())


def _no_cache(response: Response) -> Response:
    # Answers depend on who asks: no shared cache may keep them.
    response.headers.setdefault("Cache-Control", "no-store")
    return response


def register(app: Flask) -> None:
    """Mount the API on `app`; exempt it from CSRF if Flask-WTF's CSRFProtect is set up."""
    bp = make_blueprint()
    app.register_blueprint(bp)
    errors.install_http_handlers(app)
    csrf = app.extensions.get("csrf")
    if csrf is not None:
        csrf.exempt(bp)
