"""Headers on every response: the Content-Security-Policy with a per-response nonce, and the rest.

No inline style and no outside origin: every asset is served from `webui/static/`.
"""

from __future__ import annotations

import secrets

from flask import Flask, Response, g, request

POLICY = (
    "default-src 'self'; script-src 'self' 'nonce-{nonce}'; style-src 'self'; "
    "img-src 'self' data:; object-src 'none'; base-uri 'self'; form-action 'self'; "
    "frame-ancestors 'none'"
)


def csp_nonce() -> str:
    """This response's nonce, for the rare inline script a library needs."""
    if "csp_nonce" not in g:
        g.csp_nonce = secrets.token_urlsafe(16)
    nonce: str = g.csp_nonce
    return nonce


def add_headers(response: Response) -> Response:
    response.headers["Content-Security-Policy"] = POLICY.format(nonce=csp_nonce())
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["Referrer-Policy"] = "same-origin"
    response.headers["X-Frame-Options"] = "DENY"
    return response


# A form's body (URL-encoded) is read into memory whole: a bigger one is refused with 413
# before it is read. Multipart bodies (files) are werkzeug's: each field in memory at most
# MAX_FORM_MEMORY_SIZE (500 kB), files spooled to disk; an upload view sets its own limit.
FORM_BODY_LIMIT = 1024 * 1024


def limit_body() -> None:
    if request.mimetype != "multipart/form-data":
        request.max_content_length = FORM_BODY_LIMIT


def init(app: Flask) -> None:
    app.config.update(SESSION_COOKIE_HTTPONLY=True, SESSION_COOKIE_SAMESITE="Lax")
    app.before_request(limit_body)
    app.after_request(add_headers)
    app.jinja_env.globals["csp_nonce"] = csp_nonce
