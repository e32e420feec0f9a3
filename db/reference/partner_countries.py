"""Partner countries of the programme, with region and EU cooperation instruments.

Source: the programme's ten-year report. Every country named in it that
one of the four instruments covers (its sixteen case studies, the regional Actions, its
lists of countries and the countries it names in context), plus every member state of
COMESA, ECOWAS and ASEAN and every Eastern Partnership country (regional Actions and
workshops). Instruments are those in force before 2021. EU Member States and the United
Kingdom are never partner countries; countries covered by none of DCI, EDF, ENI and OAD
(e.g. Russia, Turkey, Switzerland, USA, Canada, South Korea) are left out. Each line ends
with the French name as in the report and where it is mentioned. An admin can add more.
"""

from typing import NamedTuple


class PartnerCountry(NamedTuple):
    iso2: str  # ISO 3166-1 alpha-2
    region: str  # a code of REGIONS
    instruments: tuple[str, ...]  # codes among DCI, EDF, ENI, OAD


REGIONS: dict[str, str] = {
    "central_eastern_southern_africa": "Central, Eastern and Southern Africa",
    "west_africa": "West Africa",
    "asia": "Asia (incl. Central Asia)",
    "european_neighbourhood": "European Neighbourhood",
    "latin_america_caribbean": "Latin America and the Caribbean",
}

PARTNER_COUNTRIES: tuple[PartnerCountry, ...] = (
    PartnerCountry("AF", "asia", ("DCI",)),  # Afghanistan: named (refugee crises, asylum)
    PartnerCountry("BD", "asia", ("DCI",)),  # Bangladesh: peer in case study West Africa
    PartnerCountry("BN", "asia", ("DCI",)),  # Brunéi Darussalam: ASEAN, case study SE Asia
    PartnerCountry("CN", "asia", ("DCI",)),  # Chine: named (migrants, case study Belarus)
    PartnerCountry("ID", "asia", ("DCI",)),  # Indonésie: case study South-East Asia
    PartnerCountry("IQ", "asia", ("DCI",)),  # Irak: named (refugee crises, asylum)
    PartnerCountry("KG", "asia", ("DCI",)),  # Kirghizistan: list of countries (policy)
    PartnerCountry("KH", "asia", ("DCI",)),  # Cambodge: ASEAN, case study South-East Asia
    PartnerCountry("LA", "asia", ("DCI",)),  # République démocratique du Laos: Action 2013-10
    PartnerCountry("MM", "asia", ("DCI",)),  # Myanmar: Actions in Asia, labour migration guide
    PartnerCountry("MY", "asia", ("DCI",)),  # Malaisie: ASEAN, case study South-East Asia
    PartnerCountry("PH", "asia", ("DCI",)),  # Philippines: case studies (also SE Asia)
    PartnerCountry("SG", "asia", ("DCI",)),  # Singapour: ASEAN, case study South-East Asia
    PartnerCountry("TH", "asia", ("DCI",)),  # Thaïlande: case study
    PartnerCountry("TJ", "asia", ("DCI",)),  # Tadjikistan: Actions in Asia (labour, THB)
    PartnerCountry("TL", "asia", ("EDF",)),  # Timor-Leste (ACP): THB investigation guide
    PartnerCountry("UZ", "asia", ("DCI",)),  # Ouzbékistan: named (migrants, case study Belarus)
    PartnerCountry("VN", "asia", ("DCI",)),  # Vietnam: case study South-East Asia
    PartnerCountry("BI", "central_eastern_southern_africa", ("EDF",)),  # Burundi: list; COMESA
    PartnerCountry("CD", "central_eastern_southern_africa", ("EDF",)),  # RDC: list; COMESA
    PartnerCountry("DJ", "central_eastern_southern_africa", ("EDF",)),  # Djibouti: COMESA
    PartnerCountry("ER", "central_eastern_southern_africa", ("EDF",)),  # Érythrée: COMESA
    PartnerCountry("ET", "central_eastern_southern_africa", ("EDF",)),  # Éthiopie: Malawi; COMESA
    PartnerCountry("KE", "central_eastern_southern_africa", ("EDF",)),  # Kenya: case study
    PartnerCountry("KM", "central_eastern_southern_africa", ("EDF",)),  # Comores: COMESA
    PartnerCountry("MG", "central_eastern_southern_africa", ("EDF",)),  # Madagascar: case study
    PartnerCountry("MU", "central_eastern_southern_africa", ("EDF",)),  # Maurice: case study
    PartnerCountry("MW", "central_eastern_southern_africa", ("EDF",)),  # Malawi: case study
    PartnerCountry("MZ", "central_eastern_southern_africa", ("EDF",)),  # Mozambique: APEI
    PartnerCountry("RW", "central_eastern_southern_africa", ("EDF",)),  # Rwanda: named; COMESA
    PartnerCountry("SC", "central_eastern_southern_africa", ("EDF",)),  # Seychelles: APEI; COMESA
    PartnerCountry("SD", "central_eastern_southern_africa", ("EDF",)),  # Soudan: COMESA
    PartnerCountry("SO", "central_eastern_southern_africa", ("EDF",)),  # Somalie: named; COMESA
    PartnerCountry("SZ", "central_eastern_southern_africa", ("EDF",)),  # Eswatini: COMESA
    PartnerCountry("UG", "central_eastern_southern_africa", ("EDF",)),  # Ouganda: COMESA
    PartnerCountry("ZM", "central_eastern_southern_africa", ("EDF",)),  # Zambie: APEI; COMESA
    PartnerCountry("ZW", "central_eastern_southern_africa", ("EDF",)),  # Zimbabwe: COMESA
    PartnerCountry("AM", "european_neighbourhood", ("ENI",)),  # Arménie: Eastern Partnership
    PartnerCountry("AZ", "european_neighbourhood", ("ENI",)),  # Azerbaïdjan: Eastern Partnership
    PartnerCountry("BY", "european_neighbourhood", ("ENI",)),  # Biélorussie: case study
    PartnerCountry("EG", "european_neighbourhood", ("ENI",)),  # Égypte: regional Action COMESA
    PartnerCountry("GE", "european_neighbourhood", ("ENI",)),  # Géorgie: Eastern Partnership
    PartnerCountry("JO", "european_neighbourhood", ("ENI",)),  # Jordanie: case study
    PartnerCountry("LB", "european_neighbourhood", ("ENI",)),  # Liban: named (Syrian refugees)
    PartnerCountry("LY", "european_neighbourhood", ("ENI",)),  # Libye: regional Action COMESA
    PartnerCountry("MA", "european_neighbourhood", ("ENI",)),  # Maroc: case study Madagascar
    PartnerCountry("MD", "european_neighbourhood", ("ENI",)),  # Moldavie: list of deliverables
    PartnerCountry("SY", "european_neighbourhood", ("ENI",)),  # Syrie: named (case study Jordan)
    PartnerCountry("TN", "european_neighbourhood", ("ENI",)),  # Tunisie: regional Action COMESA
    PartnerCountry("UA", "european_neighbourhood", ("ENI",)),  # Ukraine: case study Belarus; EaP
    PartnerCountry("AR", "latin_america_caribbean", ("DCI",)),  # Argentine: Action Équateur
    PartnerCountry("BO", "latin_america_caribbean", ("DCI",)),  # Bolivie: Action Équateur
    PartnerCountry("BR", "latin_america_caribbean", ("DCI",)),  # Brésil: case study
    PartnerCountry("CL", "latin_america_caribbean", ("DCI",)),  # Chili: case study Peru
    PartnerCountry("CO", "latin_america_caribbean", ("DCI",)),  # Colombie: named (Venezuelans)
    PartnerCountry("CR", "latin_america_caribbean", ("DCI",)),  # Costa Rica: case study
    PartnerCountry("DO", "latin_america_caribbean", ("EDF",)),  # République dominicaine: ALC
    PartnerCountry("EC", "latin_america_caribbean", ("DCI",)),  # Équateur: Actions; case study
    PartnerCountry("GT", "latin_america_caribbean", ("DCI",)),  # Guatemala: case study Mexico
    PartnerCountry("HN", "latin_america_caribbean", ("DCI",)),  # Honduras: named (asylum)
    PartnerCountry("JM", "latin_america_caribbean", ("EDF",)),  # Jamaïque: case study Mauritius
    PartnerCountry("MX", "latin_america_caribbean", ("DCI",)),  # Mexique: case study
    PartnerCountry("NI", "latin_america_caribbean", ("DCI",)),  # Nicaraguayens: case study CR
    PartnerCountry("PA", "latin_america_caribbean", ("DCI",)),  # Panama: list of countries
    PartnerCountry("PE", "latin_america_caribbean", ("DCI",)),  # Pérou: case study
    PartnerCountry("PY", "latin_america_caribbean", ("DCI",)),  # Paraguay: M&D training manual
    PartnerCountry("SV", "latin_america_caribbean", ("DCI",)),  # Salvador: named (asylum)
    PartnerCountry("UY", "latin_america_caribbean", ("DCI",)),  # Uruguay: case study Peru
    PartnerCountry("VE", "latin_america_caribbean", ("DCI",)),  # Venezuela: named (crisis)
    PartnerCountry("BF", "west_africa", ("EDF",)),  # Burkina Faso: case study West Africa
    PartnerCountry("BJ", "west_africa", ("EDF",)),  # Bénin: case study West Africa
    PartnerCountry("CI", "west_africa", ("EDF",)),  # Côte d'Ivoire: list of countries (policy)
    PartnerCountry("CV", "west_africa", ("EDF",)),  # Cap-Vert: case study
    PartnerCountry("GH", "west_africa", ("EDF",)),  # Ghana: list of countries (policy)
    PartnerCountry("GM", "west_africa", ("EDF",)),  # Gambie: ECOWAS member (CEDEAO)
    PartnerCountry("GN", "west_africa", ("EDF",)),  # Guinée: ECOWAS member (CEDEAO)
    PartnerCountry("GW", "west_africa", ("EDF",)),  # Guinée-Bissau: case study West Africa
    PartnerCountry("LR", "west_africa", ("EDF",)),  # Libéria: ECOWAS member (CEDEAO)
    PartnerCountry("ML", "west_africa", ("EDF",)),  # Mali: labour migration manual
    PartnerCountry("MR", "west_africa", ("EDF",)),  # Mauritanie: case study West Africa
    PartnerCountry("NE", "west_africa", ("EDF",)),  # Niger: list of countries (policy)
    PartnerCountry("NG", "west_africa", ("EDF",)),  # Nigeria: blue border training
    PartnerCountry("SL", "west_africa", ("EDF",)),  # Sierra Leone: list of countries (policy)
    PartnerCountry("SN", "west_africa", ("EDF",)),  # Sénégal: list of countries (policy)
    PartnerCountry("TG", "west_africa", ("EDF",)),  # Togo: case study West Africa
)
