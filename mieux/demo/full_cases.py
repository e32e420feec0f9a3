"""The full demo's cases: each planned Request written out as a demo case, dates and all.

A case here has the same shape as a hand-written case file and is loaded the
same way, through the real services. Timelines follow the programme's habits:
screening within days, the Fiche within three weeks, the PSC within the next,
six or seven activities a month or two apart, each report a fortnight after
its activity, the evaluation a month after the last.
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass, field

from mieux.demo.full_people import People
from mieux.demo.full_plan import Spec
from mieux.demo.shape import DemoActivity, DemoCase, DemoExpert, DemoFocalPoint, Step, Vote
from workflow.services import ActionState, ActivityState, RequestState

DAY = dt.timedelta(days=1)
GOOD_PRACTICE = ("ownership", "expertise", "replication", "results_oriented", "eu_added_value")
STUDY_VISITS = ("Lisbon, Portugal", "Madrid, Spain", "The Hague, Netherlands", "Brussels, Belgium")
INSTITUTIONS = {
    "irregular_migration": "Ministry of the Interior",
    "legal_migration": "Ministry of Labour",
    "international_protection": "National Refugee Commission",
    "migration_development": "Ministry of Foreign Affairs, diaspora directorate",
    "horizontal": "National Migration Coordination Office",
}
SUBJECTS = {
    "trafficking_in_human_beings": "identifying and protecting victims of trafficking",
    "migrant_smuggling": "investigating migrant smuggling",
    "diaspora": "engaging the diaspora in development",
    "irregular_migration": "managing irregular migration and return",
    "legal_migration": "labour migration and the rights of migrant workers",
    "international_protection": "asylum procedures and reception",
    "migration_development": "migration and development policy",
    "horizontal": "migration data and policy coordination",
}
# (type, how many experts, title): the usual run of an Action's activities.
PROGRAMME = (
    ("assessment", 2, "Assessment and preparation session"),
    ("workshop", 2, "Training workshop"),
    ("study_visit", 1, "Study visit"),
    ("training_of_trainers", 2, "Training of trainers"),
    ("meeting", 1, "Meeting with the competent authorities"),
    ("workshop", 3, "Second training workshop"),
    ("closing_event", 1, "Closing event"),
)


@dataclass
class Bookings:
    """Who is booked when, so that no expert is ever on two activities at once."""

    experts: list[DemoExpert]
    taken: dict[str, list[tuple[dt.date, dt.date]]] = field(default_factory=dict)
    turn: int = 0

    def book(self, count: int, start: dt.date, end: dt.date) -> list[str]:
        """The next `count` experts in turn who are free from `start` to `end`."""
        chosen: list[str] = []
        for _ in range(len(self.experts)):
            expert = self.experts[self.turn % len(self.experts)]
            self.turn += 1
            busy = self.taken.setdefault(expert.email, [])
            if all(end < a or b < start for a, b in busy):
                busy.append((start, end))
                chosen.append(expert.email)
                if len(chosen) == count:
                    break
        return chosen

    def unused(self) -> list[str]:
        return [e.email for e in self.experts if not self.taken.get(e.email)]


class CaseWriter:
    """Writes each planned Request as a case; `names` gives each country's name."""

    def __init__(self, rng: random.Random, people: People, names: dict[str, str]) -> None:
        self.rng, self.people, self.names = rng, people, names
        self.focal: dict[str, DemoFocalPoint] = {}

    def case(self, n: int, spec: Spec, bookings: Bookings) -> DemoCase:
        received = dt.date(spec.year, self.rng.randint(1, 12), self.rng.randint(1, 28))
        where = " and ".join(self.names[c] for c in spec.countries[:3])
        area = spec.areas[0]
        subject = SUBJECTS[spec.topics[0] if spec.topics else area]
        regional = len(spec.countries) > 1
        steps = {"start_screening": Step(on=received + 2 * DAY)}
        base = DemoCase(
            key=f"full-{n:03d}-{spec.countries[0].lower()}",
            requester_name=(
                f"Regional migration dialogue secretariat ({where})"
                if regional
                else f"{INSTITUTIONS[area]} of {where}"
            ),
            requester_type="regional_organisation" if regional else "national_administration",
            countries=spec.countries,
            thematic_areas=spec.areas,
            topics=spec.topics,
            received_on=received,
            summary=f"Peer support to {where} on {subject}.",
            endorsed_by="Permanent Secretary",
            endorsed_on=received - 7 * DAY,
            target=RequestState.DECLINED,
            steps=steps,
        )
        if spec.outcome == "declined":
            reasons = "The request duplicates support already funded by another EU programme."
            steps["decline"] = Step(on=received + 12 * DAY, data={"reasons": reasons})
            return base.model_copy(update={"steps": steps})
        steps["accept"] = Step(on=received + 9 * DAY)
        focal = self.focal_point(spec.countries[0], base.requester_name)
        update = {
            "objectives": f"Strengthen the capacities of {where}'s institutions on {subject}.",
            "context": f"The partner asked for peer support on {subject}.",
            "focal_points": [focal],
            "fiche_drafted_on": received + 14 * DAY,
        }
        if spec.outcome == "cancelled":
            reason = "The partner's priorities changed after elections; the Action is cancelled."
            steps["cancel"] = Step(on=received + 30 * DAY, data={"reason": reason})
            cancelled = {**update, "target": ActionState.CANCELLED, "steps": steps}
            return base.model_copy(update=cancelled)
        approved = received + 27 * DAY
        activities = self.activities(spec, received, approved, bookings)
        last = max(a.steps["accept_report"].on for a in activities)  # type: ignore[type-var]
        steps |= {
            "validate_fiche": Step(on=received + 20 * DAY, by=focal.email),
            "submit_to_psc": Step(on=received + 21 * DAY),
            "psc_approve": Step(votes=[self.vote(m, received + d * DAY) for m, d in _PSC]),
            "complete_implementation": Step(on=last + 10 * DAY),
            "close": Step(on=last + 40 * DAY, data={"evaluation": self.evaluation()}),
        }
        closed = {**update, "target": ActionState.CLOSED, "activities": activities}
        return base.model_copy(update={**closed, "steps": steps})

    def focal_point(self, country: str, institution: str) -> DemoFocalPoint:
        """One focal point per country, who validates every Fiche of that country."""
        if country not in self.focal:
            gender = self.rng.choice(("female", "male"))
            name = self.people.name(country, gender)
            email = self.people.email(name, "partners.example.org")
            self.focal[country] = DemoFocalPoint(
                name=name, institution=institution[:100], email=email
            )
        return self.focal[country]

    def vote(self, member: str, on: dt.date) -> Vote:
        return Vote(member=member, decision="approve", on=on)

    def activities(
        self, spec: Spec, received: dt.date, approved: dt.date, bookings: Bookings
    ) -> list[DemoActivity]:
        start = received + self.rng.randint(35, 130) * DAY
        count = self.rng.choice((6, 7))
        out = []
        for kind, experts, title in PROGRAMME[:count]:
            end = start + self.rng.randint(0, 2) * DAY
            place = (
                self.rng.choice(STUDY_VISITS)
                if kind == "study_visit"
                else self.names[self.rng.choice(spec.countries)]
            )
            booked = bookings.book(experts, start, end)
            out.append(self.activity(kind, title, place, start, end, approved, booked))
            start = end + self.rng.randint(40, 100) * DAY
        return out

    def activity(
        self,
        kind: str,
        title: str,
        place: str,
        start: dt.date,
        end: dt.date,
        approved: dt.date,
        experts: list[str],
    ) -> DemoActivity:
        total = self.rng.randint(12, 45)
        women = round(total * self.rng.uniform(0.3, 0.6))
        held = {
            "actual_start": start.isoformat(),
            "actual_end": end.isoformat(),
            "participants": {"total": total, "women": women, "men": total - women},
        }
        report = {
            "report": f"Report on '{title}': objectives met, follow-up agreed.",
            "participant_feedback": "Participants rated the activity useful.",
        }
        steps = {
            "schedule": Step(on=max(start - 21 * DAY, approved + DAY), experts=experts),
            "mark_held": Step(on=end + DAY, data=held),
            "submit_report": Step(on=end + 10 * DAY, data=report),
            "accept_report": Step(on=end + 16 * DAY),
        }
        return DemoActivity(
            type=kind,
            title=title,
            place=place,
            planned_start=start,
            planned_end=end,
            target=ActivityState.COMPLETED,
            steps=steps,
        )

    def evaluation(self) -> dict[str, object]:
        criteria = ("relevance", "effectiveness", "efficiency", "sustainability", "impact")
        dac = {c: self.rng.randint(2, 4) for c in (*criteria, "coherence", "eu_added_value")}
        return {
            "dac": dac,
            "partner_feedback": "The partner valued the peer-to-peer approach.",
            "expert_feedback": "Experts found the counterparts engaged.",
            "lessons_learned": "Involving the focal point early kept the activities on time.",
            "good_practice": sorted(self.rng.sample(GOOD_PRACTICE, 2)),
        }


_PSC = (("psc1", 23), ("psc2", 25), ("psc3", 27))
