"""Schemathesis against the served OpenAPI document: no 5xx, every answer as documented,
and nothing stored by a call refused with a 4xx (every table's rows and every object's
version compared around it).

About 50 examples per operation (MIEUX_SCHEMATHESIS_EXAMPLES), on SQLite and on
PostgreSQL, over a world that has objects in several states, so generated ids find
real rows; each call carries a token of a user who may make it (a PSC member's for
votes, the focal point's for validating the Fiche, staff's for the rest).
"""

from __future__ import annotations

import os
import traceback
from collections.abc import Iterator
from typing import Any

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.snapshot import changes, snapshotter
from tests.support import Scenario
from webui import create_app, services
from webui.config import TestConfig
from workflow.admin.tokens import issue_for_username
from workflow.engine.clock import FixedClock
from workflow.engine.unit_of_work import UnitOfWork

pytestmark = pytest.mark.e2e


@pytest.fixture
def fuzzed_app(db_url: str, clock: FixedClock) -> Iterator[Any]:
    app = create_app(TestConfig(db_url), clock=clock)
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


def caller(world: Scenario, path: str) -> Any:
    """The user who may make calls on `path`, so that they reach past the role check."""
    if path.endswith("/votes"):
        return world.psc[0]
    if path.endswith("/validate_fiche"):
        return world.focal
    return world.staff


@pytest.fixture
def bearer(fuzzed_app: Any) -> Any:
    """A header for the operation's user; a fresh token for each DELETE (it revokes what
    it presents)."""
    world: Scenario = fuzzed_app.config["FUZZ_WORLD"]
    kept: dict[str, str] = {}

    def header(case: Any) -> dict[str, str]:
        user = caller(world, case.operation.path)
        if case.method.upper() == "DELETE":
            token = issue_for_username(world.uow(), user.username)[0]
        else:
            if user.username not in kept:
                kept[user.username] = issue_for_username(world.uow(), user.username)[0]
            token = kept[user.username]
        return {"Authorization": f"Bearer {token}"}

    return header


@pytest.fixture
def stored(fuzzed_app: Any) -> Any:
    return snapshotter(services(fuzzed_app).engine)


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


def records_its_refusals(operation: Any) -> bool:
    """A refused login is recorded by design (the throttling counts failures in the database)."""
    return operation.method.upper() == "POST" and operation.path.endswith("/auth/token")


def fuzz(operation: Any, headers: Any, stored: Any) -> None:
    @given(case=with_known_ids(operation))
    @settings(
        max_examples=int(os.environ.get("MIEUX_SCHEMATHESIS_EXAMPLES", "50")),
        deadline=None,
        database=None,
        suppress_health_check=list(HealthCheck),
    )
    def run(case: Any) -> None:
        sent = headers(case)  # may issue a token: before the snapshot
        before = stored()
        answer = case.call_and_validate(headers=sent, excluded_checks=[SEMANTIC_422])
        refused = 400 <= answer.status_code < 500
        if refused and not records_its_refusals(operation):
            changed = changes(before, stored())
            assert not changed, f"{answer.status_code} yet stored: {changed}"

    run()


def test_the_api_answers_every_generated_call_as_documented(
    api_schema: Any, bearer: Any, stored: Any
) -> None:
    failed = {}
    for found in api_schema.get_all_operations():
        operation = found.ok()
        try:
            fuzz(operation, bearer, stored)
        except (Exception, BaseExceptionGroup) as error:  # one failure must not hide others
            failed[operation.label] = "".join(traceback.format_exception(error))[-3000:]
    assert not failed, "\n\n".join(f"{label}: {error}" for label, error in failed.items())
