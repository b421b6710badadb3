"""The allowance rules: legal cases as a table, mid-month changes, and properties of the split.

Sources cited in the table (see lika/allowance/parameters/daily_allowance.yaml):
MV-page = Migrationsverket, "Ekonomiskt stöd för asylsökande"; MV-2024 = Migrationsverket news of
2024-04-04; MIGRFS = MIGRFS 2018:3 1 §; LMA = lag (1994:137) 10 § (reduction).
"""

from __future__ import annotations

import copy
import datetime
from typing import Any, get_args

import numpy as np
import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from lika.allowance.rules.explain import CategoryName
from lika.allowance.rules.kernel import Category, kernel_run
from lika.allowance.rules.month import HouseholdFacts, Month, PersonFacts, segments_build
from lika.allowance.rules.parameters import DEFAULT_FILE, ParameterError, parameters_load, parameters_parse
from lika.allowance.rules.quote import QuoteError, quote

HISTORY = parameters_load()
d = datetime.date


def _person(pid: str, born: str, **extra: Any) -> dict[str, Any]:
    return {"id": pid, "birth_date": born, **extra}


def _quote(month: str, food: bool, *persons: dict[str, Any]) -> dict[str, tuple[int, int]]:
    [answer] = quote({"month": month, "food_included": food, "persons": list(persons)}, HISTORY)
    assert answer["total_ore"] == sum(p["allowance_ore"] for p in answer["persons"])
    return {p["id"]: (p["allowance_ore"], p["payout_ore"]) for p in answer["persons"]}


MOTHER, FATHER = _person("m", "1990-03-01", partner="f"), _person("f", "1988-07-09", partner="m")

# (case, month, food included, persons, {id: (own allowance öre, payout öre)}, source)
CASES: list[tuple[str, str, bool, list[dict[str, Any]], dict[str, tuple[int, int]], str]] = [
    (
        "single adult, 31 days",
        "2026-12",
        False,
        [_person("a", "1990-01-01")],
        {"a": (71 * 31 * 100,) * 2},
        "MV-page: 71 kr",
    ),
    (
        "single adult, food included, 28 days",
        "2025-02",
        True,
        [_person("a", "1990-01-01")],
        {"a": (24 * 28 * 100,) * 2},
        "MV-page: 24 kr",
    ),
    (
        "married couple, 30 days",
        "2026-11",
        False,
        [MOTHER, FATHER],
        {"m": (61 * 30 * 100,) * 2, "f": (61 * 30 * 100,) * 2},
        "MV-page: 61 kr each",
    ),
    (
        "couple, food included",
        "2026-11",
        True,
        [MOTHER, FATHER],
        {"m": (19 * 30 * 100,) * 2, "f": (19 * 30 * 100,) * 2},
        "MV-page: 19 kr each",
    ),
    (
        "two adults sharing a home, not partners, after April 2024",
        "2026-11",
        False,
        [_person("a", "1990-01-01"), _person("b", "1985-01-01")],
        {"a": (71 * 30 * 100,) * 2, "b": (71 * 30 * 100,) * 2},
        "MV-2024: only spouses and partners live together",
    ),
    (
        "two adults sharing a home, not partners, before April 2024",
        "2024-02",
        False,
        [_person("a", "1990-01-01"), _person("b", "1985-01-01")],
        {"a": (61 * 29 * 100,) * 2, "b": (61 * 29 * 100,) * 2},
        "MIGRFS 1 §: sammanboende = shares a household with another adult",
    ),
    (
        "19-year-old living with a single parent",
        "2026-11",
        False,
        [_person("p", "1970-01-01"), _person("y", "2007-06-01", parents=["p"])],
        {"p": (71 * 30 * 100,) * 2, "y": (61 * 30 * 100,) * 2},
        "MV-page: 61 kr for 18–20 living with parents; MV-2024",
    ),
    (
        "21-year-old living with a parent is single",
        "2026-11",
        False,
        [_person("p", "1970-01-01"), _person("y", "2005-06-01", parents=["p"])],
        {"p": (71 * 30 * 100,) * 2, "y": (71 * 30 * 100,) * 2},
        "MV-page: the young-adult rate is for 18–20",
    ),
    (
        "three children: two eldest full, youngest halved; split equally",
        "2026-12",
        False,
        [
            MOTHER,
            FATHER,
            _person("c1", "2014-01-01", parents=["m", "f"]),  # 12: 50 kr
            _person("c2", "2018-05-05", parents=["m", "f"]),  # 8: 43 kr
            _person("c3", "2024-02-02", parents=["m", "f"]),  # 2: 37 / 2 = 18.50 kr
        ],
        {
            "m": (61 * 3100, 61 * 3100 + (5000 + 4300 + 1850) * 31 // 2),
            "f": (61 * 3100, 61 * 3100 + (5000 + 4300 + 1850) * 31 // 2),
            "c1": (5000 * 31, 0),
            "c2": (4300 * 31, 0),
            "c3": (1850 * 31, 0),
        },
        "MV-page: child rates by age; halved from the third child",
    ),
    (
        "children with food included: 12 kr, third halved",
        "2026-12",
        True,
        [
            _person("p", "1980-01-01"),
            _person("c1", "2012-01-01", parents=["p"]),
            _person("c2", "2016-01-01", parents=["p"]),
            _person("c3", "2020-01-01", parents=["p"]),
        ],
        {
            "p": (24 * 3100, 24 * 3100 + (1200 + 1200 + 600) * 31),
            "c1": (1200 * 31, 0),
            "c2": (1200 * 31, 0),
            "c3": (600 * 31, 0),
        },
        "MV-page: 12 kr per child with food included",
    ),
    (
        "child of the mother only: the partner gets no share of it",
        "2026-12",
        False,
        [MOTHER, FATHER, _person("c", "2020-01-01", parents=["m"])],
        {"m": (61 * 3100, 61 * 3100 + 4300 * 31), "f": (61 * 3100, 61 * 3100), "c": (4300 * 31, 0)},
        "Issue: each adult gets an equal share of the children they are a parent of",
    ),
    (
        "reduction stops at the food part",
        "2026-12",
        False,
        [_person("a", "1990-01-01", reduction_ore_per_day=4000)],
        {"a": ((7100 - 2400) * 31,) * 2},
        "LMA 10 §: the reduction never takes the food part (71 - 24 kr)",
    ),
    (
        "reduction smaller than the allowed part",
        "2026-12",
        False,
        [_person("a", "1990-01-01", reduction_ore_per_day=1000)],
        {"a": ((7100 - 1000) * 31,) * 2},
        "LMA 10 §",
    ),
    (
        "with food included the whole amount can be reduced",
        "2026-12",
        True,
        [_person("a", "1990-01-01", reduction_ore_per_day=3000)],
        {"a": (0, 0)},
        "LMA 10 §: food is provided by the housing",
    ),
    (
        "a child's allowance is never reduced",
        "2026-12",
        False,
        [_person("p", "1980-01-01"), _person("c", "2020-01-01", parents=["p"])],
        {"p": (7100 * 31, 7100 * 31 + 4300 * 31), "c": (4300 * 31, 0)},
        "LMA 10 § applies to adults",
    ),
]


@pytest.mark.parametrize(
    ("month", "food", "persons", "expected"),
    [pytest.param(m, f, p, e, id=f"{case} [{source}]") for case, m, f, p, e, source in CASES],
)
def test_legal_cases(
    month: str, food: bool, persons: list[dict[str, Any]], expected: dict[str, tuple[int, int]]
) -> None:
    assert _quote(month, food, *persons) == expected


def test_remainder_goes_round_the_payees_and_conserves_the_total() -> None:
    """37 kr × 31 days = 114 700 öre split three ways: 38 233 each and one öre for one parent.

    In February (28 days, 103 600 öre) one öre is left over as well; over three months running the
    extra öre goes to each parent once.
    """
    persons = [
        _person("a", "1980-01-01"),
        _person("b", "1981-01-01"),
        _person("c", "1982-01-01"),
        _person("k", "2024-06-01", parents=["a", "b", "c"]),
    ]
    extra = []
    for month, total in (("2027-01", 114_700), ("2027-02", 103_600), ("2027-03", 114_700)):
        paid = _quote(month, False, *persons)
        shares = [paid[p][1] - paid[p][0] for p in "abc"]
        assert sum(shares) == total
        assert max(shares) - min(shares) == 1
        extra.append(shares.index(max(shares)))
    assert sorted(extra) == [0, 1, 2], "the extra öre moves to another parent each month"


def _facts(**people: PersonFacts) -> dict[int, PersonFacts]:
    return {p.key: p for p in people.values()}


def _whole(start: datetime.date) -> tuple[datetime.date, None]:
    return (start, None)


ALWAYS = (_whole(d(2020, 1, 1)),)


def _month(households: list[HouseholdFacts], persons: dict[int, PersonFacts], month: str) -> dict[int, tuple[int, int]]:
    built = segments_build(households, persons, Month.parse(month), HISTORY)
    result = kernel_run(built.segments, HISTORY, rotation=Month.parse(month).number)
    return {key: (int(result.allowance_ore[i]), int(result.payout_ore[i])) for i, key in enumerate(built.person_keys)}


def test_birthday_into_a_new_band_in_mid_month() -> None:
    """A child turning 4 on 15 December: 14 days at 37 kr, then 17 days at 43 kr (MV-page)."""
    people = _facts(
        p=PersonFacts(1, d(1980, 1, 1), eligible=ALWAYS), c=PersonFacts(2, d(2022, 12, 15), eligible=ALWAYS)
    )
    household = HouseholdFacts(1, members=((1, ALWAYS[0]), (2, ALWAYS[0])), guardianships=((2, 1, ALWAYS[0]),))
    paid = _month([household], people, "2026-12")
    assert paid[2] == (3700 * 14 + 4300 * 17, 0)
    assert paid[1] == (7100 * 31, 7100 * 31 + 3700 * 14 + 4300 * 17)


def test_turning_18_in_mid_month_gives_the_young_adult_rate_from_the_birthday() -> None:
    people = _facts(
        p=PersonFacts(1, d(1980, 1, 1), eligible=ALWAYS), y=PersonFacts(2, d(2008, 12, 20), eligible=ALWAYS)
    )
    household = HouseholdFacts(
        1,
        members=((1, ALWAYS[0]), (2, ALWAYS[0])),
        guardianships=((2, 1, (d(2008, 12, 20), d(2026, 12, 19))),),
        parents=frozenset({(2, 1)}),
    )
    paid = _month([household], people, "2026-12")
    assert paid[2] == (5000 * 19 + 6100 * 12, 6100 * 12)
    assert paid[1] == (7100 * 31, 7100 * 31 + 5000 * 19)


def test_partner_moving_out_in_mid_month() -> None:
    """Partners until 10 December, then the one who stays is single (MV-page: 61 kr, then 71 kr)."""
    people = _facts(a=PersonFacts(1, d(1990, 1, 1), eligible=ALWAYS), b=PersonFacts(2, d(1990, 2, 2), eligible=ALWAYS))
    until = (d(2025, 1, 1), d(2026, 12, 10))
    household = HouseholdFacts(1, members=((1, ALWAYS[0]), (2, until)), partnerships=((1, 2, until),))
    paid = _month([household], people, "2026-12")
    assert paid[1] == (6100 * 10 + 7100 * 21,) * 2
    assert paid[2] == (6100 * 10,) * 2


def test_food_and_eligibility_changing_in_mid_month() -> None:
    person = PersonFacts(
        1,
        d(1990, 1, 1),
        eligible=((d(2025, 1, 1), d(2026, 12, 20)),),
        food_included=(((d(2025, 1, 1), d(2026, 12, 5)), True), ((d(2026, 12, 6), None), False)),
    )
    paid = _month([HouseholdFacts(1, members=((1, ALWAYS[0]),))], {1: person}, "2026-12")
    assert paid[1] == (2400 * 5 + 7100 * 15,) * 2


def test_a_parameter_change_in_mid_month_is_exact() -> None:
    document = yaml.safe_load(DEFAULT_FILE.read_text(encoding="utf-8"))
    changed = copy.deepcopy(document)
    changed["parameters"]["adult_single"]["values"].append(
        {
            "valid_from": d(2026, 12, 16),
            "value": {"food_not_included": 8000, "food_included": 3000},
            "reference": "A test amount",
            "source": "FMA",
        }
    )
    history = parameters_parse(changed)
    built = segments_build(
        [HouseholdFacts(1, members=((1, ALWAYS[0]),))],
        {1: PersonFacts(1, d(1990, 1, 1), eligible=ALWAYS)},
        Month(2026, 12),
        history,
    )
    result = kernel_run(built.segments, history)
    assert int(result.allowance_ore[0]) == 7100 * 15 + 8000 * 16


def test_twins_are_ranked_by_their_key() -> None:
    """Children born the same day are ordered by key (the lower key is the elder) — documented tie-break."""
    kids = {k: PersonFacts(k, d(2020, 5, 5), eligible=ALWAYS) for k in (7, 3, 5)}
    people = {1: PersonFacts(1, d(1980, 1, 1), eligible=ALWAYS), **kids}
    household = HouseholdFacts(
        1,
        members=tuple((k, ALWAYS[0]) for k in (1, 7, 3, 5)),
        guardianships=tuple((k, 1, ALWAYS[0]) for k in (7, 3, 5)),
    )
    built = segments_build([household], people, Month(2026, 12), HISTORY)
    result = kernel_run(built.segments, HISTORY)
    halved = {built.rows.person_key[r] for r in np.flatnonzero(result.halved)}
    assert halved == {7}


def test_quote_errors_name_household_person_and_field() -> None:
    with pytest.raises(QuoteError) as caught:
        quote(
            [
                {"month": "2026-12", "food_included": False, "persons": [_person("a", "1990-01-01")]},
                {
                    "id": "H2",
                    "month": "2026-13",
                    "food_included": False,
                    "persons": [_person("a", "1990-01-01")],
                },
                {
                    "month": "2026-12",
                    "food_included": "no",
                    "persons": [_person("a", "1990-02-30"), _person("b", "2020-01-01", parents=["x"])],
                },
            ],
            HISTORY,
        )
    messages = [str(p) for p in caught.value.problems]
    assert "household 2 (id 'H2'), field 'month': '2026-13' is not a month written as YYYY-MM." in messages
    assert "household 3, field 'food_included': must be true or false" in messages
    assert "household 3, person 'a', field 'birth_date': must be a date written as YYYY-MM-DD" in messages


def test_quote_refuses_partners_who_do_not_name_each_other() -> None:
    with pytest.raises(QuoteError, match="partners must name each other"):
        _quote(
            "2026-12",
            False,
            _person("a", "1990-01-01", partner="b"),
            _person("b", "1990-01-01", partner="c"),
            _person("c", "1990-01-01", partner="b"),
        )


def test_parameter_file_without_a_reference_is_refused() -> None:
    document = yaml.safe_load(DEFAULT_FILE.read_text(encoding="utf-8"))
    del document["parameters"]["adult_partner"]["values"][0]["reference"]
    with pytest.raises(ParameterError, match="adult_partner from 1994-07-01: every value needs a reference"):
        parameters_parse(document)


def test_parameter_amount_that_is_not_whole_ore_is_refused() -> None:
    document = yaml.safe_load(DEFAULT_FILE.read_text(encoding="utf-8"))
    document["parameters"]["adult_single"]["values"][0]["value"]["food_included"] = 24.5
    with pytest.raises(ParameterError, match=r"adult_single.food_included: 24.5 is not a whole"):
        parameters_parse(document)


# --- properties ------------------------------------------------------------------------------

MONTHS = st.sampled_from(["2024-02", "2024-03", "2024-04", "2026-02", "2026-11", "2026-12"])


@st.composite
def households(draw: st.DrawFn) -> dict[str, Any]:
    month = draw(MONTHS)
    adults = draw(st.integers(1, 3))
    children = draw(st.integers(0, 6))
    persons: list[dict[str, Any]] = []
    for index in range(adults):
        persons.append(
            {
                "id": f"a{index}",
                "birth_date": draw(st.dates(d(1950, 1, 1), d(2006, 1, 1))).isoformat(),
                "reduction_ore_per_day": draw(st.sampled_from([0, 0, 500, 2500, 9000])),
                "eligible": draw(st.sampled_from([True, True, True, False])),
            }
        )
    if adults >= 2 and draw(st.booleans()):
        persons[0]["partner"], persons[1]["partner"] = "a1", "a0"
    for index in range(children):
        parents = draw(st.lists(st.sampled_from([f"a{i}" for i in range(adults)]), unique=True))
        persons.append(
            {
                "id": f"c{index}",
                "birth_date": draw(st.dates(d(2009, 1, 1), d(2024, 1, 31))).isoformat(),
                "parents": parents,
                "eligible": draw(st.sampled_from([True, True, False])),
            }
        )
    return {"month": month, "food_included": draw(st.booleans()), "persons": persons}


@settings(max_examples=300, deadline=None)
@given(st.lists(households(), min_size=1, max_size=8))
def test_split_conserves_every_ore_and_nothing_is_negative(payload: list[dict[str, Any]]) -> None:
    for household in quote(payload, HISTORY):
        persons = household["persons"]
        assert all(p["allowance_ore"] >= 0 and p["payout_ore"] >= 0 for p in persons)
        assert sum(p["payout_ore"] for p in persons) == household["total_ore"]
        for person in persons:
            shares = [s["share_ore"] for s in person["explanation"] if s["kind"] != "own"]
            own = sum(s["amount_ore"] for s in person["explanation"] if s["kind"] == "own")
            assert own == person["allowance_ore"]
            if not person["id"].startswith("c"):
                assert person["payout_ore"] == own + sum(shares)


@st.composite
def changing_households(draw: st.DrawFn) -> tuple[list[HouseholdFacts], dict[int, PersonFacts], str]:
    """A household whose members, partners, food and eligibility change on random days of December."""
    day = st.integers(1, 31).map(lambda n: d(2026, 12, n))
    persons: dict[int, PersonFacts] = {}
    members, guardianships = [], []
    adult_keys = [1, 2]
    for key in adult_keys:
        food_changes = draw(day)
        persons[key] = PersonFacts(
            key,
            draw(st.dates(d(2005, 12, 1), d(2009, 1, 31)) if key == 2 else st.dates(d(1960, 1, 1), d(1990, 1, 1))),
            eligible=((d(2020, 1, 1), draw(st.none() | day)),),
            food_included=(
                ((d(2020, 1, 1), food_changes - datetime.timedelta(days=1)), draw(st.booleans())),
                ((food_changes, None), draw(st.booleans())),
            ),
            reductions=(((draw(day), None), draw(st.sampled_from([0, 1000, 6000]))),),
        )
        members.append((key, (d(2020, 1, 1), draw(st.none() | day))))
    for key in range(3, 3 + draw(st.integers(0, 4))):
        persons[key] = PersonFacts(key, draw(st.dates(d(2008, 11, 1), d(2024, 12, 31))), eligible=ALWAYS)
        members.append((key, (draw(st.sampled_from([d(2020, 1, 1), d(2026, 12, 9)])), None)))
        guardianships.append((key, 1, ALWAYS[0]))
    partners = ((1, 2, (d(2020, 1, 1), draw(st.none() | day))),) if draw(st.booleans()) else ()
    household = HouseholdFacts(
        1,
        members=tuple(members),
        partnerships=partners,
        guardianships=tuple(guardianships),
        parents=frozenset({(2, 1)}),
    )
    return [household], persons, "2026-12"


@settings(max_examples=200, deadline=None)
@given(changing_households())
def test_cutting_at_changes_equals_counting_day_by_day(
    case: tuple[list[HouseholdFacts], dict[int, PersonFacts], str],
) -> None:
    households_, persons, month = case
    built = segments_build(households_, persons, Month.parse(month), HISTORY)
    daily = segments_build(households_, persons, Month.parse(month), HISTORY, every_day=True)
    by_stretch = kernel_run(built.segments, HISTORY)
    by_day = kernel_run(daily.segments, HISTORY)
    assert built.person_keys == daily.person_keys
    assert by_stretch.allowance_ore.tolist() == by_day.allowance_ore.tolist()
    assert int(by_stretch.payout_ore.sum()) == int(by_day.payout_ore.sum()) == int(by_day.allowance_ore.sum())
    assert (by_stretch.payout_ore >= 0).all()


def test_a_birthday_inside_an_age_band_does_not_split_the_month() -> None:
    """Turning 6 changes no rate (4–10 is one band), so the explanation keeps one line for December."""
    people = _facts(
        p=PersonFacts(1, d(1980, 1, 1), eligible=ALWAYS), c=PersonFacts(2, d(2020, 12, 29), eligible=ALWAYS)
    )
    household = HouseholdFacts(1, members=((1, ALWAYS[0]), (2, ALWAYS[0])), guardianships=((2, 1, ALWAYS[0]),))
    built = segments_build([household], people, Month(2026, 12), HISTORY)
    assert len(built.segments.person) == 2
    assert _month([household], people, "2026-12")[2] == (4300 * 31, 0)


def test_every_category_has_its_name_in_the_explanation_type() -> None:
    """Explanations store a category by its lower-case name; the typed steps list exactly those names."""
    assert set(get_args(CategoryName)) == {category.name.lower() for category in Category}
