"""The public figures and assumptions that shape the synthetic population.

Yearly volumes are rounded figures from Migrationsverket's yearly statistics and press summaries
for 2021–2025 (see docs/demo-data.md for the pages). They shape the distributions; the generator
does not reproduce them. Everything else here (household kinds, ages, shares) is an assumption
chosen to look plausible, and is marked as such in the documentation.
"""

from __future__ import annotations

import datetime
from typing import Final

# Pathways: how a household came into the registry. The first ground of each pathway is the
# ground of its principal applicant; family members who join a worker or student apply on
# family ties, and so do those who join a sponsor.
ASYLUM: Final = 0
TEMPORARY_PROTECTION: Final = 1
FAMILY_TIES: Final = 2
WORK: Final = 3
STUDY: Final = 4
PATHWAYS: Final = ("asylum", "temporary_protection", "family_ties", "work", "study")

FIRST_ARRIVAL: Final = datetime.date(2021, 1, 1)
# The EU activated the temporary protection directive for people fleeing Ukraine on 4 March 2022
# and has extended it to 4 March 2027; the demo gives every such permit that last day.
TEMPORARY_PROTECTION_FROM: Final = datetime.date(2022, 3, 4)
TEMPORARY_PROTECTION_UNTIL: Final = datetime.date(2027, 3, 4)

# Persons per year and pathway, rounded: first-time asylum applications (Ukrainians under the
# directive excluded), temporary protection granted, and first permits granted on family ties,
# for work and for study. Figures marked "assumed" in docs/demo-data.md are estimates.
YEARLY_VOLUMES: Final[dict[int, tuple[int, int, int, int, int]]] = {
    2021: (11_400, 0, 27_000, 30_000, 11_000),
    2022: (16_700, 47_600, 27_000, 36_000, 14_500),
    2023: (12_500, 11_000, 25_000, 36_000, 16_000),
    2024: (9_600, 11_000, 24_000, 27_000, 15_000),
    2025: (7_000, 9_000, 25_000, 23_000, 16_000),
}
# Seasonal workers (berry pickers, planters) and many students stay a few months and seldom meet
# the parts of Lika the demo shows, so the demo keeps half of those two pathways.
PATHWAY_EMPHASIS: Final = (1.0, 1.0, 1.0, 0.5, 0.5)

# Household kinds, as the people who arrive together (or join a sponsor).
SINGLE: Final = 0
COUPLE: Final = 1
COUPLE_WITH_CHILDREN: Final = 2
SINGLE_PARENT: Final = 3
CHILDREN_JOIN_PARENT: Final = 4  # only on family ties: children join a parent already here
HOUSEHOLD_KINDS: Final = 5

# Probability of each household kind by pathway (rows follow PATHWAYS; columns the kinds above).
HOUSEHOLD_KIND_SHARES: Final = (
    (0.52, 0.10, 0.24, 0.14, 0.00),
    (0.38, 0.14, 0.16, 0.32, 0.00),
    (0.00, 0.55, 0.33, 0.00, 0.12),
    (0.62, 0.14, 0.24, 0.00, 0.00),
    (0.86, 0.08, 0.06, 0.00, 0.00),
)
# Number of children (1 to 5) in a household that has children.
CHILDREN_COUNT_SHARES: Final = (0.34, 0.30, 0.19, 0.11, 0.06)

# Share of men among single adults, and among the first adult of other kinds, by pathway.
SINGLE_ADULT_MALE_SHARE: Final = (0.72, 0.30, 0.25, 0.72, 0.55)
# A lone parent who arrives with children; on family ties, the parent already here whom children join.
SINGLE_PARENT_MALE_SHARE: Final = (0.12, 0.05, 0.70, 0.20, 0.20)
# The adult of a couple registered first: more often the man among asylum seekers, the worker or
# student among the others. On family ties, the sponsor the family joins, who is most often a man.
FIRST_ADULT_MALE_SHARE: Final = (0.90, 0.85, 0.78, 0.80, 0.60)
SAME_SEX_COUPLE_SHARE: Final = 0.01
UNKNOWN_SEX_SHARE: Final = 0.001

# Family-ties households whose sponsor is in the registry (came 2021 or later); the others join a
# Swedish citizen or a long-settled resident who is not part of the demo population.
SPONSOR_IN_REGISTRY_SHARE: Final = 0.6
# A sponsor born in one of these countries came as an asylum seeker; the others came to work,
# or some to study.
REFUGEE_COUNTRIES: Final = ("SY", "ER", "AF", "IQ", "SO", "IR", "TR", "ET", "YE")
SPONSOR_STUDY_SHARE: Final = 0.10
# Workers and students whose family follows some months later rather than with them.
FAMILY_FOLLOWS_LATER_SHARE: Final = 0.35

# Age of adults at arrival: minimum years plus a gamma distribution (shape, scale in years).
ADULT_AGE: Final = (
    (18.0, 2.2, 6.0),
    (18.0, 2.2, 10.0),
    (19.0, 2.5, 5.0),
    (21.0, 3.0, 4.0),
    (19.0, 2.0, 3.0),
)
OLDEST_AGE_YEARS: Final = 88.0
# Years by which a man's partner is younger on average, and the spread.
PARTNER_AGE_GAP: Final = (3.0, 4.0)
# Asylum seekers from these countries often lack a birth certificate; the agency then records
# 1 January of the year of birth.
FIRST_OF_JANUARY_COUNTRIES: Final = ("AF", "SO", "ER", "ET", "IQ", "SY")
FIRST_OF_JANUARY_SHARE: Final = 0.10

# Country of birth by pathway: (ISO code, weight). Asylum weights follow the largest groups of
# applicants in 2022–2023; the other pathways follow the largest groups of permits granted.
COUNTRY_MIX: Final[tuple[tuple[tuple[str, float], ...], ...]] = (
    (
        ("AF", 13), ("SY", 12), ("IQ", 9), ("UZ", 6), ("IR", 6), ("ER", 5), ("TR", 4), ("RU", 4),
        ("CO", 4), ("UA", 3), ("SO", 3), ("GE", 2), ("ET", 2), ("PK", 2), ("YE", 1), ("EG", 1),
        ("MA", 1), ("LY", 1), ("SD", 1), ("LB", 1), ("BD", 1), ("KG", 1), ("TJ", 1), ("NG", 1),
    ),
    (("UA", 97), ("RU", 2), ("MD", 1)),
    (
        ("SY", 10), ("ER", 8), ("AF", 8), ("IN", 8), ("IQ", 7), ("SO", 6), ("TR", 5), ("IR", 5),
        ("TH", 3), ("PK", 3), ("CN", 3), ("UZ", 2), ("UA", 2), ("RU", 2), ("US", 2), ("GB", 2),
        ("BR", 2), ("CO", 2), ("ET", 2), ("NG", 2), ("BD", 2), ("PH", 2), ("VN", 2), ("EG", 2),
        ("GE", 1),
    ),
    (
        ("IN", 28), ("TR", 6), ("CN", 5), ("IR", 5), ("PK", 5), ("PH", 4), ("US", 4), ("GB", 4),
        ("BD", 3), ("RU", 3), ("BR", 3), ("UA", 3), ("TH", 3), ("CO", 2), ("UZ", 2), ("VN", 2),
        ("EG", 2), ("NG", 2), ("KE", 2), ("GE", 1), ("MA", 1),
    ),
    (
        ("IN", 15), ("CN", 12), ("PK", 8), ("BD", 6), ("IR", 6), ("US", 5), ("TR", 5), ("NG", 4),
        ("VN", 3), ("BR", 3), ("CO", 2), ("UZ", 2), ("EG", 2), ("KE", 2), ("GB", 2), ("RU", 2),
        ("ET", 1), ("GE", 1),
    ),
)  # fmt: skip

# Languages spoken by people born in each country: (language code, weight), and the name culture
# their generated names come from. Kurdish speakers get Kurdish names whatever the country.
COUNTRY_LANGUAGES: Final[dict[str, tuple[tuple[tuple[str, float], ...], str]]] = {
    "AF": ((("prs", 70), ("ps", 30)), "afghan"),
    "SY": ((("ar", 85), ("kmr", 15)), "arabic"),
    "IQ": ((("ar", 70), ("ckb", 25), ("kmr", 5)), "arabic"),
    "IR": ((("fa", 85), ("ckb", 10), ("az", 5)), "persian"),
    "ER": ((("ti", 90), ("ar", 10)), "habesha"),
    "ET": ((("am", 60), ("om", 25), ("ti", 15)), "habesha"),
    "SO": ((("so", 100),), "somali"),
    "UZ": ((("uz", 80), ("ru", 20)), "uzbek"),
    "KG": ((("ky", 60), ("ru", 40)), "uzbek"),
    "TJ": ((("tg", 70), ("ru", 30)), "uzbek"),
    "TR": ((("tr", 70), ("kmr", 30)), "turkish"),
    "RU": ((("ru", 100),), "russian"),
    "UA": ((("uk", 70), ("ru", 30)), "ukrainian"),
    "MD": ((("ro", 60), ("ru", 40)), "russian"),
    "GE": ((("ka", 100),), "georgian"),
    "CO": ((("es", 100),), "spanish"),
    "YE": ((("ar", 100),), "arabic"),
    "EG": ((("ar", 100),), "arabic"),
    "MA": ((("ar", 70), ("fr", 30)), "arabic"),
    "LY": ((("ar", 100),), "arabic"),
    "SD": ((("ar", 100),), "arabic"),
    "LB": ((("ar", 100),), "arabic"),
    "JO": ((("ar", 100),), "arabic"),
    "PK": ((("ur", 70), ("en", 30)), "south_asian"),
    "BD": ((("bn", 70), ("en", 30)), "south_asian"),
    "IN": ((("en", 50), ("hi", 30), ("ta", 10), ("te", 10)), "indian"),
    "CN": ((("zh", 100),), "chinese"),
    "TH": ((("th", 100),), "thai"),
    "VN": ((("vi", 100),), "vietnamese"),
    "PH": ((("tl", 50), ("en", 50)), "english"),
    "US": ((("en", 100),), "english"),
    "GB": ((("en", 100),), "english"),
    "BR": ((("pt", 100),), "portuguese"),
    "NG": ((("en", 100),), "nigerian"),
    "KE": ((("sw", 40), ("en", 60)), "kenyan"),
}
KURDISH_LANGUAGES: Final = ("kmr", "ckb")

# Children of refugee families are often born on the way: (country of the family, share of
# children born elsewhere, the countries they are born in).
TRANSIT_BIRTH_COUNTRIES: Final[dict[str, tuple[float, tuple[str, ...]]]] = {
    "SY": (0.15, ("TR", "LB", "JO")),
    "AF": (0.20, ("IR", "PK")),
    "ER": (0.15, ("ET", "SD")),
    "SO": (0.10, ("KE", "ET")),
}
# Citizenship among asylum seekers: stateless (mostly Palestinians from Syria and Iraq) and unknown.
STATELESS_SHARE: Final[dict[str, float]] = {"SY": 0.05, "IQ": 0.02, "LB": 0.10}
UNKNOWN_CITIZENSHIP_SHARE: Final = 0.015

# First-instance grant rate of asylum by country of birth, shaped by the agency's 2022–2023
# decisions; other countries get the default.
ASYLUM_GRANT_RATE: Final[dict[str, float]] = {
    "SY": 0.80, "ER": 0.80, "AF": 0.55, "YE": 0.60, "SO": 0.50, "UA": 0.50, "ET": 0.30,
    "IR": 0.25, "TR": 0.25, "IQ": 0.15, "RU": 0.10, "UZ": 0.05, "GE": 0.02, "CO": 0.01,
}  # fmt: skip
ASYLUM_GRANT_RATE_DEFAULT: Final = 0.20
# Share of decisions that are not granted which dismiss or write off the case (Dublin, withdrawn).
DISMISSED_SHARE: Final = 0.15
# Share of granted asylum that is refugee status (three years) rather than subsidiary protection
# (13 months); a few get a permanent permit straight away.
REFUGEE_STATUS_SHARE: Final = 0.70
PERMANENT_AT_FIRST_GRANT: Final = 0.02
APPEAL_SHARE: Final = 0.25
APPEAL_GRANT_RATE: Final = 0.20
# Asylum processing in days: a minimum plus a log-normal (median, sigma).
ASYLUM_PROCESSING_DAYS: Final = (45, 200.0, 0.6)

# Accommodation of LMA persons: agency with food, agency without food, own arrangement (EBO).
ACCOMMODATION_SHARES: Final = ((0.25, 0.35, 0.40), (0.15, 0.30, 0.55))
MOVE_TO_OWN_SHARE: Final = 0.20

# Personal numbers: share of people registered in Sweden (folkbokförda) among those who qualify.
REGISTERED_SHARE: Final = 0.60
PROTECTED_IDENTITY_SHARE: Final = 0.004
PROTECTED_AFTER_SEPARATION_SHARE: Final = 0.20
SEPARATION_SHARE: Final = 0.04
# Married rather than cohabiting, by pathway.
MARRIED_SHARE: Final = (0.85, 0.85, 0.80, 0.70, 0.70)
# Temporary permits that come up for extension and are applied for.
EXTENSION_SHARE: Final = 0.80
EXTENSION_GRANT_RATE: Final = 0.90
EXTENSION_PERMANENT_SHARE: Final = 0.35
# Family ties: most apply from abroad and come once granted; some apply from within Sweden.
FAMILY_IN_COUNTRY_SHARE: Final = 0.10
FAMILY_IN_COUNTRY_GRANT_RATE: Final = 0.70
FAMILY_IN_COUNTRY_DISMISSED_SHARE: Final = 0.05
FAMILY_PERMANENT_SHARE: Final = 0.10
TEMPORARY_PROTECTION_GRANT_RATE: Final = 0.985
