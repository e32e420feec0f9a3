"""The library's API routes: upload (multipart), list, search, download, withdraw, CVs; each
refusal in the API's error body, and nothing stored when refused."""

from __future__ import annotations

import io
from typing import Any

from werkzeug.datastructures import FileStorage
from werkzeug.test import encode_multipart

from db.models import Deliverable, StoredFile
from tests.e2e.api_client import BASE, ApiClient
from tests.integration.test_library import PDF, PNG, stored_keys
from tests.support import Scenario

FIELDS = {"type": "brochure", "title": "Know your rights", "language": "fr"}


def send(api: ApiClient, method: str, path: str, user: Any, name: str, content: bytes,
         **fields: str) -> Any:  # fmt: skip
    boundary, body = encode_multipart({**fields, "file": FileStorage(io.BytesIO(content), name)})
    return api.client.open(
        BASE + path,
        method=method,
        data=body,
        content_type=f"multipart/form-data; boundary={boundary}",
        headers={"Authorization": f"Bearer {api.token(user)}"},
    )


def test_deliverables_through_the_api(api: ApiClient, world: Scenario) -> None:
    action = world.action()
    path = f"/actions/{action.id}/deliverables"
    fields = {**FIELDS, "issued_on": "2026-10-01"}
    forged = send(api, "POST", path, world.staff, "rights.pdf", PNG, **fields)
    assert forged.status_code == 422 and forged.get_json()["reasons"][0]["code"] == "file"
    unknown = send(api, "POST", path, world.staff, "rights.pdf", PDF, **fields, colour="red")
    assert unknown.status_code == 422
    assert send(api, "POST", path, world.psc[0], "rights.pdf", PDF, **fields).status_code == 403
    assert (world.count(Deliverable), world.count(StoredFile), stored_keys(api.app)) == (0, 0, [])

    made = api.ok(send(api, "POST", path, world.focal, "rights.pdf", PDF, **fields), 201)
    assert made["title"] == "Know your rights" and made["media_type"] == "application/pdf"
    assert made["file_name"] == "rights.pdf" and made["size"] == len(PDF)
    assert api.ok(api.get(path, world.staff)) == [made]
    found = api.ok(api.get("/deliverables", world.staff, q="rights", country="th"))
    assert found["total"] == 1 and found["items"] == [made]
    assert api.ok(api.get("/deliverables", world.staff, type="brochure"))["total"] == 1
    assert api.get("/deliverables", world.staff, type="poem").status_code == 422
    file = api.get(f"/deliverables/{made['id']}/file", world.focal)
    assert file.status_code == 200 and file.data == PDF
    assert file.headers["Content-Disposition"].startswith("attachment")
    assert api.get(f"/deliverables/{made['id']}/file", world.expert_user).status_code == 404

    withdraw = f"/deliverables/{made['id']}/withdraw"
    assert api.post(withdraw, world.focal, {"reason": "Old."}).status_code == 403
    assert api.post(withdraw, world.staff, {}).status_code == 422
    assert api.post(withdraw, world.staff, {"reason": "Old."}).status_code == 204
    assert api.ok(api.get(path, world.staff)) == []
    assert api.ok(api.get("/deliverables", world.focal))["total"] == 0


def test_cvs_through_the_api(api: ApiClient, world: Scenario) -> None:
    cv = f"/experts/{world.expert.id}/cv"
    assert api.get(cv, world.staff).status_code == 404  # none yet
    assert send(api, "PUT", cv, world.expert_user, "cv.pdf", PDF).status_code == 204
    got = api.get(cv, world.psc[0])
    assert got.status_code == 200 and got.data == PDF and got.mimetype == "application/pdf"
    assert api.get(cv, world.focal).status_code == 404
    refused = send(api, "PUT", cv, world.focal, "cv.pdf", PDF)
    assert refused.status_code == 404  # a focal point does not see experts' records
