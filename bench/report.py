"""The suite's one table (printed, and in docs/performance.md) and its chart of cost by size."""

from __future__ import annotations

from pathlib import Path
from typing import Any

BEGIN, END = "<!-- figures: written by bench/run.py -->", "<!-- /figures -->"
CHART = "performance-size.svg"


def rows(results: dict[str, Any]) -> list[tuple[str, str, str]]:
    """(figure, conditions, value) for every figure of a run."""
    out: list[tuple[str, str, str]] = []
    objects = results["conditions"]["objects"]
    for kind, fire in results.get("fire", {}).items():
        ours, hand, spiff = fire["ours"], fire["by hand (ORM)"], fire["SpiffWorkflow"]
        where = f"{kind}, {objects} paths of 11 steps, one step at a time"
        for name, f in fire.items():
            out.append(
                (
                    f"fire per step: {name}",
                    where,
                    f"p50 {f['p50']:.2f} ms, p95 {f['p95']:.2f} ms, "
                    f"{f['statements']:.0f} statements a path",
                )
            )
        out.append(
            (
                "fire: ours / by hand (target <= 1.5)",
                where,
                f"p50 {ours['p50'] / hand['p50']:.2f}x, p95 {ours['p95'] / hand['p95']:.2f}x",
            )
        )
        out.append(
            (
                "fire: ours / SpiffWorkflow (target <= 1.0)",
                where,
                f"p50 {ours['p50'] / spiff['p50']:.2f}x, p95 {ours['p95'] / spiff['p95']:.2f}x",
            )
        )
    m = results.get("machine")
    if m:
        out.append(
            (
                "in memory: engine fire vs a Machine per object (target >= 50x, >= 100x lighter)",
                "start_screening (no guard, no effect), no database",
                f"{m['ours_per_s']:.0f} vs {m['per_object_per_s']:.0f} moves/s "
                f"({m['ours_per_s'] / m['per_object_per_s']:.1f}x); "
                f"kept beyond the bare row: {_beyond(m, 'ours_bytes'):,.0f} vs "
                f"{_beyond(m, 'per_object_bytes'):,.0f} bytes an object "
                f"({_lighter(m)}); with the row "
                f"({m['row_bytes']:.0f} bytes): {m['ours_bytes']:.0f} vs "
                f"{m['per_object_bytes']:.0f} "
                f"({m['per_object_bytes'] / m['ours_bytes']:.0f}x lighter)",
            )
        )
    for kind, demo in results.get("demo", {}).items():
        out.append(
            (
                "`mieux demo --full` (target < 60 s)",
                f"{kind}, an empty database, the command in its own process",
                f"{demo['wall_s']:.0f} s wall, {demo['cpu_s']:.0f} s CPU of the command",
            )
        )
    seconds = results["conditions"]["seconds"]
    for kind, sizes in results["sizes"].items():
        for size, figures in sizes.items():
            where = f"{kind}, {int(size):,} Actions"
            made = figures["generate_s"]
            shown = "filled before this run" if made != made else f"{made:.0f} s"  # NaN: reused
            out.append(("generate", where, shown))
            for w in figures["web"]:
                out.append(
                    (
                        f"GET {w['path']}",
                        f"{where}, waitress, 1 client, {seconds:.0f} s",
                        f"p50 {w['p50']:.0f} ms, p95 {w['p95']:.0f} ms, "
                        f"{w['statements']} queries"
                        + (f", {w['errors']} errors" if w["errors"] else ""),
                    )
                )
            ops = figures["ops"]
            out.append(
                (
                    "deadline scan (target < 1 s at 1M activities)",
                    where,
                    f"{ops['scan_seconds']:.2f} s (median of 3), {ops['due']} reminders due",
                )
            )
            out.append(
                (
                    "outbox: queue the scan's reminders",
                    where,
                    f"{ops['queued']} in {ops['enqueue_seconds']:.2f} s "
                    f"({ops['queued'] / max(ops['enqueue_seconds'], 1e-9):.0f}/s)",
                )
            )
            out.append(
                (
                    "outbox delivery to a local SMTP sink (target >= 200/s)",
                    where,
                    f"{ops['rate']:.0f} messages/s ({ops['sent']} sent)",
                )
            )
            out += _concurrency(figures.get("concurrency"), where)
    return out


def _concurrency(found: dict[str, Any] | None, where: str) -> list[tuple[str, str, str]]:
    """Fires a second per number of clients on distinct objects, and the one-object race."""
    if not found:
        return []
    rates = ", ".join(
        f"{s['clients']}: {s['fires'] / max(s['seconds'], 1e-9):.0f}/s"
        + (f" ({sum(s['errors'].values())} errors)" if s["errors"] else "")
        for s in found["scaling"]
    )
    errors = sum(sum(s["errors"].values()) for s in found["scaling"])
    races = "; ".join(
        f"{r['clients']} clients: {r['won']} won, "
        + ", ".join(f"{n} {kind}" for kind, n in r["refused"].items())
        + f", {r['history_rows']} history row"
        for r in found["one_object"]
    )
    conditions = f"{where}, a process and a connection per client, suspend/resume"
    return [
        (
            "concurrency: fires/s by clients, distinct Actions",
            conditions,
            f"{rates}; {errors} errors",
        ),
        ("concurrency: one Action, one version (exactly one wins)", conditions, races),
    ]


def markdown(results: dict[str, Any]) -> str:
    lines = ["| figure | conditions | value |", "| --- | --- | --- |"]
    lines += [f"| {a} | {b} | {c} |" for a, b, c in rows(results)]
    return "\n".join(lines)


def print_table(results: dict[str, Any]) -> None:
    found = rows(results)
    width = max(len(a) for a, _, _ in found)
    cond = max(len(b) for _, b, _ in found)
    print(f"conditions: {results['conditions']}")
    for a, b, c in found:
        print(f"{a:<{width}}  {b:<{cond}}  {c}")


def chart(results: dict[str, Any], path: Path) -> bool:
    """p95 of each page against the number of Actions, one panel per database (SVG)."""
    try:
        import matplotlib

        matplotlib.use("Agg")
        import matplotlib.pyplot as plt
    except ImportError:  # an optional bench dependency
        return False
    kinds = [k for k, sizes in results["sizes"].items() if sizes]
    if not kinds:
        return False
    figure, axes = plt.subplots(1, len(kinds), figsize=(6 * len(kinds), 4.5), squeeze=False)
    for axis, kind in zip(axes[0], kinds, strict=True):
        axis.set_prop_cycle(color=plt.cm.tab20.colors)  # one colour a line
        sizes = sorted(results["sizes"][kind], key=int)
        paths = [w["path"] for w in results["sizes"][kind][sizes[0]]["web"]]
        for n, page in enumerate(paths):
            p95 = [results["sizes"][kind][s]["web"][n]["p95"] for s in sizes]
            axis.plot([int(s) for s in sizes], p95, marker="o", label=_short(page))
        scan = [results["sizes"][kind][s]["ops"]["scan_seconds"] * 1000 for s in sizes]
        axis.plot([int(s) for s in sizes], scan, marker="s", linestyle="--", label="deadline scan")
        axis.set_xscale("log")
        axis.set_yscale("log")
        axis.set_title(f"{kind}: p95 (ms) against Actions")
        axis.set_xlabel("Actions (about ten activities each)")
        axis.set_ylabel("ms")
        axis.grid(True, which="both", alpha=0.3)
    axes[0][-1].legend(fontsize=7, loc="upper left", bbox_to_anchor=(1.02, 1))
    figure.tight_layout()
    figure.savefig(path, format="svg")
    plt.close(figure)
    return True


def _beyond(machine: dict[str, Any], key: str) -> float:
    """Bytes held per object beyond the bare row (tracemalloc's noise can go below 0)."""
    return max(float(machine[key]) - float(machine["row_bytes"]), 0.0)


def _lighter(machine: dict[str, Any]) -> str:
    ours = _beyond(machine, "ours_bytes")
    if ours < 16:  # less than the smallest Python object: what the run allocated once, shared
        return "ours keeps nothing per object"
    return f"{_beyond(machine, 'per_object_bytes') / ours:.0f}x lighter"


def _short(path: str) -> str:
    parts = [p if not p.isdigit() else "<id>" for p in path.split("/")]
    return "/".join(parts)


def write_docs(results: dict[str, Any], docs: Path) -> None:
    """Replace the figures block of docs/performance.md (the rest is written by hand)."""
    target = docs / "performance.md"
    drawn = chart(results, docs / CHART)
    block = [BEGIN, "", f"Conditions: {_conditions(results['conditions'])}.", "", markdown(results)]
    if drawn:
        block += ["", f"![p95 of each page and the deadline scan against the size]({CHART})"]
    block += ["", END]
    text = target.read_text() if target.exists() else f"# Performance\n\n{BEGIN}\n{END}\n"
    head, _, rest = text.partition(BEGIN)
    _, _, tail = rest.partition(END)
    target.write_text(head + "\n".join(block) + tail)


def _conditions(found: dict[str, Any]) -> str:
    return ", ".join(f"{k} {v}" for k, v in found.items())
