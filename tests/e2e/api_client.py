"""A small JSON client of the API for tests: acts as any user of a Scenario, by token."""

from __future__ import annotations

import json
from typing import Any

from flask import Flask
from werkzeug.test import TestResponse

from db.models import User
from tests.support import PASSWORD, Scenario

BASE = "/api/v1"


class ApiClient:
    def __init__(self, app: Any, world: Scenario) -> None:
        self.app: Flask = app
        self.client = app.test_client()
        self.world = world
        self.tokens: dict[str, str] = {}

    def token(self, user: User) -> str:
        """A token got over HTTP with the user's password (once per user)."""
        if user.username not in self.tokens:
            response = self.client.post(
                f"{BASE}/auth/token", json={"username": user.username, "password": PASSWORD}
            )
            assert response.status_code == 201, response.get_json()
            self.tokens[user.username] = response.get_json()["token"]
        return self.tokens[user.username]

    def call(
        self,
        method: str,
        path: str,
        user: User | None = None,
        body: Any = None,
        *,
        raw: bytes | str | None = None,
        token: str | None = None,
        **query: Any,
    ) -> TestResponse:
        headers = {}
        if user is not None or token is not None:
            headers["Authorization"] = f"Bearer {token or self.token(user)}"  # type: ignore[arg-type]
        data = raw if raw is not None else (None if body is None else json.dumps(body))
        if data is not None:
            headers["Content-Type"] = "application/json"
        return self.client.open(
            BASE + path, method=method, headers=headers, data=data, query_string=query or None
        )

    def get(self, path: str, user: User, **query: Any) -> TestResponse:
        return self.call("GET", path, user, **query)

    def post(self, path: str, user: User, body: Any = None, **kw: Any) -> TestResponse:
        return self.call("POST", path, user, body if body is not None else {}, **kw)

    def patch(self, path: str, user: User, body: Any, **kw: Any) -> TestResponse:
        return self.call("PATCH", path, user, body, **kw)

    def ok(self, response: TestResponse, status: int = 200) -> Any:
        """The JSON body of a response that must have `status`."""
        assert response.status_code == status, (response.status_code, response.get_json())
        return response.get_json()

    def fire(
        self, kind: str, obj: dict[str, Any], trigger: str, user: User, **body: Any
    ) -> dict[str, Any]:
        """Fire on the object at its current version; the changed object."""
        payload = {"version": obj["version"], **body}
        result: dict[str, Any] = self.ok(
            self.post(f"/{kind}/{obj['id']}/transitions/{trigger}", user, payload)
        )
        return result
