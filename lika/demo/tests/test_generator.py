"""The population generator: the same seed gives the same rows, and the rows obey the registry's rules."""

from __future__ import annotations

import datetime
import itertools
from collections import Counter, defaultdict
from typing import Any

import numpy as np
import pytest
from django.core.exceptions import ValidationError
from django_countries import countries

from lika.demo.generator import TABLE_NAMES, Table, population, population_generate
from lika.people.identifiers import (
    DEMO_DOSSIER_FIRST,
    DEMO_DOSSIER_LAST,
    personal_number_birth_date,
    personal_number_normalize,
    validate_language_code,
)
from lika.people.models import (
    AccommodationKind,
    DecisionOutcome,
    EligibilityBasis,
    GuardianKind,
    MemberRole,
    PartnershipKind,
    PermitGround,
    PermitKind,
    Person,
    Sex,
)

TODAY = datetime.date(2026, 6, 30)
PERSONS = 4_000

Tables = dict[str, Table]
Row = dict[str, Any]


@pytest.fixture(scope="module")
def tables() -> Tables:
    return population_generate(persons=PERSONS, seed=7, today=TODAY, first_dossier_number=DEMO_DOSSIER_FIRST)


def _rows(table: Table) -> list[Row]:
    """The table's rows as dicts, dates as ``datetime.date`` (``None`` where empty)."""
    columns = {}
    for name, column in table.columns.items():
        if column.dtype.kind == "M":
            columns[name] = [None if np.isnat(value) else value.astype(datetime.date) for value in column]
        else:
            columns[name] = column.tolist()
    return [dict(zip(columns, values, strict=True)) for values in zip(*columns.values(), strict=True)]


def _age(birth: datetime.date, day: datetime.date) -> int:
    return Person(birth_date=birth).age_on(day)


def _covers(
    start: datetime.date, end: datetime.date | None, inner_start: datetime.date, inner_end: datetime.date | None
) -> bool:
    """Whether the closed period start..end (open if None) includes the whole inner period."""
    if start > inner_start:
        return False
    if end is None:
        return True
    return inner_end is not None and inner_end <= end


def test_same_seed_gives_the_same_population(tables: Tables) -> None:
    again = population_generate(persons=PERSONS, seed=7, today=TODAY, first_dossier_number=DEMO_DOSSIER_FIRST)
    for name in TABLE_NAMES:
        assert again[name].rows == tables[name].rows, name
        for column, values in tables[name].columns.items():
            assert again[name].columns[column].tolist() == values.tolist(), f"{name}.{column}"


def test_another_seed_gives_another_population(tables: Tables) -> None:
    other = population_generate(persons=PERSONS, seed=8, today=TODAY, first_dossier_number=DEMO_DOSSIER_FIRST)
    assert other["persons"].columns["given_name"].tolist() != tables["persons"].columns["given_name"].tolist()


def test_population_has_exactly_the_persons_asked_for(tables: Tables) -> None:
    assert tables["persons"].rows == PERSONS
    assert (
        population_generate(persons=1, seed=1, today=TODAY, first_dossier_number=DEMO_DOSSIER_FIRST)["persons"].rows
        == 1
    )


def test_refuses_no_persons_and_a_reference_day_before_the_history() -> None:
    with pytest.raises(ValueError, match="at least one person"):
        population_generate(persons=0, seed=1, today=TODAY, first_dossier_number=DEMO_DOSSIER_FIRST)
    with pytest.raises(ValueError, match="reference day"):
        population_generate(
            persons=10, seed=1, today=datetime.date(2021, 3, 1), first_dossier_number=DEMO_DOSSIER_FIRST
        )


def test_chunks_continue_each_others_row_numbers(monkeypatch: pytest.MonkeyPatch) -> None:
    """With small chunks, foreign keys still point at the right rows across chunk borders."""
    monkeypatch.setattr(population, "CHUNK_PERSONS", 700)
    chunked = population_generate(persons=2_500, seed=3, today=TODAY, first_dossier_number=DEMO_DOSSIER_FIRST)
    persons, households = chunked["persons"].rows, chunked["households"].rows
    for name, column, limit in (
        ("memberships", "person_id", persons),
        ("memberships", "household_id", households),
        ("guardianships", "child_id", persons),
        ("partnerships", "person_b_id", persons),
        ("decisions", "application_id", chunked["applications"].rows),
    ):
        values = chunked[name].columns[column]
        assert values.min() >= 0
        assert values.max() < limit, f"{name}.{column}"
    members = Counter(chunked["memberships"].columns["household_id"].tolist())
    assert set(members) == set(range(households)), "every household has a member, none is missing"
    numbers = [n for n in chunked["persons"].columns["personal_number"].tolist() if n]
    assert len(numbers) == len(set(numbers))


def test_values_are_those_the_models_accept(tables: Tables) -> None:
    persons = tables["persons"].columns
    assert set(persons["sex"].tolist()) <= set(Sex.values)
    assert set(tables["memberships"].columns["role"].tolist()) <= set(MemberRole.values)
    assert set(tables["guardianships"].columns["kind"].tolist()) <= set(GuardianKind.values)
    assert set(tables["partnerships"].columns["kind"].tolist()) <= set(PartnershipKind.values)
    assert set(tables["applications"].columns["ground"].tolist()) == set(PermitGround.values)
    assert set(tables["decisions"].columns["outcome"].tolist()) == set(DecisionOutcome.values)
    assert set(tables["decisions"].columns["permit_kind"].tolist()) == {*PermitKind.values, ""}
    assert set(tables["lma_periods"].columns["basis"].tolist()) <= set(EligibilityBasis.values)
    assert set(tables["accommodation_periods"].columns["kind"].tolist()) == set(AccommodationKind.values)
    known = {code for code, _ in countries} | {"XX"}
    assert set(persons["country_of_birth"].tolist()) <= known - {"XX"}
    assert set(persons["citizenship"].tolist()) <= known | {""}
    for language in set(persons["preferred_language"].tolist()):
        validate_language_code(language)
    for column in ("given_name", "family_name"):
        assert all(0 < len(name) <= 100 for name in persons[column].tolist())


def test_dossier_numbers_are_unique_and_from_the_demo_range(tables: Tables) -> None:
    numbers = [int(n) for n in tables["persons"].columns["dossier_number"].tolist()]
    assert numbers == list(range(DEMO_DOSSIER_FIRST, DEMO_DOSSIER_FIRST + PERSONS))
    assert max(numbers) <= DEMO_DOSSIER_LAST


def test_personal_numbers_are_valid_unique_and_match_the_birth_date(tables: Tables) -> None:
    persons = _rows(tables["persons"])
    numbered = [p for p in persons if p["personal_number"]]
    assert 0.15 * PERSONS < len(numbered) < 0.5 * PERSONS, "some have a number, most do not"
    assert len({p["personal_number"] for p in numbered}) == len(numbered)
    for person in numbered:
        assert personal_number_normalize(person["personal_number"]) == person["personal_number"]
        assert personal_number_birth_date(person["personal_number"]) == person["birth_date"]
        sex_digit = int(person["personal_number"][10])
        if person["sex"] != Sex.UNKNOWN:
            assert sex_digit % 2 == (1 if person["sex"] == Sex.MALE else 0)


def test_memberships_of_a_person_never_overlap(tables: Tables) -> None:
    periods: dict[int, list[tuple[datetime.date, datetime.date | None]]] = defaultdict(list)
    for membership in _rows(tables["memberships"]):
        periods[membership["person_id"]].append((membership["start_date"], membership["end_date"]))
    assert set(periods) == set(range(PERSONS)), "everyone is in a household"
    for spans in periods.values():
        spans.sort(key=lambda span: span[0])
        for (_, end), (next_start, _) in itertools.pairwise(spans):
            assert end is not None
            assert end < next_start


def test_roles_follow_age_at_the_start_of_membership(tables: Tables) -> None:
    births: list[datetime.date] = tables["persons"].columns["birth_date"].tolist()
    for membership in _rows(tables["memberships"]):
        birth = births[membership["person_id"]]
        age = _age(birth, membership["start_date"])
        assert age >= 0
        assert (age >= 18) == (membership["role"] == MemberRole.ADULT)


def test_every_child_has_an_adult_in_the_household_throughout(tables: Tables) -> None:
    adults: dict[int, list[Row]] = defaultdict(list)
    memberships = _rows(tables["memberships"])
    for membership in memberships:
        if membership["role"] == MemberRole.ADULT:
            adults[membership["household_id"]].append(membership)
    children = [m for m in memberships if m["role"] == MemberRole.CHILD]
    assert children
    for child in children:
        assert any(
            _covers(adult["start_date"], adult["end_date"], child["start_date"], child["end_date"])
            for adult in adults[child["household_id"]]
        )


def test_partners_are_two_adult_members_of_the_household_throughout(tables: Tables) -> None:
    memberships: dict[tuple[int, int], list[Row]] = defaultdict(list)
    for membership in _rows(tables["memberships"]):
        memberships[membership["household_id"], membership["person_id"]].append(membership)
    partnerships = _rows(tables["partnerships"])
    assert partnerships
    for partnership in partnerships:
        assert partnership["person_a_id"] < partnership["person_b_id"]
        for person in (partnership["person_a_id"], partnership["person_b_id"]):
            assert any(
                m["role"] == MemberRole.ADULT
                and _covers(m["start_date"], m["end_date"], partnership["start_date"], partnership["end_date"])
                for m in memberships[partnership["household_id"], person]
            )
    ended = [p for p in partnerships if p["end_date"] is not None]
    assert ended, "some couples separate"


def test_guardians_are_adults_and_wards_children_when_it_starts(tables: Tables) -> None:
    births: list[datetime.date] = tables["persons"].columns["birth_date"].tolist()
    guardianships = _rows(tables["guardianships"])
    assert guardianships
    for relation in guardianships:
        child_birth = births[relation["child_id"]]
        guardian_birth = births[relation["guardian_id"]]
        assert relation["child_id"] != relation["guardian_id"]
        assert _age(guardian_birth, relation["start_date"]) >= 18
        assert _age(child_birth, relation["start_date"]) < 18
        if relation["end_date"] is not None:
            assert _age(child_birth, relation["end_date"]) == 17
            assert _age(child_birth, relation["end_date"] + datetime.timedelta(days=1)) == 18


def test_decisions_follow_the_rules_for_recording_them(tables: Tables) -> None:
    applications = _rows(tables["applications"])
    births: list[datetime.date] = tables["persons"].columns["birth_date"].tolist()
    for application in applications:
        assert births[application["person_id"]] <= application["submitted_on"] <= TODAY
    decisions = _rows(tables["decisions"])
    for decision in decisions:
        assert applications[decision["application_id"]]["submitted_on"] <= decision["decided_on"] <= TODAY
        if decision["outcome"] == DecisionOutcome.GRANTED:
            assert decision["valid_from"] is not None
            if decision["permit_kind"] == PermitKind.TEMPORARY:
                assert decision["valid_until"] is not None
                assert decision["valid_until"] >= decision["valid_from"]
            else:
                assert decision["permit_kind"] == PermitKind.PERMANENT
                assert decision["valid_until"] is None
        else:
            assert (decision["permit_kind"], decision["valid_from"], decision["valid_until"]) == ("", None, None)
    decided = {d["application_id"] for d in decisions}
    assert len(decided) < len(applications), "some applications still wait for a decision"


def test_lma_and_accommodation_periods_are_consistent(tables: Tables) -> None:
    grounds = {a["person_id"]: a["ground"] for a in reversed(_rows(tables["applications"]))}
    lma = {period["person_id"]: period for period in _rows(tables["lma_periods"])}
    assert len(lma) == tables["lma_periods"].rows, "one LMA period per person"
    for person, period in lma.items():
        expected = "asylum_seeker" if grounds[person] == PermitGround.ASYLUM else "temporary_protection"
        assert grounds[person] in (PermitGround.ASYLUM, PermitGround.TEMPORARY_PROTECTION)
        assert period["basis"] == expected
        assert period["start_date"] <= TODAY
        assert period["end_date"] is None or period["start_date"] <= period["end_date"] <= TODAY
    assert any(p["end_date"] is None for p in lma.values()), "some are still covered"
    assert any(p["end_date"] is not None for p in lma.values())
    by_person: dict[int, list[Row]] = defaultdict(list)
    for period in _rows(tables["accommodation_periods"]):
        assert not (period["kind"] == AccommodationKind.OWN and period["food_included"])
        by_person[period["person_id"]].append(period)
    assert set(by_person) == set(lma)
    for person, periods in by_person.items():
        periods.sort(key=lambda p: p["start_date"])
        assert periods[0]["start_date"] == lma[person]["start_date"]
        assert periods[-1]["end_date"] == lma[person]["end_date"]
        for before, after in itertools.pairwise(periods):
            assert before["end_date"] is not None
            assert before["end_date"] + datetime.timedelta(days=1) == after["start_date"]


def test_a_household_starts_in_the_same_kind_of_accommodation(tables: Tables) -> None:
    household_of = {m["person_id"]: m["household_id"] for m in reversed(_rows(tables["memberships"]))}
    first_periods: dict[int, Row] = {}
    for period in _rows(tables["accommodation_periods"]):
        first_periods.setdefault(period["person_id"], period)
    kinds: dict[int, set[tuple[str, bool]]] = defaultdict(set)
    for person, period in first_periods.items():
        kinds[household_of[person]].add((period["kind"], period["food_included"]))
    assert all(len(household) == 1 for household in kinds.values())
    assert len({kind for household in kinds.values() for kind in household}) == 3


def test_sexes_are_plausible(tables: Tables) -> None:
    sexes = Counter(tables["persons"].columns["sex"].tolist())
    assert 0.44 < sexes[Sex.FEMALE] / PERSONS < 0.56
    assert sexes[Sex.UNKNOWN] / PERSONS < 0.005
    sex_of: list[str] = tables["persons"].columns["sex"].tolist()
    first_ground = {a["person_id"]: a["ground"] for a in reversed(_rows(tables["applications"]))}
    adults_on = Counter(
        (first_ground[m["person_id"]], sex_of[m["person_id"]])
        for m in _rows(tables["memberships"])
        if m["role"] == MemberRole.ADULT
    )

    def female_share(ground: str) -> float:
        return adults_on[ground, Sex.FEMALE] / (adults_on[ground, Sex.FEMALE] + adults_on[ground, Sex.MALE])

    # Women are over-represented among family-tie permits, men among asylum seekers and workers.
    assert female_share(PermitGround.FAMILY_TIES) > 0.6
    assert female_share(PermitGround.ASYLUM) < 0.45
    assert female_share(PermitGround.WORK) < 0.4
    assert female_share(PermitGround.TEMPORARY_PROTECTION) > 0.55


def test_countries_are_mixed(tables: Tables) -> None:
    births = Counter(tables["persons"].columns["country_of_birth"].tolist())
    assert len(births) >= 15
    assert {"SY", "AF", "IQ", "ER", "SO", "IR", "UA", "UZ"} <= set(births)
    assert births.most_common(1)[0][1] < 0.4 * PERSONS
    citizenship = Counter(tables["persons"].columns["citizenship"].tolist())
    assert citizenship["XX"] > 0
    assert citizenship[""] > 0


def test_arrivals_spread_over_the_years_up_to_the_reference_day(tables: Tables) -> None:
    starts = tables["memberships"].columns["start_date"]
    years = Counter((starts.astype("datetime64[Y]").astype(int) + 1970).tolist())
    assert set(years) == set(range(2021, TODAY.year + 1))
    assert years[2022] == max(years.values()), "2022 has the arrivals from Ukraine"
    assert starts.max().astype(datetime.date) <= TODAY


def test_a_few_adults_have_a_protected_identity(tables: Tables) -> None:
    persons = tables["persons"].columns
    protected = np.flatnonzero(persons["protected_identity"])
    assert 0 < len(protected) < 0.02 * PERSONS
    adult_members = {m["person_id"] for m in _rows(tables["memberships"]) if m["role"] == MemberRole.ADULT}
    assert set(protected.tolist()) <= adult_members


@pytest.mark.django_db
def test_generated_persons_pass_the_models_validation(tables: Tables) -> None:
    for person in _rows(tables["persons"])[::40]:
        try:
            Person(**person).full_clean()
        except ValidationError as error:
            pytest.fail(f"{person} does not validate: {error}")
