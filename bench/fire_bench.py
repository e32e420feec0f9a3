"""Fire throughput on SQLite and PostgreSQL, and why one Machine per lifecycle (not per row).

Prints figures measured side by side in one run; asserts nothing (speed
targets live here, never in tests). PostgreSQL is used when MIEUX_BENCH_PG_URL (a
server URL whose user may CREATE DATABASE) is set; scripts/postgres.sh can start one.

    .venv/bin/python bench/fire_bench.py [--requests 300]
"""

from __future__ import annotations

import argparse
import os
import tempfile
import time
import uuid
from collections.abc import Callable
from types import SimpleNamespace

from db.engine import make_engine, make_session_factory
from db.migrate import upgrade
from workflow import services
from workflow.services import LIFECYCLES, Lifecycle, SystemClock, UnitOfWork, add_user

REQUEST = LIFECYCLES["request"]

PAYLOAD = {
    "requester_name": "Ministry of Interior",
    "requester_type": "national_administration",
    "countries": ["TH"],
    "thematic_areas": ["irregular_migration"],
    "received_on": "2026-09-01",
    "summary": "Benchmark request.",
    "endorsed_by": "Minister",
    "endorsed_on": "2026-09-01",
}


def timed(action: Callable[[], object], count: int) -> float:
    start = time.perf_counter()
    for _ in range(count):
        action()
    return count / (time.perf_counter() - start)


def bench_database(url: str, count: int) -> dict[str, float]:
    upgrade(url)
    engine = make_engine(url)
    factory = make_session_factory(engine)

    def uow() -> UnitOfWork:
        return UnitOfWork(factory, SystemClock())

    staff = add_user(uow(), "bench", ["staff"], "benchmark-password")
    ids: list[int] = []
    create = timed(lambda: ids.append(services.create_request(uow(), staff.id, PAYLOAD).id), count)
    pending = iter(ids)
    fire = timed(
        lambda: services.fire_transition(
            uow(), "request", next(pending), "start_screening", staff.id
        ),
        count,
    )
    engine.dispose()
    return {"create/s": create, "fire/s": fire}


def bench_machine(count: int) -> dict[str, float]:
    # start_screening has no guard and no effect: this times the Machine alone.
    def row() -> SimpleNamespace:
        return SimpleNamespace(state=REQUEST.initial)

    shared = timed(lambda: REQUEST.run(row(), "start_screening", None), count)
    definition = (REQUEST.kind, REQUEST.states, list(REQUEST.transitions.values()))

    def fresh_machine() -> object:
        return Lifecycle(*definition, initial=REQUEST.initial).run(row(), "start_screening", None)

    per_row = timed(fresh_machine, count)
    return {"shared Machine moves/s": shared, "Machine per row moves/s": per_row}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--requests", type=int, default=300)
    count = parser.parse_args().requests
    results: dict[str, dict[str, float]] = {}
    with tempfile.TemporaryDirectory() as folder:
        results["sqlite"] = bench_database(f"sqlite:///{folder}/bench.sqlite3", count)
    server = os.environ.get("MIEUX_BENCH_PG_URL")
    if server:
        admin = make_engine(server, isolation_level="AUTOCOMMIT")
        name = f"mieux_bench_{uuid.uuid4().hex[:8]}"
        with admin.connect() as connection:
            connection.exec_driver_sql(f'CREATE DATABASE "{name}"')
        try:
            url = admin.url.set(database=name).render_as_string(hide_password=False)
            results["postgresql"] = bench_database(url, count)
        finally:
            with admin.connect() as connection:
                connection.exec_driver_sql(f'DROP DATABASE "{name}" WITH (FORCE)')
    machine = bench_machine(count * 10)
    for database, figures in results.items():
        print(f"{database:<11}" + "  ".join(f"{k} {v:8.1f}" for k, v in figures.items()))
    print("  ".join(f"{k} {v:10.0f}" for k, v in machine.items()))
    ratio = machine["shared Machine moves/s"] / machine["Machine per row moves/s"]
    print(f"one shared Machine is {ratio:.0f}x faster than building one per row")
    if "postgresql" in results:
        ratio = results["postgresql"]["fire/s"] / results["sqlite"]["fire/s"]
        print(f"fire/s PostgreSQL / SQLite: {ratio:.2f}")


if __name__ == "__main__":
    main()
