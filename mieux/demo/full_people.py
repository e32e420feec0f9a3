"""The full demo's people: the roster's experts as the report counts them, and focal points.

Names are drawn from short lists per language, so a page of the roster reads
like one; e-mails are unique and under example.org. Everything is drawn from
the generator handed in, so the same seed gives the same people.
"""

from __future__ import annotations

import json
import random
from collections.abc import Iterator
from pathlib import Path

from mieux.demo.shape import DemoExpert

# Given names of women and of men, and family names, by language (a data file).
_NAMES: dict[str, dict[str, list[str]]] = json.loads(
    (Path(__file__).parent / "names.json").read_text(encoding="utf-8")
)
_LANGUAGE = {
    **dict.fromkeys(("FR", "LU"), "fr"),
    **dict.fromkeys(("PT",), "pt"),
    **dict.fromkeys(("ES",), "es"),
    **dict.fromkeys(("NL", "BE"), "nl"),
    **dict.fromkeys(("GB", "IE", "MT"), "en"),
    **dict.fromkeys(("IT",), "it"),
    **dict.fromkeys(("AT", "DE", "SE", "DK", "FI"), "de"),
    **dict.fromkeys(("RO", "HU", "LT", "SI", "BG", "PL", "CZ", "GR", "HR", "SK"), "east"),
}
_ADMINISTRATIONS = (
    "Ministry of the Interior, migration directorate",
    "Border police",
    "Asylum and refugee office",
    "Ministry of Labour, labour migration unit",
    "National statistics office, migration data unit",
    "Ministry of Foreign Affairs, consular directorate",
    "Anti-trafficking coordination office",
    "Immigration service",
)
_NON_GOVERNMENTAL = (
    "University migration research centre",
    "Independent consultant",
    "Refugee support NGO",
    "Diaspora organisation",
    "Think tank on migration policy",
    "Anti-trafficking NGO",
)
# Peers from partner administrations (the report's South-South exchanges).
NON_EU_NATIONALITIES = ("MA", "PH", "MX", "CR", "KE", "GH", "TH", "CV", "PE", "SN", "MU", "JO")
# Nationalities of non-governmental experts: mostly from the Member States, some not.
NGO_NATIONALITIES = ("FR", "BE", "NL", "ES", "PT", "IT", "DE", "GB", "IE", "SE", "KE", "MX")
# The three EU government experts whose Member State the report does not record are given
# the nationality of a country outside the EU, so that they count in no Member State.
UNRECORDED_NATIONALITY = "CH"


class People:
    """Makes unique experts and focal points from one random generator."""

    def __init__(self, rng: random.Random, taken: set[str]) -> None:
        self.rng, self.taken = rng, taken

    def name(self, nationality: str, gender: str) -> str:
        names = _NAMES[_LANGUAGE.get(nationality, "south")]
        given = self.rng.choice(names["women" if gender == "female" else "men"])
        return f"{given} {self.rng.choice(names['families'])}"

    def email(self, name: str, domain: str = "example.org") -> str:
        """A unique address from the name (first.last, then first.last.2, ...)."""
        base = "".join(c for c in name.lower().replace(" ", ".") if c.isascii() and c != "'")
        address, n = f"{base}@{domain}", 1
        while address in self.taken:
            n += 1
            address = f"{base}.{n}@{domain}"
        self.taken.add(address)
        return address

    def expert(self, kind: str, gender: str, nationality: str) -> DemoExpert:
        name = self.name(nationality, gender)
        where = _NON_GOVERNMENTAL if kind == "non_governmental" else _ADMINISTRATIONS
        return DemoExpert(
            name=name,
            email=self.email(name),
            nationality=nationality,
            type=kind,
            gender=gender,
            administration=self.rng.choice(where),
        )


def deployed_experts(
    people: People,
    by_type: dict[str, int],
    by_member_state: dict[str, int],
    unrecorded: int,
    genders: list[str],
) -> list[DemoExpert]:
    """The experts still to deploy: exactly these counts by type, Member State and gender.

    `genders` holds one gender per expert, already shuffled; EU government experts
    are by Member State (plus `unrecorded` with none), the others by plausible origin.
    """
    eu = [*(s for s, n in by_member_state.items() for _ in range(n))]
    eu += [UNRECORDED_NATIONALITY] * unrecorded
    if len(eu) != by_type.get("eu_government", 0):
        raise ValueError("the Member States do not add up to the EU government experts")
    origins = [("eu_government", s) for s in eu]
    origins += [
        ("non_eu_government", people.rng.choice(NON_EU_NATIONALITIES))
        for _ in range(by_type.get("non_eu_government", 0))
    ]
    origins += [
        ("non_governmental", people.rng.choice(NGO_NATIONALITIES))
        for _ in range(by_type.get("non_governmental", 0))
    ]
    if len(origins) != len(genders):
        raise ValueError("the genders do not add up to the experts by type")
    people.rng.shuffle(origins)
    return [people.expert(kind, g, s) for (kind, s), g in zip(origins, genders, strict=True)]


def roster_only(people: People, count: int, member_states: list[str]) -> Iterator[DemoExpert]:
    """Experts in the roster never deployed: a plausible mix of types and origins."""
    for _ in range(count):
        draw = people.rng.random()
        gender = "female" if people.rng.random() < 0.45 else "male"
        kind, origins = (
            ("eu_government", member_states)
            if draw < 0.55
            else ("non_eu_government", NON_EU_NATIONALITIES)
            if draw < 0.65
            else ("non_governmental", NGO_NATIONALITIES)
        )
        yield people.expert(kind, gender, people.rng.choice(origins))
