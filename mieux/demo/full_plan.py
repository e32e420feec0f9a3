"""The full demo's plan: which Requests to add so that 2009-2019 reads as the report says.

The plan starts from what the database already counts over the report's span
(the small walk-through set holds the sixteen case studies) and adds what is
missing: the Requests of each year, declined or accepted; the Actions closed
(with their share on irregular migration and on trafficking), the rest
cancelled; their countries, so that the Actions reach more than 120 countries
and exactly 25 Actions lie in 11 Latin American and Caribbean countries.
Requests received in MIEUX I (before 2012) are on irregular migration only,
as that phase's scope was; the Latin American Actions come mostly after 2015.
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass, field
from typing import Any

from mieux.demo.shape import DemoDataError

PERIOD = (dt.date(2009, 1, 1), dt.date(2019, 12, 31))
LAC = "latin_america_caribbean"
IRREGULAR, SMUGGLING = "irregular_migration", "migrant_smuggling"
THB = "trafficking_in_human_beings"
OTHER_AREAS = ("legal_migration", "international_protection", "migration_development", "horizontal")
# The first Latin American countries to reach (the report names them), then the Caribbean.
LAC_ORDER = ("EC", "CO", "GT", "HN", "SV", "AR", "BO", "DO", "PY", "UY", "PA", "JM", "BR", "CL")
MIEUX_II = dt.date(2012, 1, 1)


@dataclass(frozen=True)
class Report:
    """The report's figures for 2009-2019 (the roster's are not bound to a span)."""

    requests_per_year: dict[int, int] = field(
        default_factory=lambda: {
            **{2009: 8, 2010: 12, 2011: 14, 2012: 14, 2013: 13, 2014: 13},
            **{2015: 14, 2016: 16, 2017: 16, 2018: 15, 2019: 12},
        }
    )
    declined: int = 12  # of the Requests still to add (the report gives no figure)
    closed: int = 109
    closed_irregular: int = 41
    closed_thb: int = 27
    lac_actions: int = 25
    lac_countries: int = 11
    more_countries_than: int = 120
    roster: int = 675
    deployed: int = 340
    men: int = 207
    women: int = 133
    by_type: dict[str, int] = field(
        default_factory=lambda: {
            "eu_government": 176,
            "non_eu_government": 32,
            "non_governmental": 132,
        }
    )
    by_member_state: dict[str, int] = field(
        default_factory=lambda: {
            **{"FR": 22, "PT": 21, "ES": 19, "NL": 18, "BE": 14, "GB": 10, "IT": 9, "RO": 9},
            **{"HU": 7, "LT": 6, "AT": 6, "SI": 7, "BG": 5, "PL": 5, "DE": 3, "MT": 3},
            **{"SE": 3, "DK": 2, "CZ": 1, "FI": 1, "GR": 1, "IE": 1},
        }
    )
    unrecorded_member_state: int = 3

    @property
    def requests(self) -> int:
        return sum(self.requests_per_year.values())


REPORT = Report()


class PlanError(DemoDataError):
    """The database already counts more than the report's figures allow."""


@dataclass
class Spec:
    """One Request to add: what becomes of it, where, on what, and the year received."""

    outcome: str  # "closed", "cancelled" or "declined"
    areas: list[str]
    topics: list[str] = field(default_factory=list)
    countries: list[str] = field(default_factory=list)
    year: int = 0


def missing(target: int, now: int, what: str) -> int:
    if now > target:
        raise PlanError(f"{what}: the database counts {now}, more than the report's {target}")
    return target - now


def plan(stats: dict[str, Any], regions: dict[str, str], rng: random.Random) -> list[Spec]:
    """The Requests to add, given the figures of the span now and each partner's region."""
    closed_now = stats["actions_closed"]
    new = missing(REPORT.requests, stats["requests_total"], "Requests")
    closed = missing(REPORT.closed, closed_now["total"], "closed Actions")
    irregular = missing(
        REPORT.closed_irregular, closed_now["by_area"].get(IRREGULAR, 0), "closed, irregular"
    )
    thb = missing(REPORT.closed_thb, closed_now["by_topic"].get(THB, 0), "closed, THB")
    declined = min(REPORT.declined, new - closed)
    cancelled = new - closed - declined
    if thb > irregular or irregular > closed or cancelled < 0:
        raise PlanError("the closed Actions to add cannot hold the report's shares")
    specs = [Spec("closed", [IRREGULAR], [THB]) for _ in range(thb)]
    specs += [
        Spec("closed", [IRREGULAR], [SMUGGLING] if n % 2 else []) for n in range(irregular - thb)
    ]
    specs += [_other("closed", rng) for _ in range(closed - irregular)]
    specs += [_either("cancelled", n % 3 == 0, rng) for n in range(cancelled)]
    specs += [_either("declined", n % 2 == 0, rng) for n in range(declined)]
    _place(specs, stats, regions, rng)
    _date(specs, stats, regions, rng)
    return specs


def _other(outcome: str, rng: random.Random) -> Spec:
    areas = sorted(rng.sample(OTHER_AREAS, rng.choice((1, 1, 2))))
    topics = ["diaspora"] if "migration_development" in areas and rng.random() < 0.5 else []
    return Spec(outcome, areas, topics)


def _either(outcome: str, irregular: bool, rng: random.Random) -> Spec:
    return Spec(outcome, [IRREGULAR]) if irregular else _other(outcome, rng)


def _place(
    specs: list[Spec], stats: dict[str, Any], regions: dict[str, str], rng: random.Random
) -> None:
    """Countries for each Request: Latin America's quota first, then every country not yet
    reached, a few neighbours together where there are more countries than Actions."""
    covered = set(stats["actions_by_country"])
    actions = [s for s in specs if s.outcome != "declined"]
    lac_now = sorted(c for c in covered if regions.get(c) == LAC)
    lac_new = [c for c in LAC_ORDER if c not in covered and regions.get(c) == LAC]
    lac_new = lac_new[: missing(REPORT.lac_countries, len(lac_now), "Latin American countries")]
    lac_count = missing(REPORT.lac_actions, stats["actions_by_region"].get(LAC, 0), "LAC Actions")
    lac_lists = [[c] for c in lac_new]
    lac_lists += [[rng.choice(lac_now + lac_new)] for _ in range(lac_count - len(lac_lists))]
    # Latin America's Actions take the later, broader areas (most came after 2015).
    later = sorted(actions, key=lambda s: IRREGULAR in s.areas)
    for spec, countries in zip(later, lac_lists, strict=False):
        spec.countries = countries
    rest = [s for s in actions if not s.countries]
    others = sorted((c for c, r in regions.items() if r != LAC), key=lambda c: (regions[c], c))
    uncovered = [c for c in others if c not in covered]
    for spec, countries in zip(rest, _chunks(uncovered, len(rest)), strict=True):
        spec.countries = countries or [rng.choice(sorted(covered - set(lac_now)))]
    reached = len(covered) + len(lac_new) + len(uncovered)
    if reached <= REPORT.more_countries_than:
        raise PlanError(f"only {reached} partner countries: add more to the reference data")
    for spec in specs:
        if spec.outcome == "declined":
            spec.countries = [rng.choice(others)]


def _chunks(items: list[str], parts: int) -> list[list[str]]:
    """`items` cut into `parts` runs as even as can be (empty runs when too few)."""
    size, extra = divmod(len(items), parts)
    out, start = [], 0
    for n in range(parts):
        end = start + size + (1 if n < extra else 0)
        out.append(items[start:end])
        start = end
    return out


def _date(
    specs: list[Spec], stats: dict[str, Any], regions: dict[str, str], rng: random.Random
) -> None:
    """A year for each Request: MIEUX I's slots to irregular migration, Latin America's
    Actions from 2015 on, the rest anywhere left."""
    done = stats["requests_by_year"]
    slots = [
        year
        for year, count in REPORT.requests_per_year.items()
        for _ in range(missing(count, done.get(str(year), 0), f"Requests of {year}"))
    ]
    rng.shuffle(slots)
    pool = list(specs)
    rng.shuffle(pool)

    def in_lac(spec: Spec) -> bool:
        return spec.outcome != "declined" and regions.get(spec.countries[0]) == LAC

    early = [y for y in slots if dt.date(y, 12, 31) < MIEUX_II]
    irregular = [s for s in pool if s.areas == [IRREGULAR] and not in_lac(s)]
    if len(irregular) < len(early):
        raise PlanError("too few Requests on irregular migration for MIEUX I's years")
    for spec, year in zip(irregular, early, strict=False):
        spec.year = year
    recent = [y for y in slots if y >= 2015]
    lac = [s for s in pool if in_lac(s)]
    for spec, year in zip(lac, recent, strict=False):
        spec.year = year
    left = recent[len(lac) :] + [y for y in slots if y not in recent and y not in early]
    rng.shuffle(left)
    for spec, year in zip([s for s in pool if not s.year], left, strict=True):
        spec.year = year
