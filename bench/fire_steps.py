"""The fire bench alone, step by step: which steps make each contender's p95.

    PYTHONPATH=. .venv/bin/python -m bench.fire_steps --objects 100 [--runs 3] [--json F]

SQLite on a tmpfs always; PostgreSQL too when MIEUX_BENCH_PG_URL is set (bench/run.sh
sets it; scripts/postgres.sh starts a server). Each run is a fresh database; the
contenders are interleaved path by path (bench/fire_bench.py). Prints, per database
and run, each step's p50/p95 and statements for the three contenders, and ours'
ratios against SpiffWorkflow, per step and overall.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
from pathlib import Path

from bench import spiff
from bench.fire_bench import Figures, bench_fire
from bench.run import database

NAMES = {"ours": "ours", "by hand (ORM)": "hand", "SpiffWorkflow": "spiff"}


def p(values: list[float], q: str) -> float:
    if q == "p50":
        return statistics.median(values) * 1000
    return statistics.quantiles(values, n=20)[-1] * 1000


def table(kind: str, fire: dict[str, Figures]) -> dict[str, object]:
    ours, spiffs = fire["ours"], fire["SpiffWorkflow"]
    head = f"{'step':<24}" + "".join(f"{n:>8} p50 {'p95':>6} st" for n in NAMES.values())
    print(f"\n{kind}\n{head}   ours/spiff p50 p95")
    rows = []
    for k, name in enumerate(spiff.STEPS):
        cells = []
        for contender in NAMES:
            f = fire[contender]
            cells.append(
                f"{p(f.by_step[k], 'p50'):>12.2f} {p(f.by_step[k], 'p95'):>6.2f} "
                f"{f.step_statements[k]:>2.0f}"
            )
        ratio = [p(ours.by_step[k], q) / p(spiffs.by_step[k], q) for q in ("p50", "p95")]
        print(f"{name:<24}" + "".join(cells) + f"   {ratio[0]:>5.2f} {ratio[1]:>5.2f}")
        rows.append(
            {
                "step": name,
                **{
                    f"{NAMES[c]}_{q}": p(fire[c].by_step[k], q)
                    for c in NAMES
                    for q in ("p50", "p95")
                },
                **{f"{NAMES[c]}_statements": fire[c].step_statements[k] for c in NAMES},
            }
        )
    overall = {f"{NAMES[c]}_{q}": getattr(fire[c], q) for c in NAMES for q in ("p50", "p95")}
    print(
        f"{'all steps':<24}"
        + "".join(
            f"{fire[c].p50:>12.2f} {fire[c].p95:>6.2f} {fire[c].statements:>2.0f}" for c in NAMES
        )
        + f"   {ours.p50 / spiffs.p50:>5.2f} {ours.p95 / spiffs.p95:>5.2f}"
    )
    return {"steps": rows, "overall": overall}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--objects", type=int, default=100, help="fire paths per contender")
    parser.add_argument("--runs", type=int, default=1, help="fresh databases per kind")
    parser.add_argument("--json", type=Path, help="append each run's figures to this file")
    args = parser.parse_args()
    kinds = ["sqlite"] + (["postgresql"] if os.environ.get("MIEUX_BENCH_PG_URL") else [])
    for run in range(args.runs):
        for kind in kinds:
            with database(kind, "fire") as url:
                found = table(f"{kind}, run {run + 1}", bench_fire(url, args.objects))
            if args.json:
                with args.json.open("a") as out:
                    out.write(json.dumps({"kind": kind, "run": run, **found}) + "\n")


if __name__ == "__main__":
    main()
