"""The second wave of partner countries: every country the programme could serve.

The first wave (`partner_countries.py`) holds the countries the ten-year
report names. The programme may serve any country covered by one of its
instruments, and the full demo data set reaches more than 120 of them: this
wave adds the rest of the ACP group under the EDF (Sub-Saharan Africa, the
Caribbean and the Pacific), the remaining DCI countries of Asia, Central Asia
and the Middle East, the remaining ENI neighbours, and the Pacific's overseas countries and
territories under the Overseas Association Decision. Seeded by migration
0014; like the first wave, the admin may edit them afterwards.
"""

from db.reference.partner_countries import PartnerCountry

# A region for the Pacific ACP countries, which none of the first wave's regions fits.
PACIFIC = ("pacific", "Pacific")

_AFRICA = "central_eastern_southern_africa"
_LAC = "latin_america_caribbean"

MORE_PARTNER_COUNTRIES: tuple[PartnerCountry, ...] = (
    *(
        PartnerCountry(code, "asia", ("DCI",))
        for code in ("BT", "IN", "LK", "MV", "MN", "NP", "PK", "KZ", "TM", "IR", "YE", "KP")
    ),
    *(PartnerCountry(code, "pacific", ("OAD",)) for code in ("NC", "PF", "WF")),
    *(
        PartnerCountry(code, "pacific", ("EDF",))
        for code in ("CK", "FJ", "FM", "KI", "MH", "NR", "NU", "PW", "PG", "WS", "SB", "TO")
    ),
    PartnerCountry("TV", "pacific", ("EDF",)),
    PartnerCountry("VU", "pacific", ("EDF",)),
    *(
        PartnerCountry(code, _LAC, ("EDF",))
        for code in ("AG", "BS", "BB", "BZ", "DM", "GD", "GY", "HT", "KN", "LC", "VC", "SR")
    ),
    PartnerCountry("TT", _LAC, ("EDF",)),
    PartnerCountry("CU", _LAC, ("DCI", "EDF")),  # Cuba: in Latin America's DCI and the ACP
    *(
        PartnerCountry(code, _AFRICA, ("EDF",))
        for code in ("AO", "BW", "CM", "CF", "TD", "CG", "GQ", "GA", "LS", "NA", "ST", "SS")
    ),
    PartnerCountry("TZ", _AFRICA, ("EDF",)),
    PartnerCountry("ZA", _AFRICA, ("DCI", "EDF")),  # South Africa: DCI and the ACP
    *(PartnerCountry(code, "european_neighbourhood", ("ENI",)) for code in ("DZ", "IL", "PS")),
)
