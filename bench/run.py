"""The benchmark suite: one command, one table, docs/performance.md rewritten.

    bash bench/run.sh                      # starts a throw-away PostgreSQL, then this
    .venv/bin/python -m bench.run --quick  # SQLite only, small sizes (minutes)

Every database is generated afresh (bench/generate.py); PostgreSQL comes from
MIEUX_BENCH_PG_URL (a server URL whose user may CREATE DATABASE). SQLite files
go to a tmpfs (/dev/shm) when there is one, as PostgreSQL runs with fsync off:
neither measures the disk. Figures are measured side by side in one run;
nothing here is asserted by the tests.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import sqlite3
import tempfile
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager, nullcontext
from dataclasses import asdict
from pathlib import Path
from typing import Any

from bench.concurrency import bench_concurrency
from bench.demo import bench_demo
from bench.fire_bench import bench_fire
from bench.generate import generate
from bench.machine import bench_machine
from bench.ops import bench_ops
from bench.report import print_table, write_docs
from bench.web import bench_web
from db.engine import make_engine

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "bench" / "results"


@contextmanager
def database(kind: str, name: str) -> Iterator[str]:
    """An empty database of `kind`, dropped afterwards."""
    if kind == "sqlite":
        folder = "/dev/shm" if os.path.isdir("/dev/shm") else None
        with tempfile.TemporaryDirectory(dir=folder) as path:
            yield f"sqlite:///{path}/{name}.sqlite3"
        return
    admin = make_engine(os.environ["MIEUX_BENCH_PG_URL"], isolation_level="AUTOCOMMIT")
    db = f"bench_{name}_{uuid.uuid4().hex[:6]}"
    with admin.connect() as connection:
        connection.exec_driver_sql(f'CREATE DATABASE "{db}"')
    try:
        yield admin.url.set(database=db).render_as_string(hide_password=False)
    finally:
        with admin.connect() as connection:
            connection.exec_driver_sql(f'DROP DATABASE IF EXISTS "{db}" WITH (FORCE)')
        admin.dispose()


def conditions() -> dict[str, Any]:
    found: dict[str, Any] = {
        "date": dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M UTC"),
        "python": platform.python_version(),
        "sqlite": sqlite3.sqlite_version,
        "cpus": os.cpu_count(),
        "load average at start": os.getloadavg()[0],
    }
    if os.environ.get("MIEUX_BENCH_PG_URL"):
        engine = make_engine(os.environ["MIEUX_BENCH_PG_URL"])
        with engine.connect() as connection:
            found["postgresql"] = connection.exec_driver_sql("SHOW server_version").scalar()
        engine.dispose()
    return found


def run(args: argparse.Namespace) -> dict[str, Any]:
    kinds = ["sqlite"] + (["postgresql"] if os.environ.get("MIEUX_BENCH_PG_URL") else [])
    sizes = {"sqlite": args.sqlite_sizes, "postgresql": args.pg_sizes}
    results: dict[str, Any] = {"conditions": conditions(), "fire": {}, "sizes": {}}
    results["conditions"].update(objects=args.objects, seconds=args.seconds)
    if args.into:  # add sizes to an earlier run's results
        earlier = json.loads((RESULTS / f"{args.into}.json").read_text())
        results = {**earlier, "sizes": earlier.get("sizes", {})}
    for kind in kinds if not args.only_sizes else []:
        with database(kind, "fire") as url:
            fire = bench_fire(url, args.objects)
        results["fire"][kind] = {
            name: {"p50": f.p50, "p95": f.p95, "statements": f.statements}
            for name, f in fire.items()
        }
        print(f"fire on {kind}: done", flush=True)
    if not args.only_sizes:
        results["machine"] = asdict(bench_machine(args.machine))
    for kind in kinds if not (args.only_sizes or args.no_demo) else []:
        with database(kind, "demo") as url:
            results.setdefault("demo", {})[kind] = asdict(bench_demo(url))
        print(f"demo on {kind}: done", flush=True)
    for kind in kinds:
        results["sizes"].setdefault(kind, {})
        for size in sizes[kind]:
            reused = args.reuse.get((kind, size))
            with database(kind, f"{size}") if reused is None else nullcontext(reused) as url:
                start = time.perf_counter()
                if reused is None:
                    generate(url, size)
                made = time.perf_counter() - start if reused is None else float("nan")
                web = bench_web(url, args.seconds)
                ops = bench_ops(url, args.mails)
                # Clients in processes, each its own connection: PostgreSQL only.
                concurrency = bench_concurrency(url) if kind == "postgresql" else None
            results["sizes"][kind][str(size)] = {
                "generate_s": made,
                "web": [
                    {
                        "path": w.path,
                        "p50": w.p50,
                        "p95": w.p95,
                        "rate": w.rate,
                        "errors": w.errors,
                        "statements": w.statements,
                    }
                    for w in web
                ],
                "ops": {**asdict(ops), "rate": ops.rate},
                "concurrency": asdict(concurrency) if concurrency else None,
            }
            print(f"{kind} at {size} Actions: done", flush=True)
    return results


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--objects", type=int, default=300, help="fire paths per contender")
    parser.add_argument("--machine", type=int, default=3000, help="in-memory moves")
    parser.add_argument("--seconds", type=float, default=3.0, help="load per path")
    parser.add_argument("--mails", type=int, default=300, help="outbox messages delivered")
    parser.add_argument("--sqlite-sizes", type=lambda s: [int(x) for x in s.split(",") if x])
    parser.add_argument("--pg-sizes", type=lambda s: [int(x) for x in s.split(",") if x])
    parser.add_argument(
        "--reuse",
        action="append",
        default=[],
        metavar="KIND:SIZE=URL",
        help="a database bench/generate.py filled before (e.g. postgresql:100000=URL): "
        "measured, not generated again (its outbox grows by each run's reminders)",
    )
    parser.add_argument("--only-sizes", action="store_true", help="no fire, no machine, no demo")
    parser.add_argument("--no-demo", action="store_true", help="no `mieux demo --full` timing")
    parser.add_argument("--into", help="add these sizes to bench/results/INTO.json")
    parser.add_argument("--quick", action="store_true", help="small sizes, short loads")
    parser.add_argument("--label", default="latest", help="bench/results/LABEL.json")
    parser.add_argument("--no-docs", action="store_true", help="leave docs/performance.md")
    args = parser.parse_args()
    reuse = {}
    for item in args.reuse:
        key, _, url = item.partition("=")
        kind, _, size = key.partition(":")
        reuse[(kind, int(size))] = url
    args.reuse = reuse
    if args.quick:
        args.objects, args.seconds, args.machine = min(args.objects, 50), 1.0, 1000
        args.sqlite_sizes = [1000] if args.sqlite_sizes is None else args.sqlite_sizes
        args.pg_sizes = [1000] if args.pg_sizes is None else args.pg_sizes
    if args.sqlite_sizes is None:
        args.sqlite_sizes = [1000, 10000]
    if args.pg_sizes is None:
        args.pg_sizes = [1000, 10000, 100000]
    results = run(args)
    out = RESULTS / f"{args.into or args.label}.json"
    out.parent.mkdir(exist_ok=True)
    out.write_text(json.dumps(results, indent=1, default=str))
    print_table(results)
    if not args.no_docs:
        write_docs(results, ROOT / "docs")


if __name__ == "__main__":
    main()
