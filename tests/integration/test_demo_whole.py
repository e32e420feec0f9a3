"""`mieux demo` is all or nothing: a clash part-way leaves the database as it was, and the
message names the user that clashed (issue 12)."""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from mieux.demo.loader import DemoClash, load_demo_whole
from tests.conftest import NOW
from tests.tables import every_row
from workflow.services import UnitOfWork, add_user


def test_a_clash_part_way_leaves_nothing_behind_and_names_the_user(
    engine: sa.Engine, session_factory: object
) -> None:
    # The first case's focal point logs in as `focal.philippines`: a staff user of that name
    # makes the load fail after users, experts and the first Request are written.
    add_user(UnitOfWork(session_factory), "focal.philippines", ["staff"], "a long password")  # type: ignore[arg-type]
    before = every_row(engine)
    with pytest.raises(DemoClash) as refused:
        load_demo_whole(engine, NOW)
    assert str(refused.value) == (
        "The user 'focal.philippines' is already there (staff), but the demo needs it as "
        "focal_point: load the demo into another database."
    )
    assert every_row(engine) == before
