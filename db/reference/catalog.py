"""The fixed codes and their first labels and dates (docs/lifecycles.md, docs/api.md).

Seeded by the reference-data migration. Codes never change; labels and dates
are the admin's to edit afterwards.
"""

from __future__ import annotations

import datetime as dt

D = dt.date

INSTRUMENTS: tuple[tuple[str, str, dt.date | None, dt.date | None], ...] = (
    ("DCI", "Development Cooperation Instrument", None, D(2021, 1, 1)),
    ("EDF", "European Development Fund", None, D(2021, 1, 1)),
    ("ENI", "European Neighbourhood Instrument", None, D(2021, 1, 1)),
    ("OAD", "Overseas Association Decision", None, None),
    ("NDICI", "NDICI-Global Europe", D(2021, 1, 1), None),
)

# Eligible from the start (None) or from 1 January 2016 (MIEUX III's opening).
OPENING_2016 = D(2016, 1, 1)
REQUESTER_TYPES: tuple[tuple[str, str, dt.date | None], ...] = (
    ("national_administration", "National public administration", None),
    ("regional_organisation", "Regional organisation", None),
    ("local_authority", "Local authority", OPENING_2016),
    ("ombudsperson", "Ombudsperson", OPENING_2016),
    ("parliament", "Parliament", OPENING_2016),
    ("judiciary", "Judicial body", OPENING_2016),
    ("civil_society", "Civil society organisation", OPENING_2016),
)

THEMATIC_AREAS: tuple[tuple[str, str], ...] = (
    ("legal_migration", "Legal migration and mobility"),
    ("irregular_migration", "Irregular migration, THB and migrant smuggling"),
    ("international_protection", "International protection and asylum"),
    ("migration_development", "Migration and development"),
    ("horizontal", "Horizontal (policy, data, rights, gender, climate)"),
)
ALL_AREAS = tuple(code for code, _ in THEMATIC_AREAS)

TOPICS: tuple[tuple[str, str, str], ...] = (
    ("trafficking_in_human_beings", "Trafficking in human beings", "irregular_migration"),
    ("migrant_smuggling", "Migrant smuggling", "irregular_migration"),
    ("diaspora", "Diaspora", "migration_development"),
)

PHASES: tuple[tuple[str, str, dt.date, dt.date | None, tuple[str, ...]], ...] = (
    ("mieux_1", "MIEUX I", D(2008, 12, 1), D(2012, 1, 1), ("irregular_migration",)),
    ("mieux_2", "MIEUX II", D(2012, 1, 1), D(2016, 1, 1), ALL_AREAS),
    ("mieux_3", "MIEUX III", D(2016, 1, 1), D(2020, 4, 1), ALL_AREAS),
    ("mieux_plus", "MIEUX+", D(2020, 4, 1), None, ALL_AREAS),
)

GOOD_PRACTICE_FEATURES: tuple[tuple[str, str], ...] = (
    ("ownership", "Ownership"),
    ("innovation", "Innovation"),
    ("replication", "Replication"),
    ("results_oriented", "Results-oriented"),
    ("high_level_approval", "Approved at a high level"),
    ("integration_in_priorities", "Integrated in existing priorities"),
    ("expertise", "Expertise"),
    ("complementarity_synergy", "Complementarity and synergy"),
    ("eu_added_value", "EU added value"),
    ("knowledge_catalyst", "Catalyst for knowledge"),
)

ACTIVITY_TYPES: tuple[tuple[str, str], ...] = (
    ("assessment", "Assessment and preparation session"),
    ("fact_finding_mission", "Fact-finding mission"),
    ("information_session", "Thematic information session"),
    ("meeting", "Meeting with competent authorities"),
    ("presentation", "Presentation"),
    ("remote_support", "Remote support"),
    ("study_visit", "Study visit"),
    ("workshop", "Workshop / training"),
    ("training_of_trainers", "Training of trainers"),
    ("regional_workshop", "Regional workshop"),
    ("closing_event", "Closing event"),
)

REGIONS: tuple[tuple[str, str], ...] = (
    ("central_eastern_southern_africa", "Central, Eastern and Southern Africa"),
    ("west_africa", "West Africa"),
    ("asia", "Asia (incl. Central Asia)"),
    ("european_neighbourhood", "European Neighbourhood"),
    ("latin_america_caribbean", "Latin America and the Caribbean"),
)

# The 27 Member States and the United Kingdom (a Member State until 2020):
# never partner countries, and the nationalities of EU government experts.
EU_MEMBER_STATES = frozenset(
    [
        "AT",
        "BE",
        "BG",
        "CY",
        "CZ",
        "DE",
        "DK",
        "EE",
        "ES",
        "FI",
        "FR",
        "GR",
        "HR",
        "HU",
        "IE",
        "IT",
        "LT",
        "LU",
        "LV",
        "MT",
        "NL",
        "PL",
        "PT",
        "RO",
        "SE",
        "SI",
        "SK",
        "GB",
    ]
)
