"""Households and the people in them: who arrives when, with whom, how old, from where, named what.

Days are whole numbers counted from 1970-01-01 throughout, which keeps the arithmetic vectorised;
they become dates only when the tables are written out.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, fields

import numpy as np
import numpy.typing as npt

from lika.demo.generator import figures as f
from lika.demo.generator.names import name_pools, pick
from lika.people.parameters import AGE_OF_MAJORITY

IntArray = npt.NDArray[np.int64]
IndexArray = npt.NDArray[np.intp]
BoolArray = npt.NDArray[np.bool_]
ObjectArray = npt.NDArray[np.object_]

DAYS_PER_YEAR = 365.25
# Whole days that make a person certainly of age (or certainly not yet) whatever the leap years:
# 18 years are 6574 or 6575 days, so a few days' margin either side of that.
ADULT_MIN_DAYS = AGE_OF_MAJORITY * 365 + 6
CHILD_MAX_DAYS = AGE_OF_MAJORITY * 365 - 2
PARENT_MIN_AGE_DAYS = int(16 * DAYS_PER_YEAR)

FEMALE, MALE, UNKNOWN = 0, 1, 2
SEX_VALUES = np.array(["female", "male", "unknown"], dtype=object)

COUNTRIES: tuple[str, ...] = tuple(
    dict.fromkeys(
        [code for mix in f.COUNTRY_MIX for code, _ in mix]
        + [c for _, alternatives in f.TRANSIT_BIRTH_COUNTRIES.values() for c in alternatives]
    )
)
_COUNTRY_INDEX = {code: index for index, code in enumerate(COUNTRIES)}
COUNTRY_VALUES = np.array(COUNTRIES, dtype=object)


def day_number(day: datetime.date) -> int:
    """Days from 1970-01-01 to ``day``.

    >>> day_number(datetime.date(1970, 1, 2))
    1
    """
    return (day - datetime.date(1970, 1, 1)).days


def cumulative(rows: list[list[float]]) -> npt.NDArray[np.float64]:
    """Rows of weights as normalised cumulative shares, padded to one width with 1.0."""
    width = max(len(row) for row in rows)
    table = np.ones((len(rows), width))
    for index, row in enumerate(rows):
        weights = np.asarray(row, dtype=np.float64)
        if weights.sum() > 0:
            table[index, : len(row)] = np.cumsum(weights) / weights.sum()
    table[:, -1] = 1.0
    return table


def choose(rng: np.random.Generator, table: npt.NDArray[np.float64], groups: IndexArray) -> IndexArray:
    """One category per row, drawn from the cumulative shares of that row's group."""
    draws = rng.random(len(groups))
    passed: npt.NDArray[np.bool_] = draws[:, None] >= table[groups]
    chosen: IndexArray = passed.sum(axis=1, dtype=np.intp)
    return chosen


def _country_table(mix: tuple[tuple[str, float], ...]) -> tuple[IndexArray, npt.NDArray[np.float64]]:
    codes = np.array([_COUNTRY_INDEX[code] for code, _ in mix], dtype=np.intp)
    weights = np.array([weight for _, weight in mix], dtype=np.float64)
    return codes, weights / weights.sum()


@dataclass(slots=True)
class Households:
    """One row per household that arrives (or that a family joins)."""

    pathway: IndexArray
    kind: IndexArray
    adults: IntArray
    children: IntArray
    # The first adult came earlier on their own ground; the others join them on family ties.
    has_sponsor: BoolArray
    sponsor_ground: IndexArray
    arrival: IntArray
    sponsor_arrival: IntArray
    country: IndexArray

    @property
    def size(self) -> IntArray:
        return self.adults + self.children

    def take(self, count: int) -> Households:
        """The first ``count`` households, as copies."""
        return Households(**{field.name: getattr(self, field.name)[:count].copy() for field in fields(self)})


def _arrival_cells(today: datetime.date) -> tuple[npt.NDArray[np.float64], IntArray, IntArray]:
    """Weights, first day and last day of each (pathway, year) cell of arrivals."""
    years = range(f.FIRST_ARRIVAL.year, today.year + 1)
    last_known = max(f.YEARLY_VOLUMES)
    weights, first_days, last_days = [], [], []
    mean_sizes = mean_household_sizes()
    for pathway in range(len(f.PATHWAYS)):
        for year in years:
            start = max(datetime.date(year, 1, 1), f.FIRST_ARRIVAL)
            if pathway == f.TEMPORARY_PROTECTION:
                start = max(start, f.TEMPORARY_PROTECTION_FROM)
            end = min(datetime.date(year, 12, 31), today)
            volume = f.YEARLY_VOLUMES[min(year, last_known)][pathway] * f.PATHWAY_EMPHASIS[pathway]
            # The current year has only had part of its arrivals so far.
            elapsed = min(1.0, ((end - datetime.date(year, 1, 1)).days + 1) / 365)
            weight = volume * elapsed / mean_sizes[pathway] if start <= end else 0.0
            weights.append(weight)
            first_days.append(day_number(start))
            last_days.append(day_number(max(start, end)))
    weight_array = np.array(weights)
    return weight_array / weight_array.sum(), np.array(first_days, dtype=np.int64), np.array(last_days, dtype=np.int64)


def mean_household_sizes() -> list[float]:
    mean_children = float(np.dot(np.arange(1, 6), f.CHILDREN_COUNT_SHARES))
    adults = (1, 2, 2, 1, 1)
    with_children = (0, 0, 1, 1, 1)
    return [
        sum(share * (adults[kind] + with_children[kind] * mean_children) for kind, share in enumerate(shares))
        for shares in f.HOUSEHOLD_KIND_SHARES
    ]


def households_draw(rng: np.random.Generator, count: int, today: datetime.date) -> Households:
    """Draws ``count`` households: pathway, arrival, composition and country."""
    weights, first_days, last_days = _arrival_cells(today)
    cell = rng.choice(len(weights), size=count, p=weights)
    years = len(weights) // len(f.PATHWAYS)
    pathway = (cell // years).astype(np.intp)
    arrival = first_days[cell] + (rng.random(count) * (last_days[cell] - first_days[cell] + 1)).astype(np.int64)

    kind = choose(rng, cumulative([list(row) for row in f.HOUSEHOLD_KIND_SHARES]), pathway)
    has_children = np.isin(kind, (f.COUPLE_WITH_CHILDREN, f.SINGLE_PARENT, f.CHILDREN_JOIN_PARENT))
    children = np.where(has_children, rng.choice(np.arange(1, 6), size=count, p=f.CHILDREN_COUNT_SHARES), 0)
    couple = np.isin(kind, (f.COUPLE, f.COUPLE_WITH_CHILDREN))

    is_family = pathway == f.FAMILY_TIES
    is_work_or_study = (pathway == f.WORK) | (pathway == f.STUDY)
    has_sponsor = (
        is_family & ((kind == f.CHILDREN_JOIN_PARENT) | (couple & (rng.random(count) < f.SPONSOR_IN_REGISTRY_SHARE)))
    ) | (is_work_or_study & couple & (rng.random(count) < f.FAMILY_FOLLOWS_LATER_SHARE))
    lag = np.where(is_family, 120 + rng.gamma(2.0, 200.0, count), 60 + rng.gamma(2.0, 100.0, count)).astype(np.int64)
    sponsor_arrival = arrival - lag
    # A sponsor who came before 2021 belongs to an earlier cohort that the demo does not hold.
    too_early = has_sponsor & (sponsor_arrival < day_number(f.FIRST_ARRIVAL))
    kind = np.where(too_early & (kind == f.CHILDREN_JOIN_PARENT), f.COUPLE_WITH_CHILDREN, kind).astype(np.intp)
    has_sponsor &= ~too_early
    sponsor_arrival = np.where(has_sponsor, sponsor_arrival, arrival)

    adults = np.where(couple, 2, 1)
    # On family ties without the sponsor in the registry, only the joining partner is an adult here.
    adults = np.where(is_family & couple & ~has_sponsor, 1, adults).astype(np.int64)

    country = np.zeros(count, dtype=np.intp)
    for index, mix in enumerate(f.COUNTRY_MIX):
        rows = pathway == index
        codes, shares = _country_table(mix)
        country[rows] = rng.choice(codes, size=int(rows.sum()), p=shares)

    refugee_country = np.isin(COUNTRY_VALUES[country], f.REFUGEE_COUNTRIES)
    sponsor_ground = np.where(
        is_family,
        np.where(refugee_country, f.ASYLUM, np.where(rng.random(count) < f.SPONSOR_STUDY_SHARE, f.STUDY, f.WORK)),
        pathway,
    ).astype(np.intp)
    return Households(
        pathway=pathway,
        kind=kind,
        adults=adults,
        children=children.astype(np.int64),
        has_sponsor=has_sponsor,
        sponsor_ground=sponsor_ground,
        arrival=arrival,
        sponsor_arrival=sponsor_arrival,
        country=country,
    )


def households_fit(households: Households, persons: int) -> Households:
    """Keeps the first households that hold exactly ``persons`` people, trimming the last one.

    The last household loses children first, then its second adult, so it always keeps an adult.
    """
    total = np.cumsum(households.size)
    if total[-1] < persons:
        raise ValueError("Not enough households drawn for the persons asked for.")
    last = int(np.searchsorted(total, persons))
    kept = households.take(last + 1)
    excess = int(total[last]) - persons
    fewer_children = min(excess, int(kept.children[last]))
    kept.children[last] -= fewer_children
    kept.adults[last] -= excess - fewer_children
    return kept


@dataclass(slots=True)
class People:
    """One row per person, in household order: adults first, then children."""

    household: IntArray
    position: IntArray
    adult: BoolArray
    sex: IndexArray
    birth: IntArray
    arrival: IntArray
    ground: IndexArray
    country_of_birth: IndexArray
    citizenship: ObjectArray
    language: ObjectArray
    given_name: ObjectArray
    family_name: ObjectArray


def _household_sexes(rng: np.random.Generator, households: Households) -> tuple[IndexArray, IndexArray]:
    count = len(households.pathway)
    pathway, kind = households.pathway, households.kind
    male_share = np.select(
        [kind == f.SINGLE, (kind == f.SINGLE_PARENT) | (kind == f.CHILDREN_JOIN_PARENT)],
        [np.take(f.SINGLE_ADULT_MALE_SHARE, pathway), np.take(f.SINGLE_PARENT_MALE_SHARE, pathway)],
        np.take(f.FIRST_ADULT_MALE_SHARE, pathway),
    )
    # Where the sponsor is not in the registry, the one adult here is the partner who joins.
    partner_only = (pathway == f.FAMILY_TIES) & ~households.has_sponsor & (kind != f.CHILDREN_JOIN_PARENT)
    male_share = np.where(partner_only, 1 - male_share, male_share)
    first = np.where(rng.random(count) < male_share, MALE, FEMALE).astype(np.intp)
    same_sex = rng.random(count) < f.SAME_SEX_COUPLE_SHARE
    second = np.where(same_sex, first, 1 - first).astype(np.intp)
    return first, second


def _adult_ages(rng: np.random.Generator, pathway: IndexArray) -> npt.NDArray[np.float64]:
    minimum, shape, scale = (np.take(np.array(f.ADULT_AGE)[:, column], pathway) for column in range(3))
    return np.minimum(minimum + rng.gamma(shape, scale), f.OLDEST_AGE_YEARS)


@dataclass(slots=True)
class _Layout:
    """Where each person sits: their household, their place in it, and whether they are an adult."""

    household: IntArray
    position: IntArray
    adult: BoolArray
    first: BoolArray
    second: BoolArray


def _layout(households: Households) -> _Layout:
    size = households.size
    household = np.repeat(np.arange(len(size), dtype=np.int64), size)
    start = np.concatenate(([0], np.cumsum(size)[:-1]))
    position = np.arange(int(size.sum()), dtype=np.int64) - np.repeat(start, size)
    adult = position < households.adults[household]
    return _Layout(
        household=household,
        position=position,
        adult=adult,
        first=adult & (position == 0),
        second=adult & (position == 1),
    )


def people_draw(rng: np.random.Generator, households: Households) -> People:
    """Expands households into people with sex, birth date, arrival, ground, origin and names."""
    layout = _layout(households)
    household, first = layout.household, layout.first
    count = len(household)
    has_sponsor = households.has_sponsor[household]
    pathway = households.pathway[household]
    arrival = np.where(first & has_sponsor, households.sponsor_arrival[household], households.arrival[household])
    ground = np.where(
        pathway == f.FAMILY_TIES,
        np.where(first & has_sponsor, households.sponsor_ground[household], f.FAMILY_TIES),
        np.where((pathway == f.WORK) | (pathway == f.STUDY), np.where(first, pathway, f.FAMILY_TIES), pathway),
    ).astype(np.intp)

    first_sex, second_sex = _household_sexes(rng, households)
    sex = np.where(first, first_sex[household], np.where(layout.second, second_sex[household], 0))
    sex = np.where(layout.adult, sex, rng.random(count) < 0.512).astype(np.intp)
    birth = _birth_days(rng, households, layout, first_sex, second_sex)
    # Asylum seekers without papers are often recorded as born on 1 January of their year.
    country = households.country[household]
    january_first = layout.adult & (ground == f.ASYLUM) & np.isin(COUNTRY_VALUES[country], f.FIRST_OF_JANUARY_COUNTRIES)
    january_first &= rng.random(count) < f.FIRST_OF_JANUARY_SHARE
    year_start = birth.astype("datetime64[D]").astype("datetime64[Y]").astype("datetime64[D]").astype(np.int64)
    birth = np.where(january_first, year_start, birth)

    country_of_birth = country.copy()
    on_the_way = ~layout.adult & ((pathway == f.ASYLUM) | (pathway == f.FAMILY_TIES))
    for origin, (share, alternatives) in f.TRANSIT_BIRTH_COUNTRIES.items():
        rows = on_the_way & (country == _COUNTRY_INDEX[origin]) & (rng.random(count) < share)
        country_of_birth[rows] = rng.choice([_COUNTRY_INDEX[c] for c in alternatives], size=int(rows.sum()))

    language, culture = _languages(rng, households.country)
    given_name, family_name = _names(rng, households, layout, household_culture=culture, sex=sex)
    # Sex is unknown for very few; it is set after naming, since a name was given at birth.
    sex = np.where(rng.random(count) < f.UNKNOWN_SEX_SHARE, UNKNOWN, sex).astype(np.intp)
    return People(
        household=household,
        position=layout.position,
        adult=layout.adult,
        sex=sex,
        birth=birth,
        arrival=arrival,
        ground=ground,
        country_of_birth=country_of_birth,
        citizenship=_citizenship(rng, households)[household],
        language=language[household],
        given_name=given_name,
        family_name=family_name,
    )


def _birth_days(
    rng: np.random.Generator, households: Households, layout: _Layout, first_sex: IndexArray, second_sex: IndexArray
) -> IntArray:
    """The first adult's age follows the pathway; a partner is a few years apart; children are born
    after both parents were 16 and less than 18 years before they arrive.
    """
    household = layout.household
    first_ground = np.where(households.has_sponsor, households.sponsor_ground, households.pathway)
    first_birth = households.sponsor_arrival - (_adult_ages(rng, first_ground) * DAYS_PER_YEAR).astype(np.int64)
    first_birth = np.minimum(first_birth, households.sponsor_arrival - ADULT_MIN_DAYS)
    gap_years, gap_spread = f.PARTNER_AGE_GAP
    direction = np.where(first_sex == second_sex, 0, np.where(first_sex == MALE, 1, -1))
    gap = (direction * gap_years + rng.normal(0, gap_spread, len(first_sex))) * DAYS_PER_YEAR
    second_birth = np.clip(
        first_birth + gap.astype(np.int64),
        households.arrival - int(f.OLDEST_AGE_YEARS * DAYS_PER_YEAR),
        households.arrival - ADULT_MIN_DAYS,
    )
    youngest_parent = np.where(households.adults == 2, np.maximum(first_birth, second_birth), first_birth)
    earliest_child = np.maximum(households.arrival - CHILD_MAX_DAYS, youngest_parent + PARENT_MIN_AGE_DAYS)
    span = np.maximum(households.arrival - earliest_child, 0)[household]
    child_birth = earliest_child[household] + (rng.random(len(household)) * (span + 1)).astype(np.int64)
    return np.where(layout.first, first_birth[household], np.where(layout.second, second_birth[household], child_birth))


def _citizenship(rng: np.random.Generator, households: Households) -> ObjectArray:
    """Each household's citizenship: the country's, stateless ("XX") or unknown ("") for some asylum seekers."""
    citizenship = COUNTRY_VALUES[households.country].copy()
    draw = rng.random(len(citizenship))
    stateless_share = np.array([f.STATELESS_SHARE.get(code, 0.0) for code in COUNTRIES])[households.country]
    asylum = households.pathway == f.ASYLUM
    citizenship[asylum & (draw < stateless_share)] = "XX"
    unknown = asylum & (draw >= stateless_share) & (draw < stateless_share + f.UNKNOWN_CITIZENSHIP_SHARE)
    citizenship[unknown] = ""
    # People under temporary protection are Ukrainian citizens wherever they were born.
    citizenship[households.pathway == f.TEMPORARY_PROTECTION] = "UA"
    return citizenship


def _languages(rng: np.random.Generator, country: IndexArray) -> tuple[ObjectArray, IndexArray]:
    """Each household's language and name culture, from its country."""
    pools = name_pools()
    options = [f.COUNTRY_LANGUAGES.get(code, ((("en", 1.0),), "english")) for code in COUNTRIES]
    width = max(len(languages) for languages, _ in options)
    codes = np.full((len(COUNTRIES), width), "", dtype=object)
    for index, (languages, _) in enumerate(options):
        codes[index, : len(languages)] = [code for code, _ in languages]
    table = cumulative([[weight for _, weight in languages] for languages, _ in options])
    choice = choose(rng, table, country)
    language = codes[country, choice]
    culture = np.array([pools.culture_index(culture) for _, culture in options], dtype=np.intp)[country]
    kurdish = np.isin(language, f.KURDISH_LANGUAGES)
    culture = np.where(kurdish, pools.culture_index("kurdish"), culture).astype(np.intp)
    return language, culture


def _names(
    rng: np.random.Generator,
    households: Households,
    layout: _Layout,
    *,
    household_culture: IndexArray,
    sex: IndexArray,
) -> tuple[ObjectArray, ObjectArray]:
    """Given names by sex and culture; family names that follow each culture's customs."""
    household, adult = layout.household, layout.adult
    pools = name_pools()
    culture = household_culture[household]
    female_index = pick(rng, pools.female_start, pools.female_size, culture)
    male_index = pick(rng, pools.male_start, pools.male_size, culture)
    male = sex == MALE
    given_name = np.where(male, pools.male[male_index], pools.female[female_index])

    # The household's family name is the father's line; a woman in a culture where wives keep
    # their name has her own, and so has every adult who is not in a couple or lone parent.
    lineage = pick(rng, pools.family_start, pools.family_size, household_culture)[household]
    own = pick(rng, pools.family_start, pools.family_size, culture)
    keeps_own = pools.keeps_own_name[culture] & adult & ~male & (households.size[household] > 1)
    family_index = np.where(keeps_own, own, lineage)

    # In a patronymic culture a child's family name is the father's given name; male given names
    # and family names are the same pool there, so the father's given-name index maps straight across.
    father = np.full(len(households.size), -1, dtype=np.int64)
    for rows in (layout.first, layout.second):
        fathers_here = rows & male
        unset = father[household[fathers_here]] < 0
        father[household[fathers_here][unset]] = np.flatnonzero(fathers_here)[unset]
    child_father = father[household]
    patronymic_child = ~adult & pools.patronymic[culture] & (child_father >= 0)
    fathers_given = np.where(child_father >= 0, male_index[np.maximum(child_father, 0)], 0)
    patronym = pools.family_start[culture] + (fathers_given - pools.male_start[culture])
    family_index = np.where(patronymic_child, patronym, family_index)
    family_name = np.where(male, pools.family_male[family_index], pools.family_female[family_index])
    return given_name, family_name
