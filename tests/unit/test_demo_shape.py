"""The demo data files: every shipped file fits the shape, and a bad one says where it is wrong."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from mieux.demo.shape import HERE, DemoDataError, read_case, read_cases, read_experts

SAMPLE = HERE / "cases" / "20-praia-municipal-integration-2026.json"


def write(tmp_path: Path, **changes: Any) -> Path:
    case = json.loads(SAMPLE.read_text()) | changes
    path = tmp_path / "99-broken.json"
    path.write_text(json.dumps(case))
    return path


def test_every_shipped_file_fits_the_shape() -> None:
    cases = read_cases()
    assert len(cases) == 22
    assert len({case.key for case in cases}) == 22
    assert len(read_experts()) == 18


@pytest.mark.parametrize(
    ("changes", "where"),
    [
        ({"budget": 1000}, "99-broken.json: budget: Extra inputs are not permitted"),
        ({"target": "approved"}, "99-broken.json: target"),
        ({"received_on": "soon"}, "99-broken.json: received_on: Input should be a valid date"),
        ({"steps": {"approve": {}}}, "no such trigger approve"),
        ({"steps": {"decline": {"on": "2026-01-01", "dat": {}}}}, "steps.decline.dat: Extra"),
    ],
)
def test_a_malformed_case_file_is_refused_naming_the_file_and_field(
    tmp_path: Path, changes: dict[str, Any], where: str
) -> None:
    with pytest.raises(DemoDataError, match=r"99-broken\.json") as refused:
        read_case(write(tmp_path, **changes))
    assert where in str(refused.value)


def test_a_malformed_experts_file_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "experts.json"
    path.write_text(json.dumps([{"name": "Ana", "email": "ana@example.org"}]))
    with pytest.raises(DemoDataError, match=r"experts\.json: 0\.nationality: Field required"):
        read_experts(path)
