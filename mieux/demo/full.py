"""`mieux demo --full`: the small walk-through set, then the report's ten years around it.

After the small set (which holds the sixteen case studies), the figures of
2009-2019 are read from the database and the plan (`full_plan.py`) adds what
is missing: the roster's experts, by type, gender and Member State as the
report counts them, then every planned Request, walked through the real
services like any demo case. The same seed gives the same data; loading it
again adds nothing (the span already holds the report's Requests).
"""

from __future__ import annotations

import datetime as dt
import random
from collections import Counter

import sqlalchemy as sa

from db.models import Country, Expert
from mieux.demo.full_cases import Bookings, CaseWriter
from mieux.demo.full_people import People, deployed_experts, roster_only
from mieux.demo.full_plan import PERIOD, REPORT, PlanError, missing, plan
from mieux.demo.loader import DEMO_USERS, Database, DemoLoader, DemoSummary, load_demo
from workflow.services import import_experts, queries, statistics_for

SEED = 2019


def load_full(database: Database, now: dt.datetime) -> DemoSummary:
    """Load the small set, then complete 2009-2019 to the report's figures."""
    summary = load_demo(database, now)
    loader = DemoLoader(database, now.date())
    for username, roles, email, name in DEMO_USERS:
        loader.ensure_user(username, roles, email, name)
    loader.ensure_experts()
    stats = figures(loader)
    if stats["requests_total"] >= REPORT.requests:
        summary.skipped.append("full")
        return summary
    rng = random.Random(SEED)
    with loader.uow() as uow:
        taken = set(uow.session.scalars(sa.select(Expert.email)))
        rows = uow.session.execute(sa.select(Country.code, Country.name, Country.region_code))
        names, regions = {}, {}
        for code, name, region in rows:
            names[code] = name
            if region is not None:
                regions[code] = region
    people = People(rng, taken)
    deployed = _experts(loader, people, stats)
    specs = plan(stats, regions, rng)
    writer, bookings = CaseWriter(rng, people, names), Bookings(deployed)
    cases = [writer.case(n, spec, bookings) for n, spec in enumerate(specs, start=1)]
    if bookings.unused():
        raise PlanError(f"{len(bookings.unused())} experts to deploy found no activity")
    owners = [loader.users["officer"], loader.users["officer2"]]
    for n, case in enumerate(cases):
        loader.load_case(case, owners[n % 2])
        summary.loaded.append(case.key)
    return summary


def figures(loader: DemoLoader) -> dict[str, object]:
    """The figures of 2009-2019 as the programme's staff see them (everything)."""
    with loader.uow() as uow:
        # A held load's transaction has begun already (and writes): no read-only begin.
        session = uow.session if loader.held is not None else queries.read_only(uow)
        staff = queries.actor(session, loader.staff.id)
        return statistics_for(session, staff, span=PERIOD)


def _experts(loader: DemoLoader, people: People, stats: dict[str, object]) -> list:
    """Add the experts still missing from the roster; return those to deploy."""
    experts: dict = stats["experts"]  # type: ignore[assignment]
    by_type = {
        t: missing(n, experts["by_type"].get(t, 0), f"deployed {t} experts")
        for t, n in REPORT.by_type.items()
    }
    by_state = {
        s: missing(n, experts["by_member_state"].get(s, 0), f"deployed experts from {s}")
        for s, n in REPORT.by_member_state.items()
    }
    genders = ["male"] * missing(REPORT.men, experts["by_gender"].get("male", 0), "men")
    genders += ["female"] * missing(REPORT.women, experts["by_gender"].get("female", 0), "women")
    people.rng.shuffle(genders)
    deployed = deployed_experts(people, by_type, by_state, REPORT.unrecorded_member_state, genders)
    rest = missing(REPORT.roster, experts["roster"] + len(deployed), "experts in the roster")
    member_states = sorted(Counter(REPORT.by_member_state).elements())
    everyone = [*deployed, *roster_only(people, rest, member_states)]
    payloads = [e.model_dump(mode="json") for e in everyone]
    for expert in import_experts(loader.uow(), loader.staff.id, payloads):
        loader.experts[expert.email] = expert.id
    return deployed
