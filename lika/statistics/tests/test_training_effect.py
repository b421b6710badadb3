"""The triple difference on data with a known answer, and "not estimable" when the data cannot carry it."""

from __future__ import annotations

import pytest

from lika.statistics.training_effect import Contact, triple_difference


def _contacts(
    shares: dict[tuple[bool, int, bool], float], *, officers: int = 8, per_officer: int = 20
) -> list[Contact]:
    """Each officer sees ``per_officer`` women and as many men, with exactly the given share of yes."""
    rows = []
    for (trained, wave, woman), share in shares.items():
        yes = round(share * per_officer)
        for officer in range(officers):
            name = f"{'T' if trained else 'U'}{wave}-{officer}"
            rows += [Contact(trained, wave, woman, n < yes, name) for n in range(per_officer)]
    return rows


# Men 60 % everywhere. Women: trained units 40 % → 55 %, untrained 40 % → 45 %.
# Gaps: trained 0.20 → 0.05 (−0.15), untrained 0.20 → 0.15 (−0.05); the triple difference is −0.10.
KNOWN = {
    (True, 0, True): 0.40,
    (True, 0, False): 0.60,
    (True, 1, True): 0.55,
    (True, 1, False): 0.60,
    (False, 0, True): 0.40,
    (False, 0, False): 0.60,
    (False, 1, True): 0.45,
    (False, 1, False): 0.60,
}


def test_the_estimate_is_the_known_narrowing_of_the_gap() -> None:
    effect = triple_difference(_contacts(KNOWN))
    assert effect.estimate == pytest.approx(-0.10)
    assert effect.gaps[(True, 0)] == pytest.approx(0.20)
    assert effect.gaps[(False, 1)] == pytest.approx(0.15)
    # Every officer has the same shares, so every bootstrap draw gives the same answer.
    assert effect.low == pytest.approx(-0.10)
    assert effect.high == pytest.approx(-0.10)


def test_the_interval_widens_when_officers_differ_and_covers_the_estimate() -> None:
    rows = _contacts(KNOWN)
    # Half of the trained officers after training offer women a choice more, half less: same mean.
    shifted = []
    for row in rows:
        if row.trained and row.wave == 1 and row.woman:
            officer = int(row.officer.split("-")[1])
            shifted.append(Contact(True, 1, True, row.outcome if officer % 2 else not row.outcome, row.officer))
        else:
            shifted.append(row)
    effect = triple_difference(shifted, seed=7)
    assert effect.estimable
    assert effect.low is not None
    assert effect.high is not None
    assert effect.low < effect.estimate < effect.high  # type: ignore[operator]
    assert effect.high - effect.low > 0.05
    assert triple_difference(shifted, seed=7) == effect


def test_too_few_officers_in_a_group_is_not_estimable() -> None:
    effect = triple_difference(_contacts(KNOWN, officers=2))
    assert not effect.estimable
    assert effect.reason == "too_few_officers"
    assert effect.low is None


def test_too_few_contacts_is_not_estimable() -> None:
    effect = triple_difference(_contacts(KNOWN, officers=4, per_officer=2))
    assert effect.reason == "too_few_contacts"


def test_no_untrained_units_is_not_estimable() -> None:
    only_trained = {key: share for key, share in KNOWN.items() if key[0]}
    assert triple_difference(_contacts(only_trained)).reason == "too_few_officers"


def test_counted_contacts_give_the_same_answer_as_one_row_each() -> None:
    """The follow-up's facts count contacts per officer, sex and outcome; the estimate and interval do not change."""
    rows = _contacts(KNOWN, officers=4)
    counted: dict[Contact, int] = {}
    for row in rows:
        counted[row] = counted.get(row, 0) + 1
    grouped = [Contact(r.trained, r.wave, r.woman, r.outcome, r.officer, count=n) for r, n in counted.items()]
    assert len(grouped) < len(rows)
    assert triple_difference(grouped, seed=3) == triple_difference(rows, seed=3)
