"""The explanation texts of a bulk quote (lika.allowance.explanations) and the steps behind them."""

from __future__ import annotations

import datetime
from typing import Any

from lika.allowance.explanations import step_text, texts_add
from lika.allowance.rules.explain import explanations
from lika.allowance.rules.kernel import kernel_run
from lika.allowance.rules.month import HouseholdFacts, Month, PersonFacts, segments_build
from lika.allowance.rules.parameters import parameters_load
from lika.allowance.rules.quote import quote


def _households() -> list[dict[str, Any]]:
    """Households that repeat the same steps under different ids, with a birthday, a reduction and shared children."""
    households = []
    for number in range(12):
        persons: list[dict[str, Any]] = [
            {"id": f"a{number}", "birth_date": "1990-05-01", "partner": f"b{number}"},
            {"id": f"b{number}", "birth_date": "1991-02-11", "partner": f"a{number}"},
            {"id": f"c{number}", "birth_date": "2019-08-30", "parents": [f"a{number}", f"b{number}"]},
            {"id": f"d{number}", "birth_date": f"2008-12-{10 + number % 3}", "parents": [f"a{number}"]},
        ]
        if number % 4 == 0:
            persons[0]["reduction_ore_per_day"] = 1_000
        households.append(
            {"id": f"H{number}", "month": "2026-12", "food_included": number % 2 == 0, "persons": persons}
        )
    return households


def test_every_step_of_a_bulk_quote_reads_as_if_worded_alone(english: None) -> None:
    """Equal steps are worded once and shared; each text is the one its step would get on its own."""
    answers = quote(_households(), parameters_load())
    texts_add(answers)
    steps = [step for answer in answers for person in answer["persons"] for step in person["explanation"]]
    assert len(steps) > 100
    assert any(step["kind"] == "child_share" for step in steps)
    for step in steps:
        alone = {key: value for key, value in step.items() if key != "text"}
        assert step["text"] == step_text(alone)  # type: ignore[arg-type]


def test_a_step_with_its_keys_in_another_order_gets_the_same_text(english: None) -> None:
    answers = quote(_households()[:1], parameters_load())
    step = answers[0]["persons"][0]["explanation"][0]
    reordered = {"persons": [{"explanation": [dict(reversed(list(step.items())))]}]}
    texts_add([*answers, reordered])
    assert reordered["persons"][0]["explanation"][0]["text"] == step["text"]


def test_rows_with_the_same_working_get_steps_of_their_own() -> None:
    """Workings are made once per distinct row, but every step is a dictionary of its own, safe to add to."""
    history, month = parameters_load(), Month(2026, 12)
    whole = (month.first, month.last)
    persons = {
        key: PersonFacts(
            key=key, birth_date=datetime.date(1990, 5, 1), eligible=(whole,), food_included=((whole, False),)
        )
        for key in range(10)
    }
    households = [HouseholdFacts(key=key, members=((key, whole),)) for key in range(10)]
    built = segments_build(households, persons, month, history)
    steps = explanations(built, kernel_run(built.segments, history, rotation=month.number), history)
    every = [step for person_steps in steps.values() for step in person_steps]
    assert len(every) == 10
    assert len({tuple(step.items()) for step in every}) == 1  # ten equal steps ...
    assert len({id(step) for step in every}) == 10  # ... each a dictionary of its own
