"""The served OpenAPI document describes every route of docs/api.md, from the checking shapes."""

from __future__ import annotations

from tests.e2e.api_client import ApiClient
from tests.support import Scenario
from workflow.action.shapes import DacRatings
from workflow.lifecycles import LIFECYCLES

CONTRACT = [
    ("post", "/auth/token"), ("delete", "/auth/token"), ("post", "/requests"),
    ("post", "/experts"), ("post", "/actions/{id}/activities"), ("post", "/actions/{id}/votes"),
    ("get", "/actions/{id}/votes"), ("get", "/notifications"),
    ("post", "/notifications/{id}/read"), ("get", "/stats"), ("get", "/openapi.json"),
]  # fmt: skip
PLURAL = {"request": "requests", "action": "actions", "activity": "activities"}


def test_the_document_is_served_without_a_token_and_lists_every_route(
    api: ApiClient, world: Scenario
) -> None:
    response = api.client.get("/api/v1/openapi.json")
    doc = response.get_json()
    assert response.status_code == 200 and doc["openapi"].startswith("3.1")
    expected = list(CONTRACT)
    for plural in ("requests", "actions", "activities", "experts"):
        expected += [("get", f"/{plural}"), ("get", f"/{plural}/{{id}}")]
        expected += [("patch", f"/{plural}/{{id}}")]
    for kind, lifecycle in LIFECYCLES.items():
        base = f"/{PLURAL[kind]}/{{id}}"
        expected += [("get", f"{base}/transitions"), ("get", f"{base}/history")]
        expected += [
            ("post", f"{base}/transitions/{t.trigger}")
            for t in lifecycle.transitions.values()
            if not t.system_only
        ]
    missing = [(m, p) for m, p in expected if m not in doc["paths"].get(p, {})]
    assert missing == []


def test_every_guarded_operation_documents_401_and_its_errors_body(api: ApiClient) -> None:
    doc = api.client.get("/api/v1/openapi.json").get_json()
    for path, item in doc["paths"].items():
        for method, op in item.items():
            if method == "parameters":
                continue
            public = op.get("security") == []
            assert public or "401" in op["responses"], (method, path)
            for status, answer in op["responses"].items():
                if int(status) >= 400:
                    schema = answer["content"]["application/json"]["schema"]
                    assert schema == {"$ref": "#/components/schemas/ErrorOut"}


def test_a_transition_s_body_is_its_data_shape_from_the_workflow(api: ApiClient) -> None:
    doc = api.client.get("/api/v1/openapi.json").get_json()
    close = doc["paths"]["/actions/{id}/transitions/close"]["post"]["requestBody"]
    body = close["content"]["application/json"]["schema"]["$ref"].rsplit("/", 1)[1]
    schemas = doc["components"]["schemas"]
    assert schemas[body]["properties"]["data"] == {"$ref": "#/components/schemas/CloseData"}
    assert schemas[body]["required"] == ["version", "data"]
    dac = schemas["DacRatings"]
    assert set(dac["required"]) == set(DacRatings.model_fields)
    assert dac["properties"]["relevance"]["minimum"] == 1
    assert dac["properties"]["relevance"]["maximum"] == 4


def test_the_document_shows_each_field_s_length_and_dates_as_dates(api: ApiClient) -> None:
    doc = api.client.get("/api/v1/openapi.json").get_json()
    schemas = doc["components"]["schemas"]
    expert = next(s for name, s in schemas.items() if name.startswith("ExpertInput"))
    assert expert["properties"]["name"]["maxLength"] == 200
    assert expert["properties"]["email"]["maxLength"] == 254
    request = next(s for name, s in schemas.items() if name.startswith("RequestInput"))
    assert request["properties"]["received_on"]["format"] == "date"
