"""Schemathesis against the served OpenAPI document: no 5xx, every answer as documented.

Runs once, on SQLite, about 20 examples per operation, over a
world that has objects in several states, so generated ids find real rows.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.support import Scenario
from webui import create_app, services
from webui.config import TestConfig
from workflow.admin.tokens import issue_for_username
from workflow.engine.clock import FixedClock
from workflow.engine.unit_of_work import UnitOfWork

pytestmark = pytest.mark.e2e


@pytest.fixture
def fuzzed_app(sqlite_template: Path, tmp_path: Path, clock: FixedClock) -> Iterator[Any]:
    copy = tmp_path / "fuzz.sqlite3"
    shutil.copyfile(sqlite_template, copy)
    app = create_app(TestConfig(f"sqlite:///{copy}"), clock=clock)
    mieux = services(app)
    world = Scenario(lambda: UnitOfWork(mieux.session_factory, clock), clock)
    action = world.approved_action(activities=2)
    world.held_activity(action)
    world.action(activities=1)
    world.request_in_review()
    app.config["FUZZ_WORLD"] = world
    yield app
    mieux.engine.dispose()


@pytest.fixture
def api_schema(fuzzed_app: Any) -> Any:
    return schemathesis.openapi.from_wsgi("/api/v1/openapi.json", fuzzed_app)


@pytest.fixture
def bearer(fuzzed_app: Any) -> Any:
    """A header for the staff user; a fresh token for each DELETE (it revokes what it presents)."""
    world: Scenario = fuzzed_app.config["FUZZ_WORLD"]
    kept = issue_for_username(world.uow(), world.staff.username)[0]

    def header(case: Any) -> dict[str, str]:
        fresh = case.method.upper() == "DELETE"
        token = issue_for_username(world.uow(), world.staff.username)[0] if fresh else kept
        return {"Authorization": f"Bearer {token}"}

    return header


# A body can match its schema and still be refused with 422 for what a schema cannot say:
# a code unknown to the reference data, a date in the future, a comment required in a state.
SEMANTIC_422 = schemathesis.checks.positive_data_acceptance


def with_known_ids(operation: Any) -> Any:
    """Cases whose path ids are mostly those of the world's rows (else nearly all are 404)."""

    def place(pair: tuple[Any, int]) -> Any:
        case, known = pair
        if case.path_parameters and "id" in case.path_parameters and known:
            case.path_parameters["id"] = known
        return case

    return st.tuples(operation.as_strategy(), st.integers(0, 8)).map(place)


def fuzz(operation: Any, headers: Any) -> None:
    @given(case=with_known_ids(operation))
    @settings(
        max_examples=int(os.environ.get("MIEUX_SCHEMATHESIS_EXAMPLES", "20")),
        deadline=None,
        database=None,
        suppress_health_check=list(HealthCheck),
    )
    def run(case: Any) -> None:
        case.call_and_validate(headers=headers(case), excluded_checks=[SEMANTIC_422])

    run()


def test_the_api_answers_every_generated_call_as_documented(api_schema: Any, bearer: Any) -> None:
    failed = {}
    for found in api_schema.get_all_operations():
        operation = found.ok()
        try:
            fuzz(operation, bearer)
        except (Exception, BaseExceptionGroup) as error:  # one failure must not hide others
            failed[operation.label] = str(error)[:2000]
    assert not failed, "\n\n".join(f"{label}: {error}" for label, error in failed.items())
