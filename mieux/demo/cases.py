"""Demo data drawn from the report's case studies (see shared/source).

Data only: workflow/demo.py loads it.
"""

from typing import NotRequired, TypedDict


class DemoExpert(TypedDict):
    name: str
    email: str
    # ISO alpha-2 of an EU Member State (or GB) for eu_government;
    # a non-EU partner country for non_eu_government.
    nationality: str
    type: str  # eu_government | non_eu_government | non_governmental
    gender: str  # female | male
    administration: str | None


class DemoActivity(TypedDict):
    # assessment, fact_finding_mission, information_session, meeting, presentation,
    # remote_support, study_visit, workshop, training_of_trainers, regional_workshop,
    # closing_event
    type: str
    title: str
    place: str
    planned_start: str  # YYYY-MM-DD, start <= end
    planned_end: str
    experts: list[str]  # expert e-mails; may be empty only for "planned" or "cancelled"
    target: str  # planned | scheduled | held | report_submitted | completed | cancelled
    participants: NotRequired[tuple[int, int, int]]  # (total, women, men), held and later


class DemoFocalPoint(TypedDict):
    name: str
    institution: str
    email: str


class DemoCase(TypedDict):
    key: str  # stable slug
    requester_name: str
    # national_administration | regional_organisation | local_authority | ombudsperson |
    # parliament | judiciary | civil_society
    requester_type: str
    countries: list[str]  # ISO alpha-2
    # legal_migration | irregular_migration | international_protection |
    # migration_development | horizontal
    thematic_areas: list[str]
    topics: list[str]  # trafficking_in_human_beings | migrant_smuggling | diaspora
    received_on: str
    summary: str  # 1-3 sentences
    endorsed_by: str | None
    endorsed_on: str | None
    target: str  # a Request state, or an Action state (the Request was accepted)
    objectives: NotRequired[str]
    context: NotRequired[str]
    focal_points: NotRequired[list[DemoFocalPoint]]
    activities: NotRequired[list[DemoActivity]]
    reason: NotRequired[str]  # for declined / withdrawn / cancelled / suspended / rejected


# Invented people. Nationalities follow the report's roster (EU Member States that lent
# most experts, plus "South" experts from partner countries).
DEMO_EXPERTS: list[DemoExpert] = [
    {
        "name": "Claire Dumont",
        "email": "claire.dumont@example.org",
        "nationality": "FR",
        "type": "eu_government",
        "gender": "female",
        "administration": "Ministry for Europe and Foreign Affairs, migration and development unit",
    },
    {
        "name": "Julien Roche",
        "email": "julien.roche@example.org",
        "nationality": "BE",
        "type": "non_governmental",
        "gender": "male",
        "administration": "University of Liège, research centre on environmental migration",
    },
    {
        "name": "Ana Ribeiro",
        "email": "ana.ribeiro@example.org",
        "nationality": "PT",
        "type": "eu_government",
        "gender": "female",
        "administration": "Agency for Integration, Migration and Asylum (formerly SEF)",
    },
    {
        "name": "Miguel Tavares",
        "email": "miguel.tavares@example.org",
        "nationality": "PT",
        "type": "eu_government",
        "gender": "male",
        "administration": "Oeiras Municipal Council, migrant integration office",
    },
    {
        "name": "Sofia Cardoso",
        "email": "sofia.cardoso@example.org",
        "nationality": "PT",
        "type": "non_governmental",
        "gender": "female",
        "administration": "University of Lisbon, child-rights law clinic",
    },
    {
        "name": "Lucía Fernández",
        "email": "lucia.fernandez@example.org",
        "nationality": "ES",
        "type": "eu_government",
        "gender": "female",
        "administration": "Secretariat of State for Migration",
    },
    {
        "name": "Javier Morales",
        "email": "javier.morales@example.org",
        "nationality": "ES",
        "type": "eu_government",
        "gender": "male",
        "administration": "National Police, unit against illegal immigration networks",
    },
    {
        "name": "Carmen Ortega",
        "email": "carmen.ortega@example.org",
        "nationality": "ES",
        "type": "eu_government",
        "gender": "female",
        "administration": "Barcelona City Council, immigration department",
    },
    {
        "name": "Marieke de Vries",
        "email": "marieke.devries@example.org",
        "nationality": "NL",
        "type": "eu_government",
        "gender": "female",
        "administration": "Immigration and Naturalisation Service (IND)",
    },
    {
        "name": "Pieter Jansen",
        "email": "pieter.jansen@example.org",
        "nationality": "NL",
        "type": "eu_government",
        "gender": "male",
        "administration": "Immigration and Naturalisation Service (IND)",
    },
    {
        "name": "Sophie Lambert",
        "email": "sophie.lambert@example.org",
        "nationality": "BE",
        "type": "non_governmental",
        "gender": "female",
        "administration": "Specialised reception centre for victims of trafficking, Brussels",
    },
    {
        "name": "Koen Peeters",
        "email": "koen.peeters@example.org",
        "nationality": "BE",
        "type": "eu_government",
        "gender": "male",
        "administration": "Federal Police, trafficking in human beings unit",
    },
    {
        "name": "Giulia Conti",
        "email": "giulia.conti@example.org",
        "nationality": "IT",
        "type": "eu_government",
        "gender": "female",
        "administration": "National Institute of Statistics (Istat)",
    },
    {
        "name": "Mark Camilleri",
        "email": "mark.camilleri@example.org",
        "nationality": "MT",
        "type": "eu_government",
        "gender": "male",
        "administration": "National Statistics Office",
    },
    {
        "name": "Andrei Popescu",
        "email": "andrei.popescu@example.org",
        "nationality": "RO",
        "type": "eu_government",
        "gender": "male",
        "administration": "General Inspectorate for Immigration",
    },
    {
        "name": "Helen Carter",
        "email": "helen.carter@example.org",
        "nationality": "GB",
        "type": "eu_government",
        "gender": "female",
        "administration": "Home Office, public communications directorate",
    },
    {
        "name": "Diego Álvarez",
        "email": "diego.alvarez@example.org",
        "nationality": "AR",
        "type": "non_eu_government",
        "gender": "male",
        "administration": "Public Prosecutor's Office, unit on trafficking and smuggling",
    },
    {
        "name": "Abebe Tesfaye",
        "email": "abebe.tesfaye@example.org",
        "nationality": "ET",
        "type": "non_eu_government",
        "gender": "male",
        "administration": "Ministry of Foreign Affairs, diaspora engagement directorate",
    },
]


DEMO_CASES: list[DemoCase] = [
    # ----------------------------------------------------------------------------------
    # Closed Actions: the case studies as they happened (received 2009-2019).
    # ----------------------------------------------------------------------------------
    {
        "key": "philippines-thb-2009",
        "requester_name": "Department of Labor and Employment (DOLE) and POEA",
        "requester_type": "national_administration",
        "countries": ["PH"],
        "thematic_areas": ["irregular_migration"],
        "topics": ["trafficking_in_human_beings"],
        "received_on": "2009-11-16",
        "summary": (
            "Social marketing against illegal recruitment and trafficking: train the Philippine "
            "Overseas Employment Administration (POEA) to design, test and evaluate awareness "
            "campaigns aimed at prospective migrants, young people and women."
        ),
        "endorsed_by": "Secretary of Labor and Employment",
        "endorsed_on": "2009-11-09",
        "target": "closed",
        "objectives": (
            "Strengthen POEA's capacity to run evidence-based prevention campaigns against "
            "illegal recruitment and trafficking; produce a resource manual on social marketing; "
            "train the prosecutors working with POEA and the labour attachés posted in the EU."
        ),
        "context": (
            "About nine million Filipinos, some 10% of the population, live and work abroad. "
            "Victims of illegal recruitment rise every year, existing anti-trafficking law is "
            "weakly enforced, and no indicator measures whether public information campaigns work."
        ),
        "focal_points": [
            {
                "name": "Maria Luisa Dizon",
                "institution": "Philippine Overseas Employment Administration (POEA)",
                "email": "focal.philippines@example.org",
            }
        ],
        "activities": [
            {
                "type": "assessment",
                "title": "Assessment mission on POEA's campaigns against illegal recruitment",
                "place": "Manila, Philippines",
                "planned_start": "2010-02-08",
                "planned_end": "2010-02-12",
                "experts": ["helen.carter@example.org", "koen.peeters@example.org"],
                "target": "completed",
                "participants": (24, 15, 9),
            },
            {
                "type": "fact_finding_mission",
                "title": "Observation of POEA pre-employment seminars for prospective migrants",
                "place": "Manila, Philippines",
                "planned_start": "2010-05-17",
                "planned_end": "2010-05-20",
                "experts": ["helen.carter@example.org"],
                "target": "completed",
                "participants": (60, 38, 22),
            },
            {
                "type": "workshop",
                "title": "Social marketing workshop for POEA, IACAT and local government units",
                "place": "Manila, Philippines",
                "planned_start": "2010-09-13",
                "planned_end": "2010-09-16",
                "experts": ["helen.carter@example.org", "andrei.popescu@example.org"],
                "target": "completed",
                "participants": (38, 24, 14),
            },
            {
                "type": "remote_support",
                "title": "Drafting the resource manual on campaigning through social marketing",
                "place": "Remote",
                "planned_start": "2011-03-01",
                "planned_end": "2011-06-30",
                "experts": ["helen.carter@example.org"],
                "target": "completed",
                "participants": (8, 5, 3),
            },
            {
                "type": "workshop",
                "title": "Training for prosecutors on illegal recruitment and trafficking cases",
                "place": "Manila, Philippines",
                "planned_start": "2011-10-18",
                "planned_end": "2011-10-20",
                "experts": ["koen.peeters@example.org"],
                "target": "completed",
                "participants": (26, 14, 12),
            },
            {
                "type": "information_session",
                "title": "Briefing of Philippine labour attachés in the EU on EU migration law",
                "place": "Brussels, Belgium",
                "planned_start": "2012-03-06",
                "planned_end": "2012-03-07",
                "experts": ["andrei.popescu@example.org", "koen.peeters@example.org"],
                "target": "completed",
                "participants": (14, 8, 6),
            },
            {
                "type": "closing_event",
                "title": "Closing event: the resource manual and the pilot campaign materials",
                "place": "Manila, Philippines",
                "planned_start": "2012-06-19",
                "planned_end": "2012-06-19",
                "experts": ["helen.carter@example.org"],
                "target": "completed",
                "participants": (72, 45, 27),
            },
        ],
    },
    {
        "key": "thailand-thb-2012",
        "requester_name": "Ministry of Social Development and Human Security (MSDHS)",
        "requester_type": "national_administration",
        "countries": ["TH"],
        "thematic_areas": ["irregular_migration"],
        "topics": ["trafficking_in_human_beings"],
        "received_on": "2012-11-19",
        "summary": (
            "Better care for victims of trafficking and for destitute people in a migration "
            "context: adapt EU Member States' practice to Thai shelters, revise identification "
            "protocols and pilot independent housing instead of shelter placement."
        ),
        "endorsed_by": "Permanent Secretary, Ministry of Social Development and Human Security",
        "endorsed_on": "2012-11-12",
        "target": "closed",
        "objectives": (
            "Train the staff of the Anti-Trafficking Division (DATIP) and of the Department of "
            "Social Development and Welfare (DSDW) in victim protection; revise identification "
            "and investigation protocols; design a housing pilot drawn from EU practice."
        ),
        "context": (
            "Thailand is a destination for trafficking for sexual and labour exploitation, mostly "
            "from neighbouring countries. The ministry runs 11 shelters for destitute people and "
            "nine for victims of trafficking; a 2014 act protects destitute persons."
        ),
        "focal_points": [
            {
                "name": "Siriporn Chaiyaporn",
                "institution": "DATIP (operational)",
                "email": "focal.thailand.datip@example.org",
            },
            {
                "name": "Wichai Suksawat",
                "institution": "DATIP (strategic)",
                "email": "focal.thailand.datip.strategy@example.org",
            },
            {
                "name": "Naruemon Thongdee",
                "institution": "DSDW (operational)",
                "email": "focal.thailand.dsdw@example.org",
            },
            {
                "name": "Prasert Kittikun",
                "institution": "DSDW (strategic)",
                "email": "focal.thailand.dsdw.strategy@example.org",
            },
        ],
        "activities": [
            {
                "type": "assessment",
                "title": "Assessment and preparation session with DATIP and DSDW",
                "place": "Bangkok, Thailand",
                "planned_start": "2013-03-11",
                "planned_end": "2013-03-14",
                "experts": ["sophie.lambert@example.org", "koen.peeters@example.org"],
                "target": "completed",
                "participants": (18, 12, 6),
            },
            {
                "type": "workshop",
                "title": "Training on victim protection and on destitute migrants",
                "place": "Bangkok, Thailand",
                "planned_start": "2013-09-16",
                "planned_end": "2013-09-18",
                "experts": ["sophie.lambert@example.org"],
                "target": "completed",
                "participants": (34, 23, 11),
            },
            {
                "type": "study_visit",
                "title": "Study visit to Belgium: legal framework, investigation and indicators",
                "place": "Brussels, Belgium",
                "planned_start": "2014-05-19",
                "planned_end": "2014-05-23",
                "experts": ["koen.peeters@example.org", "sophie.lambert@example.org"],
                "target": "completed",
                "participants": (8, 5, 3),
            },
            {
                "type": "workshop",
                "title": "Workshop on revised victim identification and investigation protocols",
                "place": "Bangkok, Thailand",
                "planned_start": "2015-02-10",
                "planned_end": "2015-02-12",
                "experts": ["koen.peeters@example.org"],
                "target": "completed",
                "participants": (29, 17, 12),
            },
            {
                "type": "study_visit",
                "title": "Study visit to Ireland on the Housing First approach",
                "place": "Dublin, Ireland",
                "planned_start": "2015-10-05",
                "planned_end": "2015-10-09",
                "experts": ["sophie.lambert@example.org"],
                "target": "completed",
                "participants": (7, 4, 3),
            },
            {
                "type": "workshop",
                "title": "Referral mechanisms workshop on real cases for shelter staff",
                "place": "Chiang Mai, Thailand",
                "planned_start": "2016-06-14",
                "planned_end": "2016-06-16",
                "experts": ["sophie.lambert@example.org", "koen.peeters@example.org"],
                "target": "completed",
                "participants": (36, 25, 11),
            },
            {
                "type": "closing_event",
                "title": "Closing event: revised protocols and the independent housing pilot",
                "place": "Bangkok, Thailand",
                "planned_start": "2017-02-21",
                "planned_end": "2017-02-21",
                "experts": ["sophie.lambert@example.org"],
                "target": "completed",
                "participants": (58, 37, 21),
            },
        ],
    },
    {
        "key": "south-east-asia-md-2012",
        "requester_name": "Commission on Filipinos Overseas, with Indonesia and Viet Nam",
        "requester_type": "national_administration",
        "countries": ["PH", "ID", "VN"],
        "thematic_areas": ["migration_development", "legal_migration", "irregular_migration"],
        "topics": [],
        "received_on": "2012-06-18",
        "summary": (
            "First multi-country request: three regional round tables where EU Member States and "
            "South-East Asian states share practice on migration and development, regional "
            "mobility and cooperation against irregular migration."
        ),
        "endorsed_by": "Chairperson, Commission on Filipinos Overseas",
        "endorsed_on": "2012-06-11",
        "target": "closed",
        "objectives": (
            "Open a regional space, beyond the usual labour and irregular migration agenda, to "
            "discuss migration and development, intergovernmental cooperation and joint efforts, "
            "and feed the results into global forums."
        ),
        "context": (
            "Migration shapes development across the region, yet no framework existed for "
            "countries of origin and destination to discuss it; regional talks had focused on "
            "irregular migration and trafficking."
        ),
        "focal_points": [
            {
                "name": "Ramon Villanueva",
                "institution": "Commission on Filipinos Overseas",
                "email": "focal.southeastasia@example.org",
            },
            {
                "name": "Dewi Kartika",
                "institution": "Ministry of Foreign Affairs of Indonesia",
                "email": "focal.southeastasia.indonesia@example.org",
            },
            {
                "name": "Nguyen Thi Lan",
                "institution": "Ministry of Foreign Affairs of Viet Nam",
                "email": "focal.southeastasia.vietnam@example.org",
            },
        ],
        "activities": [
            {
                "type": "assessment",
                "title": "Preparatory session with the three requesting governments",
                "place": "Manila, Philippines",
                "planned_start": "2012-09-24",
                "planned_end": "2012-09-25",
                "experts": ["andrei.popescu@example.org"],
                "target": "completed",
                "participants": (15, 8, 7),
            },
            {
                "type": "regional_workshop",
                "title": "Round table: migration and development in South-East Asia, taking stock",
                "place": "Manila, Philippines",
                "planned_start": "2012-12-03",
                "planned_end": "2012-12-04",
                "experts": [
                    "andrei.popescu@example.org",
                    "giulia.conti@example.org",
                    "pieter.jansen@example.org",
                ],
                "target": "completed",
                "participants": (86, 45, 41),
            },
            {
                "type": "remote_support",
                "title": "Proceedings of the first round table and inputs to global forums",
                "place": "Remote",
                "planned_start": "2013-01-14",
                "planned_end": "2013-02-28",
                "experts": ["andrei.popescu@example.org"],
                "target": "completed",
                "participants": (5, 3, 2),
            },
            {
                "type": "regional_workshop",
                "title": "Round table: regional cooperation on migration, mobility and development",
                "place": "Jakarta, Indonesia",
                "planned_start": "2013-08-27",
                "planned_end": "2013-08-28",
                "experts": ["giulia.conti@example.org", "pieter.jansen@example.org"],
                "target": "completed",
                "participants": (91, 42, 49),
            },
            {
                "type": "regional_workshop",
                "title": "Round table: preventing irregular migration, protecting migrants' rights",
                "place": "Hanoi, Viet Nam",
                "planned_start": "2013-10-22",
                "planned_end": "2013-10-23",
                "experts": ["andrei.popescu@example.org", "pieter.jansen@example.org"],
                "target": "completed",
                "participants": (80, 38, 42),
            },
            {
                "type": "closing_event",
                "title": "Closing meeting: conclusions and a regional migration network",
                "place": "Manila, Philippines",
                "planned_start": "2013-12-10",
                "planned_end": "2013-12-10",
                "experts": ["andrei.popescu@example.org"],
                "target": "completed",
                "participants": (40, 22, 18),
            },
        ],
    },
    {
        "key": "comesa-data-2012",
        "requester_name": "COMESA Secretariat",
        "requester_type": "regional_organisation",
        "countries": [
            "BI",
            "KM",
            "CD",
            "DJ",
            "EG",
            "ER",
            "ET",
            "KE",
            "LY",
            "MG",
            "MW",
            "MU",
            "RW",
            "SC",
            "SD",
            "SZ",
            "UG",
            "ZM",
            "ZW",
        ],
        "thematic_areas": ["horizontal", "irregular_migration", "legal_migration"],
        "topics": ["trafficking_in_human_beings"],
        "received_on": "2012-07-09",
        "summary": (
            "Help COMESA Member States collect, analyse and share migration data for policy "
            "making, build capacity against trafficking, and align national laws with the "
            "COMESA Model Law on Immigration."
        ),
        "endorsed_by": "Secretary General, COMESA",
        "endorsed_on": "2012-07-02",
        "target": "closed",
        "objectives": (
            "Support the implementation of the decisions of the Chief Immigration Officers and "
            "Ministers: a regional inventory of migration data, harmonised definitions, trained "
            "national focal points on migration and on trafficking."
        ),
        "context": (
            "The Chief Immigration Officers and the Ministers responsible for immigration asked "
            "Member States to strengthen data collection, analysis and sharing; MIEUX already "
            "supported the organisation of their meetings."
        ),
        "focal_points": [
            {
                "name": "Grace Mwansa",
                "institution": "COMESA Secretariat, Gender and Social Affairs",
                "email": "focal.comesa@example.org",
            }
        ],
        "activities": [
            {
                "type": "assessment",
                "title": "Assessment and preparation session with the COMESA Secretariat",
                "place": "Lusaka, Zambia",
                "planned_start": "2012-09-18",
                "planned_end": "2012-09-19",
                "experts": ["giulia.conti@example.org"],
                "target": "completed",
                "participants": (9, 5, 4),
            },
            {
                "type": "meeting",
                "title": "Support to the 8th Chief Immigration Officers and 5th Ministers meetings",
                "place": "Lusaka, Zambia",
                "planned_start": "2012-12-10",
                "planned_end": "2012-12-14",
                "experts": ["giulia.conti@example.org", "mark.camilleri@example.org"],
                "target": "completed",
                "participants": (74, 23, 51),
            },
            {
                "type": "remote_support",
                "title": "Questionnaire on migration data sources and gaps in Member States",
                "place": "Remote",
                "planned_start": "2013-04-02",
                "planned_end": "2013-07-31",
                "experts": ["mark.camilleri@example.org"],
                "target": "completed",
                "participants": (19, 7, 12),
            },
            {
                "type": "regional_workshop",
                "title": "Regional workshop on collecting, analysing and sharing migration data",
                "place": "Nairobi, Kenya",
                "planned_start": "2014-03-11",
                "planned_end": "2014-03-13",
                "experts": ["giulia.conti@example.org", "mark.camilleri@example.org"],
                "target": "completed",
                "participants": (42, 16, 26),
            },
            {
                "type": "regional_workshop",
                "title": "Regional workshop on trafficking in human beings",
                "place": "Lusaka, Zambia",
                "planned_start": "2014-09-23",
                "planned_end": "2014-09-25",
                "experts": ["koen.peeters@example.org"],
                "target": "completed",
                "participants": (38, 17, 21),
            },
            {
                "type": "remote_support",
                "title": "Update of the reference document on the COMESA Model Law on Immigration",
                "place": "Remote",
                "planned_start": "2015-03-02",
                "planned_end": "2015-06-30",
                "experts": ["koen.peeters@example.org"],
                "target": "completed",
                "participants": (4, 2, 2),
            },
            {
                "type": "closing_event",
                "title": "Closing workshop: agreed definitions for regional data sharing",
                "place": "Lusaka, Zambia",
                "planned_start": "2016-02-16",
                "planned_end": "2016-02-17",
                "experts": ["giulia.conti@example.org", "mark.camilleri@example.org"],
                "target": "completed",
                "participants": (45, 18, 27),
            },
        ],
    },
    {
        "key": "west-africa-environment-2014",
        "requester_name": "Governments of Benin, Guinea-Bissau and Togo (joint request)",
        "requester_type": "national_administration",
        "countries": ["BJ", "GW", "TG"],
        "thematic_areas": ["horizontal", "migration_development"],
        "topics": [],
        "received_on": "2014-04-14",
        "summary": (
            "Regional dialogue on migration and displacement linked to climate change and "
            "environmental degradation, with national consultations and capacity building in "
            "Benin, Guinea-Bissau and Togo."
        ),
        "endorsed_by": "Ministers of Planning of Benin, Guinea-Bissau and Togo",
        "endorsed_on": "2014-04-07",
        "target": "closed",
        "objectives": (
            "Improve the understanding of the links between migration, environment and climate "
            "change; consider migration as a possible adaptation strategy; agree on national and "
            "regional follow-up on data, coordination and external support."
        ),
        "context": (
            "Droughts, floods, coastal erosion and falling fish stocks affected more than 28 "
            "million people in West Africa in 2010-2014; the three countries had no tools to "
            "address the link between environment and migration."
        ),
        "focal_points": [
            {
                "name": "Kossi Amegah",
                "institution": "Ministry of Planning and Development, Togo",
                "email": "focal.westafrica.togo@example.org",
            },
            {
                "name": "Rachidatou Bio",
                "institution": "Ministry of Planning and Development, Benin",
                "email": "focal.westafrica.benin@example.org",
            },
            {
                "name": "Armando Correia",
                "institution": "Ministry of Economy and Planning, Guinea-Bissau",
                "email": "focal.westafrica.guineabissau@example.org",
            },
        ],
        "activities": [
            {
                "type": "assessment",
                "title": "Assessment and preparation session with the three national focal points",
                "place": "Cotonou, Benin",
                "planned_start": "2015-03-03",
                "planned_end": "2015-03-04",
                "experts": ["julien.roche@example.org"],
                "target": "completed",
                "participants": (12, 4, 8),
            },
            {
                "type": "remote_support",
                "title": "Background paper on migration, environment and climate in West Africa",
                "place": "Remote",
                "planned_start": "2015-06-01",
                "planned_end": "2015-09-15",
                "experts": ["julien.roche@example.org"],
                "target": "completed",
                "participants": (6, 2, 4),
            },
            {
                "type": "regional_workshop",
                "title": "Regional consultation on migration, environment and climate change",
                "place": "Cotonou, Benin",
                "planned_start": "2015-10-13",
                "planned_end": "2015-10-15",
                "experts": ["julien.roche@example.org", "claire.dumont@example.org"],
                "target": "completed",
                "participants": (56, 17, 39),
            },
            {
                "type": "information_session",
                "title": "National consultation and information session, Benin",
                "place": "Cotonou, Benin",
                "planned_start": "2016-09-06",
                "planned_end": "2016-09-08",
                "experts": ["julien.roche@example.org"],
                "target": "completed",
                "participants": (41, 13, 28),
            },
            {
                "type": "information_session",
                "title": "National consultation and information session, Togo",
                "place": "Lomé, Togo",
                "planned_start": "2016-09-20",
                "planned_end": "2016-09-22",
                "experts": ["julien.roche@example.org"],
                "target": "completed",
                "participants": (44, 15, 29),
            },
            {
                "type": "information_session",
                "title": "National consultation and information session, Guinea-Bissau",
                "place": "Bissau, Guinea-Bissau",
                "planned_start": "2017-04-04",
                "planned_end": "2017-04-06",
                "experts": ["julien.roche@example.org", "claire.dumont@example.org"],
                "target": "completed",
                "participants": (37, 11, 26),
            },
            {
                "type": "closing_event",
                "title": "Regional restitution and capitalisation workshop",
                "place": "Cotonou, Benin",
                "planned_start": "2018-09-25",
                "planned_end": "2018-09-26",
                "experts": ["julien.roche@example.org", "claire.dumont@example.org"],
                "target": "completed",
                "participants": (48, 16, 32),
            },
        ],
    },
    {
        "key": "malawi-diaspora-2014",
        "requester_name": "Diaspora Affairs Unit, Ministry of Foreign Affairs of Malawi",
        "requester_type": "national_administration",
        "countries": ["MW"],
        "thematic_areas": ["migration_development"],
        "topics": ["diaspora"],
        "received_on": "2014-02-10",
        "summary": (
            "Build the capacity of the new Diaspora Affairs Unit and support the drafting of a "
            "Diaspora Engagement Policy, informed by consultations with Malawians abroad and "
            "study visits to Ethiopia and Ireland."
        ),
        "endorsed_by": "Secretary for Foreign Affairs",
        "endorsed_on": "2014-02-03",
        "target": "closed",
        "objectives": (
            "Give the Diaspora Affairs Unit a method for policy making, consult diaspora "
            "communities in several countries, and produce a draft policy with an implementation "
            "roadmap."
        ),
        "context": (
            "The government set up a Diaspora Affairs Unit in the Ministry of Foreign Affairs in "
            "2012 to manage relations with Malawians abroad and draw on their skills and "
            "resources; no policy guided this work yet."
        ),
        "focal_points": [
            {
                "name": "Chikondi Banda",
                "institution": "Diaspora Affairs Unit, Ministry of Foreign Affairs",
                "email": "focal.malawi@example.org",
            }
        ],
        "activities": [
            {
                "type": "assessment",
                "title": "Assessment mission: high-level meetings in Lilongwe and Blantyre",
                "place": "Lilongwe and Blantyre, Malawi",
                "planned_start": "2014-06-09",
                "planned_end": "2014-06-13",
                "experts": ["abebe.tesfaye@example.org", "claire.dumont@example.org"],
                "target": "completed",
                "participants": (46, 17, 29),
            },
            {
                "type": "workshop",
                "title": "Workshop on stakeholder mapping and diaspora engagement",
                "place": "Lilongwe, Malawi",
                "planned_start": "2014-10-14",
                "planned_end": "2014-10-15",
                "experts": ["abebe.tesfaye@example.org"],
                "target": "completed",
                "participants": (31, 12, 19),
            },
            {
                "type": "workshop",
                "title": "Workshop: embassies, investment incentives and political rights",
                "place": "Lilongwe, Malawi",
                "planned_start": "2015-02-17",
                "planned_end": "2015-02-18",
                "experts": ["claire.dumont@example.org", "abebe.tesfaye@example.org"],
                "target": "completed",
                "participants": (28, 11, 17),
            },
            {
                "type": "study_visit",
                "title": "Study visit to Ethiopia and consultation of Malawians in Addis Ababa",
                "place": "Addis Ababa, Ethiopia",
                "planned_start": "2015-05-11",
                "planned_end": "2015-05-15",
                "experts": ["abebe.tesfaye@example.org"],
                "target": "completed",
                "participants": (6, 2, 4),
            },
            {
                "type": "study_visit",
                "title": "Study visit to Ireland and round table with the Malawian diaspora",
                "place": "Dublin, Ireland",
                "planned_start": "2015-09-21",
                "planned_end": "2015-09-25",
                "experts": ["claire.dumont@example.org"],
                "target": "completed",
                "participants": (6, 3, 3),
            },
            {
                "type": "remote_support",
                "title": "Remote support to the drafting of the Diaspora Engagement Policy",
                "place": "Remote",
                "planned_start": "2015-11-02",
                "planned_end": "2016-02-26",
                "experts": ["abebe.tesfaye@example.org"],
                "target": "completed",
                "participants": (2, 1, 1),
            },
            {
                "type": "closing_event",
                "title": "Final workshop: the draft policy and its implementation roadmap",
                "place": "Lilongwe, Malawi",
                "planned_start": "2016-05-24",
                "planned_end": "2016-05-25",
                "experts": ["abebe.tesfaye@example.org", "claire.dumont@example.org"],
                "target": "completed",
                "participants": (52, 21, 31),
            },
        ],
    },
    {
        "key": "peru-smuggling-2016",
        "requester_name": "Directorate-General for Democratic Security, Ministry of the Interior",
        "requester_type": "national_administration",
        "countries": ["PE"],
        "thematic_areas": ["irregular_migration"],
        "topics": ["migrant_smuggling"],
        "received_on": "2016-11-21",
        "summary": (
            "Extend Peru's anti-trafficking framework to migrant smuggling: intersectoral "
            "guidelines, a training manual and training at the borders with Chile and Ecuador, "
            "with neighbouring countries taking part."
        ),
        "endorsed_by": "Vice-Minister for Internal Order, Ministry of the Interior",
        "endorsed_on": "2016-11-14",
        "target": "closed",
        "objectives": (
            "Draft intersectoral guidelines against migrant smuggling; assess training needs at "
            "central and local level; produce a training manual; train officials in the two most "
            "affected border provinces; foster cross-border cooperation."
        ),
        "context": (
            "Peru is a country of origin, transit and destination for smuggling, mostly of "
            "migrants from Africa, Asia and the Caribbean. The national multisectoral commission "
            "had dealt with trafficking only; two earlier Actions supported its work."
        ),
        "focal_points": [
            {
                "name": "Rosa Quispe",
                "institution": "Directorate-General for Democratic Security (DGSD)",
                "email": "focal.peru@example.org",
            }
        ],
        "activities": [
            {
                "type": "assessment",
                "title": "Assessment and preparation session with the DGSD",
                "place": "Lima, Peru",
                "planned_start": "2017-03-14",
                "planned_end": "2017-03-15",
                "experts": ["javier.morales@example.org", "diego.alvarez@example.org"],
                "target": "completed",
                "participants": (16, 9, 7),
            },
            {
                "type": "regional_workshop",
                "title": "International conference on combating migrant smuggling",
                "place": "Lima, Peru",
                "planned_start": "2017-06-06",
                "planned_end": "2017-06-07",
                "experts": ["javier.morales@example.org", "diego.alvarez@example.org"],
                "target": "completed",
                "participants": (118, 57, 61),
            },
            {
                "type": "workshop",
                "title": "Drafting session: intersectoral guidelines against migrant smuggling",
                "place": "Lima, Peru",
                "planned_start": "2017-06-08",
                "planned_end": "2017-06-09",
                "experts": ["javier.morales@example.org", "diego.alvarez@example.org"],
                "target": "completed",
                "participants": (35, 19, 16),
            },
            {
                "type": "remote_support",
                "title": "Training-needs survey in 21 regional desks and drafting of the manual",
                "place": "Remote",
                "planned_start": "2017-09-04",
                "planned_end": "2017-12-15",
                "experts": ["diego.alvarez@example.org"],
                "target": "completed",
                "participants": (6, 4, 2),
            },
            {
                "type": "workshop",
                "title": "Training on migrant smuggling at the border with Chile",
                "place": "Tacna, Peru",
                "planned_start": "2018-04-17",
                "planned_end": "2018-04-19",
                "experts": ["javier.morales@example.org", "diego.alvarez@example.org"],
                "target": "completed",
                "participants": (53, 21, 32),
            },
            {
                "type": "workshop",
                "title": "Training on migrant smuggling at the border with Ecuador",
                "place": "Tumbes, Peru",
                "planned_start": "2018-05-15",
                "planned_end": "2018-05-17",
                "experts": ["javier.morales@example.org", "diego.alvarez@example.org"],
                "target": "completed",
                "participants": (49, 18, 31),
            },
            {
                "type": "closing_event",
                "title": "Closing event: the training manual validated by the DGSD",
                "place": "Lima, Peru",
                "planned_start": "2018-06-14",
                "planned_end": "2018-06-14",
                "experts": ["javier.morales@example.org"],
                "target": "completed",
                "participants": (47, 24, 23),
            },
        ],
    },
    {
        "key": "costa-rica-integration-2016",
        "requester_name": "Directorate-General for Migration and Foreign Nationals (DGME)",
        "requester_type": "national_administration",
        "countries": ["CR"],
        "thematic_areas": ["legal_migration", "horizontal"],
        "topics": [],
        "received_on": "2016-06-20",
        "summary": (
            "Formulate Costa Rica's second National Integration Plan (2018-2022) through an "
            "evidence-based, participatory policy cycle, learning from national and local "
            "integration policies in Spain."
        ),
        "endorsed_by": "Director-General for Migration and Foreign Nationals",
        "endorsed_on": "2016-06-13",
        "target": "closed",
        "objectives": (
            "Evaluate the first plan and the Social Migration Fund, research the migration "
            "context, define new thematic priorities with all stakeholders, and have the second "
            "plan adopted and presented to the National Migration Council."
        ),
        "context": (
            "Migrants are about 9% of the population, three quarters of them from Nicaragua. "
            "Only 11 of the 80 measures of the first plan (2013-2017) were carried out, partly "
            "because the Social Migration Fund was released late."
        ),
        "focal_points": [
            {
                "name": "Laura Jiménez Solís",
                "institution": "DGME, Directorate for Integration and Human Development",
                "email": "focal.costarica@example.org",
            }
        ],
        "activities": [
            {
                "type": "assessment",
                "title": "Assessment of the first National Integration Plan and the Migration Fund",
                "place": "San José, Costa Rica",
                "planned_start": "2017-02-13",
                "planned_end": "2017-02-17",
                "experts": ["lucia.fernandez@example.org", "carmen.ortega@example.org"],
                "target": "completed",
                "participants": (27, 17, 10),
            },
            {
                "type": "remote_support",
                "title": "Support to the analysis of Costa Rica's migration context",
                "place": "Remote",
                "planned_start": "2017-03-06",
                "planned_end": "2017-05-19",
                "experts": ["carmen.ortega@example.org"],
                "target": "completed",
                "participants": (5, 3, 2),
            },
            {
                "type": "study_visit",
                "title": "Study visit to Madrid and Barcelona on national and local integration",
                "place": "Madrid and Barcelona, Spain",
                "planned_start": "2017-06-05",
                "planned_end": "2017-06-09",
                "experts": ["lucia.fernandez@example.org", "carmen.ortega@example.org"],
                "target": "completed",
                "participants": (7, 4, 3),
            },
            {
                "type": "workshop",
                "title": "Participatory workshops on the plan's thematic priorities",
                "place": "San José, Costa Rica",
                "planned_start": "2017-07-18",
                "planned_end": "2017-07-20",
                "experts": ["lucia.fernandez@example.org", "carmen.ortega@example.org"],
                "target": "completed",
                "participants": (64, 41, 23),
            },
            {
                "type": "meeting",
                "title": "Consultations with stakeholders on the draft plan",
                "place": "San José, Costa Rica",
                "planned_start": "2017-09-26",
                "planned_end": "2017-09-27",
                "experts": ["carmen.ortega@example.org"],
                "target": "completed",
                "participants": (43, 27, 16),
            },
            {
                "type": "presentation",
                "title": "Presentation of the draft plan to the National Migration Council",
                "place": "San José, Costa Rica",
                "planned_start": "2017-11-07",
                "planned_end": "2017-11-07",
                "experts": ["lucia.fernandez@example.org"],
                "target": "completed",
                "participants": (19, 9, 10),
            },
            {
                "type": "closing_event",
                "title": "Official launch of the National Integration Plan 2018-2022",
                "place": "San José, Costa Rica",
                "planned_start": "2017-12-08",
                "planned_end": "2017-12-08",
                "experts": ["lucia.fernandez@example.org", "carmen.ortega@example.org"],
                "target": "completed",
                "participants": (120, 71, 49),
            },
        ],
    },
    {
        "key": "cape-verde-local-integration-2016",
        "requester_name": "Directorate-General for Immigration (DGI) of Cabo Verde",
        "requester_type": "national_administration",
        "countries": ["CV"],
        "thematic_areas": ["legal_migration"],
        "topics": [],
        "received_on": "2016-11-28",
        "summary": (
            "Turn the National Immigration Strategy into local action: a Municipal Action Plan "
            "for Immigration and Integration (MAPII) and a procedures manual for the staff of "
            "the municipal immigrant support offices (GAI)."
        ),
        "endorsed_by": "Minister of Family and Social Inclusion",
        "endorsed_on": "2016-11-21",
        "target": "closed",
        "objectives": (
            "Clarify the role of local authorities in integration, draft a model MAPII that each "
            "municipality adapts, write a procedures manual for GAI staff, and strengthen "
            "cooperation between national and local actors."
        ),
        "context": (
            "Cabo Verde has become a country of transit and destination. The DGI has opened "
            "immigrant support offices in municipalities since 2013 (Sal first) and plans to "
            "cover 22 municipalities on nine islands."
        ),
        "focal_points": [
            {
                "name": "Carlos Monteiro",
                "institution": "Directorate-General for Immigration",
                "email": "focal.capeverde@example.org",
            }
        ],
        "activities": [
            {
                "type": "assessment",
                "title": "Assessment mission with local and national stakeholders",
                "place": "Praia, Sal and Boa Vista, Cabo Verde",
                "planned_start": "2017-05-15",
                "planned_end": "2017-05-19",
                "experts": ["ana.ribeiro@example.org", "miguel.tavares@example.org"],
                "target": "completed",
                "participants": (38, 21, 17),
            },
            {
                "type": "workshop",
                "title": "First drafting session of the working group on the MAPII",
                "place": "Praia, Cabo Verde",
                "planned_start": "2017-10-10",
                "planned_end": "2017-10-12",
                "experts": ["ana.ribeiro@example.org", "miguel.tavares@example.org"],
                "target": "completed",
                "participants": (22, 13, 9),
            },
            {
                "type": "study_visit",
                "title": "Study visit to Lisbon and Oeiras: one-stop migrant support centres",
                "place": "Lisbon and Oeiras, Portugal",
                "planned_start": "2018-03-12",
                "planned_end": "2018-03-16",
                "experts": ["ana.ribeiro@example.org", "miguel.tavares@example.org"],
                "target": "completed",
                "participants": (8, 5, 3),
            },
            {
                "type": "workshop",
                "title": "Drafting session: the model MAPII and its adaptation by municipalities",
                "place": "Praia, Cabo Verde",
                "planned_start": "2018-06-19",
                "planned_end": "2018-06-21",
                "experts": ["miguel.tavares@example.org"],
                "target": "completed",
                "participants": (24, 14, 10),
            },
            {
                "type": "workshop",
                "title": "Training of immigrant support office staff on the procedures manual",
                "place": "Mindelo, Cabo Verde",
                "planned_start": "2018-10-16",
                "planned_end": "2018-10-18",
                "experts": ["ana.ribeiro@example.org", "miguel.tavares@example.org"],
                "target": "completed",
                "participants": (30, 19, 11),
            },
            {
                "type": "remote_support",
                "title": "Finalisation of the model MAPII and the procedures manual",
                "place": "Remote",
                "planned_start": "2018-11-05",
                "planned_end": "2019-02-28",
                "experts": ["miguel.tavares@example.org"],
                "target": "completed",
                "participants": (4, 2, 2),
            },
            {
                "type": "closing_event",
                "title": "Launch of the first MAPII on Praia's Municipal Immigrants' Day",
                "place": "Praia, Cabo Verde",
                "planned_start": "2019-05-21",
                "planned_end": "2019-05-21",
                "experts": ["ana.ribeiro@example.org", "miguel.tavares@example.org"],
                "target": "completed",
                "participants": (85, 46, 39),
            },
        ],
    },
    {
        "key": "mexico-asylum-2016",
        "requester_name": "Ministry of the Interior of Mexico: COMAR and INM",
        "requester_type": "national_administration",
        "countries": ["MX"],
        "thematic_areas": ["international_protection", "legal_migration"],
        "topics": [],
        "received_on": "2016-01-18",
        "summary": (
            "Strengthen the identification and protection of asylum seekers by the Mexican "
            "Commission for Refugee Assistance (COMAR) and the National Migration Institute "
            "(INM) with EASO-based training, and support migrant integration."
        ),
        "endorsed_by": "Undersecretary for Population, Migration and Religious Affairs",
        "endorsed_on": "2016-01-11",
        "target": "closed",
        "objectives": (
            "Train INM front-line officers on access to the asylum procedure, and COMAR case "
            "officers on interviewing and evidence assessment (core and advanced modules); "
            "improve coordination between the two institutions."
        ),
        "context": (
            "Asylum applications in Mexico rose steeply from 2012, mainly from Central America. "
            "COMAR must decide within 45 days and has three regional offices; many applicants "
            "first meet INM officers at the border."
        ),
        "focal_points": [
            {
                "name": "Alejandra Ruiz Contreras",
                "institution": "Mexican Commission for Refugee Assistance (COMAR)",
                "email": "focal.mexico.comar@example.org",
            },
            {
                "name": "Jorge Hernández Vega",
                "institution": "National Migration Institute (INM)",
                "email": "focal.mexico.inm@example.org",
            },
        ],
        "activities": [
            {
                "type": "assessment",
                "title": "Training-needs assessment with COMAR",
                "place": "Mexico City, Mexico",
                "planned_start": "2017-03-20",
                "planned_end": "2017-03-22",
                "experts": ["lucia.fernandez@example.org"],
                "target": "completed",
                "participants": (21, 13, 8),
            },
            {
                "type": "workshop",
                "title": "Access to the asylum procedure for border and detention officers",
                "place": "Tapachula, Chiapas, Mexico",
                "planned_start": "2017-06-19",
                "planned_end": "2017-06-23",
                "experts": ["marieke.devries@example.org", "ana.ribeiro@example.org"],
                "target": "completed",
                "participants": (42, 19, 23),
            },
            {
                "type": "workshop",
                "title": "Core modules for COMAR: interview techniques and evidence assessment",
                "place": "Mexico City, Mexico",
                "planned_start": "2017-09-11",
                "planned_end": "2017-09-12",
                "experts": ["lucia.fernandez@example.org", "marieke.devries@example.org"],
                "target": "completed",
                "participants": (33, 20, 13),
            },
            {
                "type": "workshop",
                "title": "Support to COMAR's country-of-origin information unit",
                "place": "Mexico City, Mexico",
                "planned_start": "2017-11-14",
                "planned_end": "2017-11-15",
                "experts": [],
                "target": "cancelled",
            },
            {
                "type": "workshop",
                "title": "Advanced modules: interviewing children and vulnerable people; exclusion",
                "place": "Mexico City, Mexico",
                "planned_start": "2018-02-13",
                "planned_end": "2018-02-14",
                "experts": ["ana.ribeiro@example.org", "marieke.devries@example.org"],
                "target": "completed",
                "participants": (31, 19, 12),
            },
            {
                "type": "workshop",
                "title": "Videoconference seminar on interviewing children and vulnerable people",
                "place": "Remote (videoconference)",
                "planned_start": "2018-04-18",
                "planned_end": "2018-04-18",
                "experts": ["lucia.fernandez@example.org"],
                "target": "completed",
                "participants": (128, 71, 57),
            },
            {
                "type": "closing_event",
                "title": "Closing seminar on migrant integration systems",
                "place": "Mexico City, Mexico",
                "planned_start": "2018-09-25",
                "planned_end": "2018-09-26",
                "experts": ["lucia.fernandez@example.org", "ana.ribeiro@example.org"],
                "target": "completed",
                "participants": (55, 30, 25),
            },
        ],
    },
    # ----------------------------------------------------------------------------------
    # A follow-up request from Belarus, cancelled while the Fiche was being drafted.
    # ----------------------------------------------------------------------------------
    {
        "key": "belarus-migration-strategy-2018",
        "requester_name": "Ministry of Internal Affairs of Belarus",
        "requester_type": "national_administration",
        "countries": ["BY"],
        "thematic_areas": ["legal_migration", "horizontal"],
        "topics": [],
        "received_on": "2018-10-15",
        "summary": (
            "Method for a comprehensive national migration strategy, building on the 2016-2018 "
            "Action that assessed the effects of ratifying international conventions on labour "
            "migration."
        ),
        "endorsed_by": "Deputy Minister of Internal Affairs",
        "endorsed_on": "2018-10-08",
        "target": "cancelled",
        "objectives": (
            "Share the policy-cycle method for drafting a national migration strategy with the "
            "high-level working group, including labour migration."
        ),
        "context": (
            "Under the 2016 EU-Belarus Mobility Partnership, a first Action produced a "
            "feasibility study, an impact assessment and an analytical report on external "
            "labour-migration law, presented in June 2018; the government's next priority is "
            "a national migration strategy."
        ),
        "focal_points": [
            {
                "name": "Alena Kavalenka",
                "institution": "Ministry of Internal Affairs, Citizenship and Migration Department",
                "email": "focal.belarus@example.org",
            }
        ],
        "activities": [
            {
                "type": "assessment",
                "title": "Assessment session with the strategy working group",
                "place": "Minsk, Belarus",
                "planned_start": "2019-03-12",
                "planned_end": "2019-03-13",
                "experts": [],
                "target": "cancelled",
            },
            {
                "type": "workshop",
                "title": "Workshop on the policy cycle and strategy drafting",
                "place": "Minsk, Belarus",
                "planned_start": "2019-05-21",
                "planned_end": "2019-05-22",
                "experts": [],
                "target": "cancelled",
            },
        ],
        "reason": (
            "The ministry will draft the strategy with support from the EU-funded Mobility "
            "Partnership Facility; the Action is cancelled to avoid duplication."
        ),
    },
    # ----------------------------------------------------------------------------------
    # Actions in progress: new requests received in 2026 from case-study partners.
    # ----------------------------------------------------------------------------------
    {
        "key": "kenya-data-sops-2026",
        "requester_name": "National Coordination Mechanism on Migration (NCM) of Kenya",
        "requester_type": "national_administration",
        "countries": ["KE"],
        "thematic_areas": ["horizontal"],
        "topics": [],
        "received_on": "2026-01-19",
        "summary": (
            "Follow-up to the 2017-2019 Action on standard operating procedures (SOPs) for "
            "migration data: annual review of the SOPs and a core team trained in migration data "
            "analysis."
        ),
        "endorsed_by": "Principal Secretary, State Department for Immigration",
        "endorsed_on": "2026-01-12",
        "target": "evaluation",
        "objectives": (
            "Run the annual review of the SOPs on migration data management, train a core group "
            "of NCM technical officers in data analysis and as trainers, and prepare the SOPs "
            "for formal adoption at the highest level."
        ),
        "context": (
            "The 2017-2019 Action, run with GIZ and linked to the COMESA data work, produced SOPs "
            "adopted at technical level and trained 20 officers; the NCM coordinates the "
            "agencies and must update the SOPs every year."
        ),
        "focal_points": [
            {
                "name": "Wanjiru Kamau",
                "institution": "National Coordination Mechanism on Migration (NCM)",
                "email": "focal.kenya@example.org",
            }
        ],
        "activities": [
            {
                "type": "assessment",
                "title": "Assessment of SOP use across NCM agencies",
                "place": "Nairobi, Kenya",
                "planned_start": "2026-02-23",
                "planned_end": "2026-02-25",
                "experts": ["giulia.conti@example.org", "mark.camilleri@example.org"],
                "target": "completed",
                "participants": (22, 9, 13),
            },
            {
                "type": "workshop",
                "title": "Workshop on migration data analysis and dissemination",
                "place": "Nairobi, Kenya",
                "planned_start": "2026-04-14",
                "planned_end": "2026-04-16",
                "experts": ["giulia.conti@example.org"],
                "target": "completed",
                "participants": (20, 8, 12),
            },
            {
                "type": "workshop",
                "title": "Drafting session: annual review of the SOPs",
                "place": "Mombasa, Kenya",
                "planned_start": "2026-05-19",
                "planned_end": "2026-05-21",
                "experts": ["mark.camilleri@example.org"],
                "target": "completed",
                "participants": (18, 7, 11),
            },
            {
                "type": "remote_support",
                "title": "Remote review of the revised SOPs and data-sharing tables",
                "place": "Remote",
                "planned_start": "2026-06-01",
                "planned_end": "2026-06-26",
                "experts": ["mark.camilleri@example.org"],
                "target": "completed",
                "participants": (6, 3, 3),
            },
            {
                "type": "training_of_trainers",
                "title": "Training of trainers on the SOPs for NCM technical officers",
                "place": "Nairobi, Kenya",
                "planned_start": "2026-07-14",
                "planned_end": "2026-07-16",
                "experts": ["giulia.conti@example.org", "mark.camilleri@example.org"],
                "target": "completed",
                "participants": (10, 4, 6),
            },
            {
                "type": "closing_event",
                "title": "Closing event: presentation of the reviewed SOPs to NCM principals",
                "place": "Nairobi, Kenya",
                "planned_start": "2026-09-15",
                "planned_end": "2026-09-15",
                "experts": ["giulia.conti@example.org"],
                "target": "completed",
                "participants": (34, 14, 20),
            },
        ],
    },
    {
        "key": "brazil-children-interviews-2026",
        "requester_name": "Federal Public Defender's Office of Brazil (DPU)",
        "requester_type": "judiciary",
        "countries": ["BR"],
        "thematic_areas": ["international_protection", "irregular_migration"],
        "topics": ["trafficking_in_human_beings"],
        "received_on": "2026-06-08",
        "summary": (
            "Scale up the child-interview techniques developed with MIEUX in 2019: cascade "
            "training for public defenders and partner staff in Roraima and Amazonas, and a "
            "regional exchange with Latin American public defenders."
        ),
        "endorsed_by": "Federal Public Defender-General",
        "endorsed_on": "2026-06-01",
        "target": "implementation",
        "objectives": (
            "Update the interview manual with Brazilian cases on trafficking and indigenous "
            "children, train in-house trainers, reach staff in the arrival cities, and share the "
            "manual with peers in the region."
        ),
        "context": (
            "Venezuelans enter Brazil through Pacaraima, in Roraima, and move on to Boa Vista "
            "and Manaus. The 2019 Action trained about 70 officials and produced a manual on "
            "interviewing separated and unaccompanied children."
        ),
        "focal_points": [
            {
                "name": "Fernanda Albuquerque",
                "institution": "DPU, Office for Migration and Refuge",
                "email": "focal.brazil@example.org",
            },
            {
                "name": "Rafael Nogueira",
                "institution": "DPU, Boa Vista regional office",
                "email": "focal.brazil.roraima@example.org",
            },
        ],
        "activities": [
            {
                "type": "assessment",
                "title": "Assessment mission in Pacaraima, Boa Vista, Manaus and Brasília",
                "place": "Boa Vista, Manaus and Brasília, Brazil",
                "planned_start": "2026-07-20",
                "planned_end": "2026-07-31",
                "experts": ["ana.ribeiro@example.org", "sofia.cardoso@example.org"],
                "target": "completed",
                "participants": (46, 29, 17),
            },
            {
                "type": "workshop",
                "title": "Workshop on the updated interview manual with child-protection actors",
                "place": "Brasília, Brazil",
                "planned_start": "2026-09-08",
                "planned_end": "2026-09-09",
                "experts": ["ana.ribeiro@example.org", "sofia.cardoso@example.org"],
                "target": "report_submitted",
                "participants": (38, 24, 14),
            },
            {
                "type": "training_of_trainers",
                "title": "Training of trainers on interviewing children in migration",
                "place": "Boa Vista, Brazil",
                "planned_start": "2026-10-06",
                "planned_end": "2026-10-08",
                "experts": ["marieke.devries@example.org", "pieter.jansen@example.org"],
                "target": "held",
                "participants": (18, 12, 6),
            },
            {
                "type": "study_visit",
                "title": "Study visit to the Netherlands on interviewing unaccompanied children",
                "place": "The Hague, Netherlands",
                "planned_start": "2026-11-02",
                "planned_end": "2026-11-06",
                "experts": [],
                "target": "cancelled",
            },
            {
                "type": "workshop",
                "title": "Cascade training session for DPU and partner staff",
                "place": "Manaus, Brazil",
                "planned_start": "2026-11-17",
                "planned_end": "2026-11-18",
                "experts": ["marieke.devries@example.org", "pieter.jansen@example.org"],
                "target": "held",
                "participants": (27, 19, 8),
            },
            {
                "type": "regional_workshop",
                "title": "Regional exchange with Latin American public defenders",
                "place": "São Paulo, Brazil",
                "planned_start": "2026-12-09",
                "planned_end": "2026-12-10",
                "experts": ["sofia.cardoso@example.org", "marieke.devries@example.org"],
                "target": "scheduled",
            },
            {
                "type": "closing_event",
                "title": "Closing event: the manual adapted to the Brazilian context",
                "place": "Brasília, Brazil",
                "planned_start": "2027-03-16",
                "planned_end": "2027-03-17",
                "experts": ["ana.ribeiro@example.org", "pieter.jansen@example.org"],
                "target": "scheduled",
            },
        ],
    },
    {
        "key": "madagascar-diaspora-policy-2026",
        "requester_name": "Directorate of Diaspora Affairs, Ministry of Foreign Affairs",
        "requester_type": "national_administration",
        "countries": ["MG"],
        "thematic_areas": ["migration_development"],
        "topics": ["diaspora"],
        "received_on": "2026-04-13",
        "summary": (
            "Put the National Diaspora Engagement Policy drafted with MIEUX in 2017-2019 into "
            "practice: an implementation plan, a diaspora mapping beyond France, and a role for "
            "embassies."
        ),
        "endorsed_by": "Secretary-General, Ministry of Foreign Affairs",
        "endorsed_on": "2026-04-06",
        "target": "suspended",
        "objectives": (
            "Turn the policy's action plan into a costed implementation plan, design a survey to "
            "map the diaspora in its main countries of residence, and set out how embassies "
            "support diaspora engagement."
        ),
        "context": (
            "The policy, presented to more than 80 stakeholders in Antananarivo in December "
            "2019, was drafted with study visits to Senegal and France; little data exists on "
            "the size and make-up of the diaspora outside France."
        ),
        "focal_points": [
            {
                "name": "Hery Rakotomalala",
                "institution": "Directorate of Diaspora Affairs",
                "email": "focal.madagascar@example.org",
            }
        ],
        "activities": [
            {
                "type": "assessment",
                "title": "Assessment session on the policy's implementation so far",
                "place": "Antananarivo, Madagascar",
                "planned_start": "2026-06-02",
                "planned_end": "2026-06-05",
                "experts": ["claire.dumont@example.org", "abebe.tesfaye@example.org"],
                "target": "completed",
                "participants": (24, 13, 11),
            },
            {
                "type": "workshop",
                "title": "Workshop on a costed implementation plan",
                "place": "Antananarivo, Madagascar",
                "planned_start": "2026-07-07",
                "planned_end": "2026-07-09",
                "experts": ["claire.dumont@example.org"],
                "target": "completed",
                "participants": (29, 16, 13),
            },
            {
                "type": "study_visit",
                "title": "Study visit to Senegal on diaspora mapping and embassy networks",
                "place": "Dakar, Senegal",
                "planned_start": "2026-09-14",
                "planned_end": "2026-09-18",
                "experts": ["abebe.tesfaye@example.org"],
                "target": "report_submitted",
                "participants": (6, 3, 3),
            },
            {
                "type": "workshop",
                "title": "Workshop with embassies on diaspora engagement",
                "place": "Antananarivo, Madagascar",
                "planned_start": "2027-02-09",
                "planned_end": "2027-02-10",
                "experts": [],
                "target": "planned",
            },
            {
                "type": "remote_support",
                "title": "Remote support to the design of the diaspora mapping survey",
                "place": "Remote",
                "planned_start": "2027-03-01",
                "planned_end": "2027-04-30",
                "experts": ["claire.dumont@example.org"],
                "target": "planned",
            },
            {
                "type": "closing_event",
                "title": "Closing event: the implementation plan",
                "place": "Antananarivo, Madagascar",
                "planned_start": "2027-06-15",
                "planned_end": "2027-06-15",
                "experts": [],
                "target": "planned",
            },
        ],
        "reason": (
            "At the ministry's request: the Directorate of Diaspora Affairs is being reorganised "
            "and its new director is not yet appointed; activities resume once a focal point is "
            "confirmed."
        ),
    },
    {
        "key": "jordan-shelters-2026",
        "requester_name": "Ministry of Social Development of Jordan (MoSD)",
        "requester_type": "national_administration",
        "countries": ["JO"],
        "thematic_areas": ["irregular_migration"],
        "topics": ["trafficking_in_human_beings"],
        "received_on": "2026-08-24",
        "summary": (
            "Roll out the shelter SOPs and guiding principles drafted in 2017-2019 through "
            "cascade training for new staff of the two Amman shelters and their referral "
            "partners."
        ),
        "endorsed_by": "Secretary-General, Ministry of Social Development",
        "endorsed_on": "2026-08-17",
        "target": "psc_review",
        "objectives": (
            "Update the SOPs to cover every form of trafficking (child labour, sexual "
            "exploitation, begging, organ removal), train shelter trainers, and align the "
            "shelters' work with the national referral mechanism."
        ),
        "context": (
            "The MoSD opened its first permanent shelter for victims in 2016; a second is run by "
            "the Jordanian Women's Union. The earlier Action produced a needs assessment, a "
            "memorandum between the shelters and SOPs, with a study visit to Belgium."
        ),
        "focal_points": [
            {
                "name": "Rana Haddad",
                "institution": "Ministry of Social Development, anti-trafficking section",
                "email": "focal.jordan@example.org",
            },
            {
                "name": "Omar Khalil",
                "institution": "Dar Karamah shelter",
                "email": "focal.jordan.shelter@example.org",
            },
        ],
        "activities": [
            {
                "type": "assessment",
                "title": "Assessment of SOP use in the two shelters",
                "place": "Amman, Jordan",
                "planned_start": "2027-01-18",
                "planned_end": "2027-01-20",
                "experts": ["sophie.lambert@example.org"],
                "target": "planned",
            },
            {
                "type": "workshop",
                "title": "Drafting session: SOP update on all forms of trafficking",
                "place": "Amman, Jordan",
                "planned_start": "2027-03-08",
                "planned_end": "2027-03-10",
                "experts": ["sophie.lambert@example.org", "koen.peeters@example.org"],
                "target": "planned",
            },
            {
                "type": "remote_support",
                "title": "Remote support to the finalisation of the updated SOPs",
                "place": "Remote",
                "planned_start": "2027-03-22",
                "planned_end": "2027-04-30",
                "experts": ["sophie.lambert@example.org"],
                "target": "planned",
            },
            {
                "type": "training_of_trainers",
                "title": "Training of trainers for shelter case managers",
                "place": "Amman, Jordan",
                "planned_start": "2027-05-17",
                "planned_end": "2027-05-19",
                "experts": [],
                "target": "planned",
            },
            {
                "type": "workshop",
                "title": "Workshop with referral partners on the national referral mechanism",
                "place": "Amman, Jordan",
                "planned_start": "2027-09-14",
                "planned_end": "2027-09-15",
                "experts": ["koen.peeters@example.org"],
                "target": "planned",
            },
            {
                "type": "closing_event",
                "title": "Closing event: the updated SOPs and the trainers' network",
                "place": "Amman, Jordan",
                "planned_start": "2027-11-23",
                "planned_end": "2027-11-23",
                "experts": [],
                "target": "planned",
            },
        ],
    },
    {
        "key": "mauritius-md-policy-2026",
        "requester_name": "Prime Minister's Office of Mauritius, Migration Unit",
        "requester_type": "national_administration",
        "countries": ["MU"],
        "thematic_areas": ["migration_development", "horizontal"],
        "topics": ["diaspora"],
        "received_on": "2026-10-05",
        "summary": (
            "Monitoring and evaluation of the National Migration and Development Policy and its "
            "action plan drafted with MIEUX in 2017, and preparation of the next policy cycle."
        ),
        "endorsed_by": "Secretary to Cabinet, Prime Minister's Office",
        "endorsed_on": "2026-09-28",
        "target": "fiche_drafting",
        "objectives": (
            "Give the Migration Unit an indicator-based monitoring framework, evaluate progress "
            "under the policy's four pillars, and learn from Cabo Verde's monitoring mechanism "
            "through South-South exchange."
        ),
        "context": (
            "The 2017 policy, drafted with all ministries and aligned on Vision 2030, created a "
            "Migration Unit to coordinate, monitor and evaluate it. Mauritius wants to reverse "
            "the emigration of highly skilled workers."
        ),
        "focal_points": [
            {
                "name": "Anjali Ramsamy",
                "institution": "Prime Minister's Office, Migration Unit",
                "email": "focal.mauritius@example.org",
            }
        ],
        "activities": [
            {
                "type": "assessment",
                "title": "Assessment of the policy's implementation and monitoring data",
                "place": "Port Louis, Mauritius",
                "planned_start": "2027-02-15",
                "planned_end": "2027-02-18",
                "experts": ["claire.dumont@example.org"],
                "target": "planned",
            },
            {
                "type": "workshop",
                "title": "Workshop on monitoring indicators and an evaluation framework",
                "place": "Port Louis, Mauritius",
                "planned_start": "2027-04-13",
                "planned_end": "2027-04-15",
                "experts": [],
                "target": "planned",
            },
            {
                "type": "study_visit",
                "title": "South-South study visit to Cabo Verde's migration coordination bodies",
                "place": "Praia, Cabo Verde",
                "planned_start": "2027-06-07",
                "planned_end": "2027-06-11",
                "experts": [],
                "target": "planned",
            },
            {
                "type": "meeting",
                "title": "Presentation of the draft evaluation to the Steering Committee",
                "place": "Port Louis, Mauritius",
                "planned_start": "2027-09-21",
                "planned_end": "2027-09-21",
                "experts": ["claire.dumont@example.org"],
                "target": "planned",
            },
            {
                "type": "workshop",
                "title": "Consultation on the evaluation in Rodrigues",
                "place": "Port Mathurin, Rodrigues, Mauritius",
                "planned_start": "2027-10-19",
                "planned_end": "2027-10-20",
                "experts": [],
                "target": "planned",
            },
            {
                "type": "closing_event",
                "title": "Closing event: evaluation findings and the next policy cycle",
                "place": "Port Louis, Mauritius",
                "planned_start": "2027-12-07",
                "planned_end": "2027-12-07",
                "experts": [],
                "target": "planned",
            },
        ],
    },
    # ----------------------------------------------------------------------------------
    # Other requests, from countries the report names, to cover the remaining states.
    # ----------------------------------------------------------------------------------
    {
        "key": "niger-border-posts-2019",
        "requester_name": "Ministry of the Interior of Niger",
        "requester_type": "national_administration",
        "countries": ["NE"],
        "thematic_areas": ["irregular_migration"],
        "topics": ["migrant_smuggling"],
        "received_on": "2019-03-11",
        "summary": (
            "Equip and train border posts to carry out the national strategy against irregular "
            "migration adopted with MIEUX in 2016."
        ),
        "endorsed_by": "Secretary-General, Ministry of the Interior",
        "endorsed_on": "2019-03-04",
        "target": "rejected",
        "objectives": (
            "Provide vehicles and IT equipment to northern border posts and train their staff "
            "on detecting migrant smuggling."
        ),
        "context": (
            "Niger became a hub for smuggling between West Africa and Europe; its strategy "
            "against irregular migration was finalised in December 2016 with an inter-ministerial "
            "committee."
        ),
        "focal_points": [
            {
                "name": "Issoufou Maïga",
                "institution": "Ministry of the Interior, Directorate of Territorial Surveillance",
                "email": "focal.niger@example.org",
            }
        ],
        "activities": [
            {
                "type": "assessment",
                "title": "Assessment of equipment needs at northern border posts",
                "place": "Agadez, Niger",
                "planned_start": "2019-06-10",
                "planned_end": "2019-06-14",
                "experts": [],
                "target": "planned",
            },
            {
                "type": "workshop",
                "title": "Training of border police on detecting migrant smuggling",
                "place": "Niamey, Niger",
                "planned_start": "2019-09-16",
                "planned_end": "2019-09-18",
                "experts": [],
                "target": "planned",
            },
        ],
        "reason": (
            "Most of the budget is equipment, outside the facility's peer-to-peer mandate, and "
            "the training overlaps EU-funded support already given to the same services."
        ),
    },
    {
        "key": "peru-ngo-network-2015",
        "requester_name": "Lima Migrant Support Network (NGO)",
        "requester_type": "civil_society",
        "countries": ["PE"],
        "thematic_areas": ["irregular_migration"],
        "topics": ["migrant_smuggling"],
        "received_on": "2015-07-06",
        "summary": (
            "Training for the network's volunteers on assisting smuggled migrants and referring "
            "them to the authorities."
        ),
        "endorsed_by": "President of the network's board",
        "endorsed_on": "2015-06-29",
        "target": "declined",
        "reason": (
            "Civil society organisations may request support only from 1 January 2016 (MIEUX "
            "III); this request was received on 6 July 2015. The network may apply again, or "
            "join activities run with the national authorities."
        ),
    },
    {
        "key": "togo-climate-mobility-2026",
        "requester_name": "Ministry of Planning and Development of Togo",
        "requester_type": "national_administration",
        "countries": ["TG"],
        "thematic_areas": ["horizontal", "migration_development"],
        "topics": [],
        "received_on": "2026-03-09",
        "summary": (
            "Include migration in Togo's climate adaptation planning, following the regional "
            "West Africa Action on migration and the environment."
        ),
        "endorsed_by": "Minister of Planning and Development",
        "endorsed_on": "2026-03-02",
        "target": "withdrawn",
        "reason": (
            "The ministry withdrew the request: the same work is now funded by a regional "
            "programme on climate mobility."
        ),
    },
    {
        "key": "praia-municipal-integration-2026",
        "requester_name": "Praia Municipal Council",
        "requester_type": "local_authority",
        "countries": ["CV"],
        "thematic_areas": ["legal_migration"],
        "topics": [],
        "received_on": "2026-10-26",
        "summary": (
            "Update Praia's Municipal Action Plan for Immigration and Integration and set up a "
            "one-stop migrant support desk inspired by Portugal's model. Staff asked for the "
            "mayor's high-level endorsement and for the DGI's view on coordination."
        ),
        "endorsed_by": None,
        "endorsed_on": None,
        "target": "awaiting_information",
    },
    {
        "key": "sierra-leone-policy-review-2026",
        "requester_name": "Ministry of Internal Affairs of Sierra Leone",
        "requester_type": "national_administration",
        "countries": ["SL"],
        "thematic_areas": ["horizontal", "migration_development", "legal_migration"],
        "topics": [],
        "received_on": "2026-11-16",
        "summary": (
            "Review the 2017 National Migration Policy, including its chapter on gender and "
            "migration, and draft a new action plan."
        ),
        "endorsed_by": "Minister of Internal Affairs",
        "endorsed_on": "2026-11-09",
        "target": "eligibility_review",
    },
    {
        "key": "ghana-diaspora-policy-2026",
        "requester_name": "Office of Diaspora Affairs, Office of the President of Ghana",
        "requester_type": "national_administration",
        "countries": ["GH"],
        "thematic_areas": ["migration_development"],
        "topics": ["diaspora"],
        "received_on": "2026-11-23",
        "summary": (
            "Evaluate the first years of the National Diaspora Engagement Policy adopted in "
            "2020 and design its monitoring framework."
        ),
        "endorsed_by": "Director, Office of Diaspora Affairs",
        "endorsed_on": "2026-11-18",
        "target": "received",
    },
]
