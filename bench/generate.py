"""Fill a database with N Actions (about ten activities each) and their whole history, fast.

The objects are written in bulk (COPY on PostgreSQL, executemany on SQLite),
not through the services: 100,000 Actions through `fire` would take hours.
One block of `BLOCK` Actions is built in Python and the database copies it
(bench/replicate.py): 100,000 Actions in minutes, not an hour. The due
items are those of a live programme (a few late reports, a few Activities
near their start without experts...: the rates below), not a backlog.
So that bulk-written data is still data the workflow could have made, each
object's history is the path its lifecycle gives from the initial state
(`path_to`), the fields each effect sets are set, and bench/invariants.py
checks the result with the lifecycle definitions and the guards themselves
(tests/integration/test_bench_data.py runs it on a small size).

    .venv/bin/python -m bench.generate URL --actions 10000
"""

from __future__ import annotations

import argparse
import datetime as dt
import functools
import json
import logging
import os
import random
import time
from collections import defaultdict
from collections.abc import Iterable
from typing import Any

import sqlalchemy as sa
from werkzeug.security import generate_password_hash

from bench.replicate import (
    SHARED,
    refill_facts,
    replicate,
    without_keys_and_indexes,
    without_triggers,
)
from db.engine import make_engine
from db.migrate import upgrade
from db.models import Base
from workflow.services import LIFECYCLES, ActionState, ActivityState, RequestState, path_to

log = logging.getLogger(__name__)
NOW = dt.datetime(2026, 12, 1, 9, 0, tzinfo=dt.UTC)
TODAY = NOW.date()
PASSWORD = "bench-password"
PSC_MEMBERS = 3  # the three-member vote
STAFF, FOCAL_USERS, EXPERT_USERS = 4, 20, 20
ACTIVITIES = 10
BLOCK = 1000  # Actions built in Python; the database copies them (bench/replicate.py)

# How the Actions of a facility that has run for years are spread over their states.
ACTION_MIX = {
    ActionState.FICHE_DRAFTING: 10,
    ActionState.PSC_REVIEW: 5,
    ActionState.IMPLEMENTATION: 35,
    ActionState.SUSPENDED: 3,
    ActionState.EVALUATION: 7,
    ActionState.CLOSED: 30,
    ActionState.REJECTED: 3,
    ActionState.CANCELLED: 7,
}
# The due items of a live programme: most work is done before its deadline, a few items
# are late (what reminders are for). An implementing Action has an Activity awaiting its
# report part of the time, and few reports are late; few Activities come within two weeks
# of their start without experts; few Requests are undecided on their eligibility day.
HELD_SHARE = 0.15  # of the Activities next in line to be reported, those not reported yet
LATE_REPORT = 0.05  # of the held ones, the report is overdue (held 33-62 days ago)
UNSTAFFED = 0.002  # of a live Action's planned Activities, starting within 7-14 days
LATE_ELIGIBILITY = 0.05  # of the undecided Requests, received on or before their decision day
LIVE = (
    ActionState.FICHE_DRAFTING,
    ActionState.PSC_REVIEW,
    ActionState.IMPLEMENTATION,
    ActionState.SUSPENDED,
)
# Requests that never became an Action: one for every five that did.
OPEN_REQUESTS = (
    RequestState.RECEIVED,
    RequestState.ELIGIBILITY_REVIEW,
    RequestState.AWAITING_INFORMATION,
    RequestState.DECLINED,
    RequestState.WITHDRAWN,
)
EVALUATION = {
    "dac": dict.fromkeys(
        (
            "relevance",
            "effectiveness",
            "efficiency",
            "sustainability",
            "impact",
            "coherence",
            "eu_added_value",
        ),
        4,
    ),
    "partner_feedback": "Useful.",
    "expert_feedback": "Committed partner.",
    "lessons_learned": "Start early.",
    "good_practice": [],
}


@functools.cache
def at_ten(day: dt.date) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(10, 0), tzinfo=dt.UTC)


@functools.cache
def steps_to(kind: str, target: Any) -> tuple[tuple[str, Any, Any, bool], ...]:
    """The lifecycle's path from its initial state: (trigger, from, to, by the system)."""
    lifecycle, state, steps = LIFECYCLES[kind], LIFECYCLES[kind].initial, []
    for trigger in path_to(lifecycle, lifecycle.initial, target):
        transition = lifecycle.transitions[trigger]
        steps.append((trigger, state, transition.dest, transition.system_only))
        state = transition.dest
    return tuple(steps)


class Writer:
    """Rows buffered per table and written in bulk: COPY on PostgreSQL, executemany else."""

    CHUNK = 50_000

    def __init__(self, connection: sa.Connection) -> None:
        self.connection = connection
        self.postgres = connection.dialect.name == "postgresql"
        self.rows: dict[str, list[dict[str, Any]]] = defaultdict(list)
        self.counts: dict[str, int] = defaultdict(int)
        self.next_ids: dict[str, int] = defaultdict(lambda: 1)

    def new_id(self, table: str) -> int:
        value = self.next_ids[table]
        self.next_ids[table] = value + 1
        return value

    def add(self, table: str, **row: Any) -> None:
        self.rows[table].append(row)

    def maybe_flush(self) -> None:
        """Write what is buffered once a table holds a chunk (between objects, when every
        row's parents are buffered too)."""
        if any(len(rows) >= self.CHUNK for rows in self.rows.values()):
            self.flush()

    def flush(self) -> None:
        # Parents before children: the tables in the metadata's dependency order.
        for name in [t.name for t in Base.metadata.sorted_tables]:
            if self.rows.get(name):
                self._write(Base.metadata.tables[name], self.rows.pop(name))

    def _write(self, table: sa.Table, rows: list[dict[str, Any]]) -> None:
        self.counts[table.name] += len(rows)
        if not self.postgres:
            self.connection.execute(table.insert(), rows)
            return
        columns = list(rows[0])
        jsons = {c for c in columns if isinstance(table.c[c].type, sa.JSON)}
        cursor = self.connection.connection.driver_connection.cursor()  # type: ignore[union-attr]
        with cursor.copy(f'COPY "{table.name}" ({", ".join(columns)}) FROM STDIN') as copy:
            for row in rows:
                copy.write_row([json.dumps(row[c]) if c in jsons else row[c] for c in columns])

    def finish(self) -> None:
        self.flush()
        if self.postgres:
            for table in Base.metadata.sorted_tables:
                if (
                    "id" in table.c
                    and table.c.id.autoincrement is not False
                    and table.name in (self.counts)
                ):
                    self.connection.exec_driver_sql(
                        f"SELECT setval(pg_get_serial_sequence('{table.name}', 'id'), "
                        f'(SELECT max(id) FROM "{table.name}"))'
                    )


class Generator:
    def __init__(
        self, writer: Writer, connection: sa.Connection, actions: int, seed: int, activities: int
    ) -> None:
        self.w, self.rnd, self.actions = writer, random.Random(seed), actions
        self.activities = activities
        self.settings = dict(connection.execute(sa.text("SELECT key, value FROM settings")).all())
        self.settings = {
            k: json.loads(v) if isinstance(v, str) else v for k, v in self.settings.items()
        }
        rows = connection.execute(
            sa.text(
                "SELECT ci.country_code, i.valid_from, i.valid_to FROM country_instruments ci "
                "JOIN instruments i ON i.code = ci.instrument_code"
            )
        ).all()
        self.country_validity = defaultdict(list)
        for code, start, end in rows:
            self.country_validity[code].append((_date(start), _date(end)))
        self.countries = sorted(self.country_validity)
        self.bookings: dict[int, list[tuple[dt.date, dt.date]]] = defaultdict(list)
        self.experts = max(40, actions // 2)

    # people

    def people(self) -> None:
        hashed = generate_password_hash(PASSWORD)
        self.staff = [self.user(f"staff{i}", ["staff"], hashed) for i in range(1, STAFF + 1)]
        self.psc = [self.user(f"psc{i}", ["psc"], hashed) for i in range(1, PSC_MEMBERS + 1)]
        self.focal = [
            self.user(f"focal{i}", ["focal_point"], hashed, f"focal{i}@example.org")
            for i in range(1, FOCAL_USERS + 1)
        ]
        for i in range(1, EXPERT_USERS + 1):
            self.user(f"expert{i}", ["expert"], hashed, f"expert{i}@example.org")
        self.user("admin", ["admin"], hashed)
        for i in range(1, self.experts + 1):
            self.w.add(
                "experts",
                id=self.w.new_id("experts"),
                version=1,
                name=f"Expert {i}",
                email=f"expert{i}@example.org",
                nationality_code="FR",
                type="eu_government",
                gender=("female", "male")[i % 2],
                administration="Ministry",
                languages=["en"],
                availability=[],
                thematic_areas=["irregular_migration"],
                has_cv=True,
                created_at=NOW,
                updated_at=NOW,
            )

    def user(self, name: str, roles: list[str], hashed: str, email: str | None = None) -> int:
        user_id = self.w.new_id("users")
        self.w.add(
            "users",
            id=user_id,
            username=name,
            full_name=name.title(),
            email=email or f"{name}@example.org",
            password_hash=hashed,
            active=True,
            created_at=NOW,
            updated_at=NOW,
        )
        for role in roles:
            self.w.add("user_roles", user_id=user_id, role=role)
        return user_id

    # history

    def history(
        self,
        kind: str,
        obj_id: int,
        action_id: int | None,
        trigger: str,
        before: str | None,
        after: str | None,
        actor: int | None,
        day: dt.date,
        data: dict[str, Any] | None = None,
        comment: str = "",
    ) -> None:
        self.w.add(
            "history",
            id=self.w.new_id("history"),
            object_kind=kind,
            object_id=obj_id,
            action_id=action_id,
            trigger=trigger,
            from_state=before,
            to_state=after,
            actor_id=actor,
            at=at_ten(day),
            comment=comment,
            data=data or {},
        )

    def walk(
        self,
        kind: str,
        obj_id: int,
        action_id: int | None,
        target: Any,
        actor: int | None,
        day: dt.date,
        data: dict[str, dict[str, Any]] | None = None,
        days: dict[str, dt.date] | None = None,
    ) -> dt.date:
        """The history rows of the lifecycle's path from its initial state to `target`
        (`days`: the day of a step, when it is not a few days after the one before)."""
        for trigger, state, dest, system in steps_to(kind, target):
            day = (days or {}).get(trigger) or self.later(day)
            extra = (data or {}).get(trigger, {})
            self.history(
                kind, obj_id, action_id, trigger, state, dest, None if system else actor, day, extra
            )
            state = dest
        return day

    def later(self, day: dt.date, most: int = 12) -> dt.date:
        return min(day + dt.timedelta(days=self.rnd.randint(1, most)), TODAY)

    # objects

    def request(self, state: RequestState, received: dt.date, owner: int) -> tuple[int, dt.date]:
        request_id = self.w.new_id("requests")
        country = self.country_on(received)
        closing = (
            "Out of scope." if state in (RequestState.DECLINED, RequestState.WITHDRAWN) else None
        )
        self.w.add(
            "requests",
            id=request_id,
            state=state,
            version=1,
            requester_name=f"Ministry of Interior of {country}",
            requester_type_code="national_administration",
            received_on=received,
            summary="Support to a national referral mechanism for victims of trafficking.",
            endorsed_by="Minister",
            endorsed_on=received,
            owner_id=owner,
            eligibility_due_on=received + dt.timedelta(days=self.settings["eligibility_days"]),
            closing_reason=closing,
            created_at=at_ten(received),
            updated_at=at_ten(received),
        )
        self.w.add("request_countries", request_id=request_id, country_code=country)
        self.w.add("request_areas", request_id=request_id, area_code="irregular_migration")
        self.history(
            "request", request_id, None, "create", None, RequestState.RECEIVED, owner, received
        )
        reasons = {
            "decline": {"reasons": ["Out of scope."]},
            "withdraw": {"reason": "Out of scope."},
        }
        self.request_country = country
        return request_id, self.walk("request", request_id, None, state, owner, received, reasons)

    def country_on(self, day: dt.date) -> str:
        while True:
            code = self.rnd.choice(self.countries)
            if any(
                (start is None or start <= day) and (end is None or day < end)
                for start, end in self.country_validity[code]
            ):
                return code

    def action(self, target: ActionState) -> None:
        owner = self.rnd.choice(self.staff)
        # Drafted Fiches are recent; finished Actions had time to deliver their activities.
        youngest, oldest = {
            ActionState.FICHE_DRAFTING: (20, 400),
            ActionState.PSC_REVIEW: (30, 400),
            ActionState.EVALUATION: (500, 1800),
            ActionState.CLOSED: (500, 1800),
        }.get(target, (120, 1800))
        received = TODAY - dt.timedelta(days=self.rnd.randint(youngest, oldest))
        request_id, day = self.request(RequestState.ACCEPTED, received, owner)
        action_id = self.w.new_id("actions")
        focal = self.rnd.randrange(FOCAL_USERS)
        row: dict[str, Any] = dict(
            id=action_id,
            state=target,
            version=1,
            request_id=request_id,
            title=f"Ministry of Interior of {self.request_country}: referral mechanism",
            objectives="Better victim identification.",
            context="A national referral mechanism exists since 2014.",
            owner_id=owner,
            partner_validated_by=None,
            partner_validated_on=None,
            psc_round=0,
            psc_submitted_on=None,
            psc_deadline=None,
            rapid_reaction_due_on=received
            + dt.timedelta(days=self.settings["rapid_reaction_days"]),
            evaluation_due_on=None,
            suspended_on=None,
            suspension_days=0,
            evaluation=None,
            closing_reason=None,
            created_at=at_ten(received),
        )
        self.w.add("action_countries", action_id=action_id, country_code=self.request_country)
        self.w.add("action_areas", action_id=action_id, area_code="irregular_migration")
        self.w.add(
            "focal_points",
            id=self.w.new_id("focal_points"),
            action_id=action_id,
            name=f"Focal {focal + 1}",
            institution="Ministry of Interior",
            email=f"focal{focal + 1}@example.org",
        )
        h = self.history
        h(
            "action",
            action_id,
            action_id,
            "create",
            None,
            ActionState.FICHE_DRAFTING,
            owner,
            day,
            {"request_id": request_id},
        )
        day = self.later(day)
        h(
            "action",
            action_id,
            action_id,
            "edit",
            ActionState.FICHE_DRAFTING,
            ActionState.FICHE_DRAFTING,
            owner,
            day,
            {"fields": ["objectives", "context", "focal_points"]},
        )
        activities = [
            self.new_activity(action_id, owner, day, n) for n in range(1, self.activities + 1)
        ]
        drafting = ActionState.FICHE_DRAFTING
        if target == ActionState.CANCELLED or (target == drafting and self.rnd.random() < 0.5):
            pass  # never validated by the partner
        else:
            day = self.later(day)
            h(
                "action",
                action_id,
                action_id,
                "validate_fiche",
                drafting,
                drafting,
                self.focal[focal],
                day,
                {"partner_validated_by": f"Focal {focal + 1}"},
            )
            row.update(partner_validated_by=f"Focal {focal + 1}", partner_validated_on=day)
        state: ActionState = drafting
        reason = {"reason": "The partner's priorities changed."}
        if target not in (drafting, ActionState.CANCELLED):
            day = self.later(day)
            row.update(psc_round=1, psc_submitted_on=day)
            h(
                "action",
                action_id,
                action_id,
                "submit_to_psc",
                drafting,
                ActionState.PSC_REVIEW,
                owner,
                day,
                {"round": 1, "electorate": self.psc},
            )
            for member in self.psc:
                self.w.add("psc_electors", action_id=action_id, round=1, user_id=member)
            state = ActionState.PSC_REVIEW
            voters = {
                ActionState.PSC_REVIEW: self.rnd.randrange(PSC_MEMBERS),
                ActionState.REJECTED: 1,
            }.get(target, PSC_MEMBERS)
            for member in self.psc[:voters]:
                day = self.later(day, 3)
                decision = "reject" if target == ActionState.REJECTED else "approve"
                comment = "Out of scope." if decision == "reject" else ""
                self.w.add(
                    "psc_votes",
                    action_id=action_id,
                    round=1,
                    member_id=member,
                    decision=decision,
                    comment=comment,
                    cast_at=at_ten(day),
                )
                h(
                    "action",
                    action_id,
                    action_id,
                    "vote",
                    state,
                    state,
                    member,
                    day,
                    {"round": 1, "decision": decision},
                    comment,
                )
            if target == ActionState.PSC_REVIEW:
                row["psc_deadline"] = row["psc_submitted_on"] + dt.timedelta(
                    days=self.settings["psc_vote_days"]
                )
            elif target == ActionState.REJECTED:
                why = {"reason": "Rejected by the PSC: Out of scope."}
                h(
                    "action",
                    action_id,
                    action_id,
                    "psc_reject",
                    state,
                    target,
                    None,
                    day,
                    {**why, "round": 1},
                )
                row["closing_reason"] = why["reason"]
                self.cancel_all(activities, action_id, None, day, why["reason"], target)
                state = target
            else:
                h(
                    "action",
                    action_id,
                    action_id,
                    "psc_approve",
                    state,
                    ActionState.IMPLEMENTATION,
                    None,
                    day,
                    {"round": 1},
                )
                state = ActionState.IMPLEMENTATION
        if target == ActionState.CANCELLED:
            day = self.later(day)
            h("action", action_id, action_id, "cancel", drafting, target, owner, day, reason)
            row["closing_reason"] = reason["reason"]
            self.cancel_all(activities, action_id, owner, day, reason["reason"], target)
        if state == ActionState.IMPLEMENTATION:
            day = self.deliver(activities, action_id, owner, day, target)
            if target == ActionState.SUSPENDED:
                day = self.later(day)
                h("action", action_id, action_id, "suspend", state, target, owner, day, reason)
                row.update(suspended_on=day, closing_reason=reason["reason"])
            if target in (ActionState.EVALUATION, ActionState.CLOSED):
                day = self.later(day)
                h(
                    "action",
                    action_id,
                    action_id,
                    "complete_implementation",
                    state,
                    ActionState.EVALUATION,
                    owner,
                    day,
                )
                row["evaluation_due_on"] = day + dt.timedelta(days=self.settings["evaluation_days"])
            if target == ActionState.CLOSED:
                day = self.later(day)
                h(
                    "action",
                    action_id,
                    action_id,
                    "close",
                    ActionState.EVALUATION,
                    target,
                    owner,
                    day,
                    {"evaluation": EVALUATION},
                )
                row.update(evaluation=EVALUATION, evaluation_due_on=None)
        if target in LIVE:
            self.plan_ahead(activities)
        for activity in activities:
            self.w.add("activities", **activity)
        row["updated_at"] = at_ten(day)
        self.w.add("actions", **row)
        self.w.maybe_flush()

    def plan_ahead(self, activities: list[dict[str, Any]]) -> None:
        """A live Action's planned Activities start ahead, most of them well after the day their
        experts are due; a few start within that lead without experts (the reminder's case)."""
        for activity in activities:
            if activity["state"] == ActivityState.PLANNED:
                soon = self.rnd.random() < UNSTAFFED
                ahead = self.rnd.randint(7, 14) if soon else self.rnd.randint(22, 400)
                start = TODAY + dt.timedelta(days=ahead)
                activity.update(planned_start=start, planned_end=start + dt.timedelta(days=2))

    def new_activity(self, action_id: int, owner: int, day: dt.date, n: int) -> dict[str, Any]:
        activity_id = self.w.new_id("activities")
        start = day + dt.timedelta(days=self.rnd.randint(30, 200))
        title = f"Workshop {n}"
        self.history(
            "activity",
            activity_id,
            action_id,
            "create",
            None,
            ActivityState.PLANNED,
            owner,
            day,
            {"title": title, "type": "workshop"},
        )
        return dict(
            id=activity_id,
            state=ActivityState.PLANNED,
            version=1,
            action_id=action_id,
            type_code="workshop",
            title=title,
            place="Capital",
            planned_start=start,
            planned_end=start + dt.timedelta(days=2),
            actual_start=None,
            actual_end=None,
            participants_total=None,
            participants_women=None,
            participants_men=None,
            report_due_on=None,
            report=None,
            participant_feedback=None,
            cancel_reason=None,
            created_at=at_ten(day),
            updated_at=at_ten(day),
        )

    def cancel_all(
        self,
        activities: list[dict[str, Any]],
        action_id: int,
        actor: int | None,
        day: dt.date,
        reason: str,
        by: ActionState,
    ) -> None:
        for activity in activities:
            activity.update(state=ActivityState.CANCELLED, cancel_reason=reason)
            data = {"reason": reason, "by_action": by}
            self.history(
                "activity",
                activity["id"],
                action_id,
                "cancel",
                ActivityState.PLANNED,
                ActivityState.CANCELLED,
                actor,
                day,
                data,
            )

    def deliver(
        self,
        activities: list[dict[str, Any]],
        action_id: int,
        owner: int,
        day: dt.date,
        target: ActionState,
    ) -> dt.date:
        """Move the activities of an implemented Action on, in order: the first ones done."""
        done = target in (ActionState.EVALUATION, ActionState.CLOSED)
        cancelled = self.rnd.randrange(self.activities) if self.rnd.random() < 0.3 else -1
        progress = self.activities if done else self.rnd.randint(0, self.activities)
        late = [ActivityState.REPORT_SUBMITTED, ActivityState.HELD, ActivityState.SCHEDULED]
        last = day
        for index, activity in enumerate(activities):
            if index == cancelled and not (done and index == 0):
                target_state = ActivityState.CANCELLED
            elif index < progress - 3 or done:
                target_state = ActivityState.COMPLETED
            elif index < progress:
                target_state = late[progress - 1 - index]
                if target_state == ActivityState.HELD and self.rnd.random() >= HELD_SHARE:
                    target_state = ActivityState.COMPLETED  # reported and accepted already
            else:
                target_state = ActivityState.PLANNED
            last = max(last, self.activity_to(activity, action_id, owner, day, target_state))
        return last

    def activity_to(
        self,
        activity: dict[str, Any],
        action_id: int,
        owner: int,
        day: dt.date,
        target: ActivityState,
    ) -> dt.date:
        activity["state"] = target
        if target == ActivityState.PLANNED:
            return day
        if target == ActivityState.CANCELLED:
            activity["cancel_reason"] = "No longer needed."
            data = {"cancel": {"reason": "No longer needed."}}
            return self.walk("activity", activity["id"], action_id, target, owner, day, data)
        if target != ActivityState.SCHEDULED and day > TODAY - dt.timedelta(days=5):
            target = activity["state"] = ActivityState.SCHEDULED  # no time left to hold it
        held = target != ActivityState.SCHEDULED
        # Held activities took place between the approval and today; scheduled ones are ahead.
        if target == ActivityState.HELD:
            # Awaiting its report: held within the report period, a few of them late.
            late = self.rnd.random() < LATE_REPORT
            ago = self.rnd.randint(33, 62) if late else self.rnd.randint(5, 32)
            start = max(TODAY - dt.timedelta(days=ago), day + dt.timedelta(days=2))
        elif held:
            start = min(self.later(day, 400), TODAY - dt.timedelta(days=3))
            start = max(start, day + dt.timedelta(days=2))
        else:
            start = TODAY + dt.timedelta(days=self.rnd.randint(5, 120))
        end = start + dt.timedelta(days=2)
        expert = self.book(start, end)
        self.w.add("activity_experts", activity_id=activity["id"], expert_id=expert)
        activity.update(planned_start=start, planned_end=end)
        data: dict[str, dict[str, Any]] = {
            "schedule": {
                "planned_start": str(start),
                "planned_end": str(end),
                "expert_ids": [expert],
            }
        }
        if held:
            due = end + dt.timedelta(days=self.settings["report_due_days"])
            activity.update(
                actual_start=start,
                actual_end=end,
                participants_total=20,
                participants_women=11,
                participants_men=9,
                report_due_on=due,
            )
            data["mark_held"] = {
                "actual_start": str(start),
                "actual_end": str(end),
                "report_due_on": str(due),
            }
        if target in (ActivityState.REPORT_SUBMITTED, ActivityState.COMPLETED):
            activity.update(report="Held as planned.", participant_feedback="Useful.")
        if target == ActivityState.COMPLETED:
            activity["report_due_on"] = None
        # Scheduled before it starts, marked held on its last day, reported after.
        days = {"schedule": min(self.later(day, 2), start)}
        if held:
            days["mark_held"] = end
        walked = self.walk("activity", activity["id"], action_id, target, owner, day, data, days)
        activity["updated_at"] = at_ten(walked)
        return walked

    def book(self, start: dt.date, end: dt.date) -> int:
        """An expert free from `start` to `end` (no double-booking, as the guard demands)."""
        while True:
            expert = self.rnd.randint(1, self.experts)
            taken = self.bookings[expert]
            if all(end < s or e < start for s, e in taken):
                taken.append((start, end))
                return expert

    def actions_and_requests(self, count: int, mix: dict[ActionState, int] | None) -> None:
        """`count` Actions of the mix, and (default mix) a Request that never became one for
        every five."""
        for target in weighted(mix or ACTION_MIX, count, self.rnd):
            self.action(target)
        if mix is None and count:
            self.open_requests(max(1, count // 5))

    def open_requests(self, count: int) -> None:
        for n in range(count):
            state = OPEN_REQUESTS[n % len(OPEN_REQUESTS)]
            # Undecided Requests are recent: most are decided before their eligibility day.
            if state in (RequestState.DECLINED, RequestState.WITHDRAWN):
                ago = self.rnd.randint(1, 1800)
            elif self.rnd.random() < LATE_ELIGIBILITY:
                ago = self.rnd.randint(self.settings["eligibility_days"], 60)
            else:
                ago = self.rnd.randint(1, self.settings["eligibility_days"] - 1)
            received = TODAY - dt.timedelta(days=ago)
            self.request(state, received, self.rnd.choice(self.staff))


class Phases:
    """Logs the seconds each phase of a generation took."""

    def __init__(self) -> None:
        self.start = time.perf_counter()

    def __call__(self, phase: str) -> None:
        now = time.perf_counter()
        log.info("%s: %.1f s", phase, now - self.start)
        self.start = now


def server_cpu(connection: sa.Connection) -> None:
    """Log the CPU seconds the PostgreSQL backend spent, when it runs on this machine."""
    if connection.dialect.name != "postgresql":
        return
    pid = connection.exec_driver_sql("SELECT pg_backend_pid()").scalar()
    try:
        with open(f"/proc/{pid}/stat") as stat:
            fields = stat.read().rsplit(")", 1)[1].split()
    except OSError:
        return
    ticks = os.sysconf("SC_CLK_TCK")
    log.info(
        "PostgreSQL backend CPU: user %.1f s, sys %.1f s",
        int(fields[11]) / ticks,
        int(fields[12]) / ticks,
    )


def _date(value: Any) -> dt.date | None:
    if value is None or isinstance(value, dt.date):
        return value
    return dt.date.fromisoformat(str(value)[:10])


def weighted(mix: dict[Any, int], count: int, rnd: random.Random) -> Iterable[Any]:
    states, weights = list(mix), list(mix.values())
    return rnd.choices(states, weights, k=count)


def generate(
    url: str,
    actions: int,
    seed: int = 7,
    mix: dict[ActionState, int] | None = None,
    activities: int = ACTIVITIES,
    block: int = BLOCK,
) -> dict[str, int]:
    """Migrate an empty database at `url` and fill it; the rows written per table.

    `mix`: the weights of the Actions' states (default: a facility that has run for years).
    `block`: Actions built in Python; the database copies them (bench/replicate.py) up to
    `actions`, and what the copies leave is built in Python too.
    """
    clock = Phases()
    upgrade(url)
    clock("migrate")
    engine = make_engine(url)
    copies = -(-actions // block)  # blocks, the first built in Python
    size = actions // copies
    try:
        with engine.begin() as connection:
            with without_triggers(connection):  # facts refilled below, in one pass
                writer = Writer(connection)
                generator = Generator(writer, connection, size, seed, activities)
                generator.people()
                generator.actions_and_requests(size, mix)
                writer.flush()
                clock(f"build {size} Actions in Python")
                with without_keys_and_indexes(connection, list(writer.counts)):
                    if copies > 1:
                        sizes = {t: writer.next_ids[t] - 1 for t in writer.next_ids}
                        added = replicate(connection, list(writer.counts), sizes, copies - 1)
                        clock(f"copy them {copies - 1} times")
                        for table, rows in added.items():
                            writer.counts[table] += rows
                        for table, rows in sizes.items():
                            if table not in SHARED:
                                writer.next_ids[table] = rows * copies + 1
                    generator.actions_and_requests(actions - size * copies, mix)
                    writer.flush()
                    clock(f"build {actions - size * copies} more")
            clock("indexes and constraints made again")
            refill_facts(connection)
            clock("the figures' facts computed")
            writer.finish()
            server_cpu(connection)
        with engine.connect() as connection:
            if connection.dialect.name == "postgresql":
                # VACUUM too: a live database's tables are vacuumed by autovacuum, and without
                # the visibility map an index-only scan (the figures, the state counts) reads
                # every heap page anyway: a bulk-loaded database is measured as a live one.
                connection.execution_options(isolation_level="AUTOCOMMIT").exec_driver_sql(
                    "VACUUM ANALYZE"
                )
            else:
                connection.exec_driver_sql("ANALYZE")
        clock("commit, VACUUM ANALYZE")
        return dict(writer.counts)
    finally:
        engine.dispose()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("url")
    parser.add_argument("--actions", type=int, default=1000)
    args = parser.parse_args()
    logging.basicConfig(level=logging.INFO, format="%(message)s")
    start = time.perf_counter()
    counts = generate(args.url, args.actions)
    print(f"{args.actions} Actions in {time.perf_counter() - start:.1f} s: {counts}")


if __name__ == "__main__":
    main()
