"""The programme's figures over everything (for a user who sees everything, with no phase,
region or span), from the counts the database keeps (migration 0022): sums over a few
hundred rows, whatever the number of Requests, Actions, activities and experts.

The same figures within a filter are counted from the rows (workflow.read.stats); the
tests check the two against each other after every kind of write.
"""

from __future__ import annotations

from typing import Any

from workflow.read.figures import (
    LINKS,
    activity_figures,
    rapid_figures,
    request_figures,
    roster_figures,
    shaped_action_figures,
    tally,
)
from workflow.read.tallies import Counts


def kept_figures(counts: Counts, rapid_reaction_days: int) -> dict[str, Any]:
    def of(figure: str, part: bool = False) -> dict[str, int]:
        return tally((key, n[part]) for key, n in counts.get(figure, {}).items())

    experts = [
        (*key.split("|"), n, deployed) for key, (n, deployed) in counts.get("expert", {}).items()
    ]
    days = [(int(d), n) for d, (n, _) in counts.get("first_held", {}).items()]
    people = of("participants")
    return {
        **request_figures(of("request_year"), of("request")),
        **shaped_action_figures(
            of("action"),
            {f: of(f) for f in ("region", *LINKS)},
            {f: of(f, part=True) for f in ("area", "topic")},
        ),
        "rapid_reaction": rapid_figures(days, rapid_reaction_days),
        "experts": roster_figures([(t, g, ms or None, n, d) for t, g, ms, n, d in experts]),
        **activity_figures(
            of("activity_type"),
            *(people.get(k, 0) for k in ("total", "women", "men")),
        ),
    }
