"""The dated parameters of the daily allowance, read from YAML and checked.

A :class:`ParameterHistory` holds every version of the parameters; :meth:`ParameterHistory.at`
gives the :class:`ParameterSet` in force on a day. Each value keeps its legal reference, so that an
explanation can cite the paragraph it used. Pure Python: no Django, no clock.
"""

from __future__ import annotations

import datetime
import hashlib
import itertools
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from fractions import Fraction
from functools import cache
from pathlib import Path
from typing import Any, Literal

import yaml

DEFAULT_FILE = Path(__file__).resolve().parent.parent / "parameters" / "daily_allowance.yaml"

LivingTogether = Literal["shared_household", "partners_only"]
_LIVING_TOGETHER: tuple[LivingTogether, ...] = ("shared_household", "partners_only")


class ParameterError(ValueError):
    """A parameter file that cannot be used; the message names the parameter and the value."""


@dataclass(frozen=True)
class Rate:
    """A daily amount in öre, without and with food included in the housing."""

    food_not_included_ore: int
    food_included_ore: int

    def for_food(self, food_included: bool) -> int:
        return self.food_included_ore if food_included else self.food_not_included_ore


@dataclass(frozen=True)
class ChildBand:
    from_age: int
    rate: Rate


@dataclass(frozen=True)
class Reference:
    """Where a parameter value comes from: the paragraph cited and the source's address."""

    parameter: str
    valid_from: datetime.date
    text: str
    url: str


@dataclass(frozen=True)
class ParameterSet:
    """All parameter values in force from ``valid_from`` (inclusive) to ``valid_until`` (inclusive)."""

    valid_from: datetime.date
    valid_until: datetime.date | None
    adult_age: int
    child_own_card_age: int
    adult_single: Rate
    adult_partner: Rate
    young_adult_with_parents: Rate
    young_adult_max_age: int | None
    living_together: LivingTogether
    child_bands: tuple[ChildBand, ...]
    children_at_full_rate: int
    younger_child_share: Fraction
    reduction_protects_food: bool
    references: Mapping[str, Reference]

    def child_rate(self, age: int) -> Rate:
        """The child rate for a child of ``age`` whole years."""
        chosen = self.child_bands[0].rate
        for band in self.child_bands:
            if age >= band.from_age:
                chosen = band.rate
        return chosen


@dataclass(frozen=True)
class ParameterHistory:
    """Every version of the parameters, oldest first, and a fingerprint of the file they came from."""

    versions: tuple[ParameterSet, ...]
    sha256: str

    def at(self, day: datetime.date) -> ParameterSet:
        """The parameters in force on ``day``.

        >>> history = parameters_load()
        >>> history.at(datetime.date(2024, 3, 31)).living_together
        'shared_household'
        >>> history.at(datetime.date(2024, 4, 1)).living_together
        'partners_only'
        """
        return self.versions[self.index_at(day)]

    def index_at(self, day: datetime.date) -> int:
        if day < self.versions[0].valid_from:
            raise ParameterError(
                f"No daily-allowance parameters before {self.versions[0].valid_from}: asked for {day}."
            )
        index = 0
        for position, version in enumerate(self.versions):
            if version.valid_from <= day:
                index = position
        return index

    def change_days(self, first: datetime.date, last: datetime.date) -> list[datetime.date]:
        """Days in ``first``..``last`` (after ``first``) on which a new version comes into force."""
        return [v.valid_from for v in self.versions if first < v.valid_from <= last]

    def version_label(self, day: datetime.date) -> str:
        """A short, stable name for the version in force on ``day``: its first day and the file fingerprint."""
        return f"{self.at(day).valid_from.isoformat()}/{self.sha256[:12]}"


def _whole_ore(name: str, value: Any) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise ParameterError(f"Parameter {name}: {value!r} is not a whole, non-negative number of öre.")
    return int(value)


def _rate(name: str, value: Any) -> Rate:
    if not isinstance(value, Mapping) or set(value) - {"food_not_included", "food_included", "from_age"}:
        raise ParameterError(f"Parameter {name}: expected food_not_included and food_included, got {value!r}.")
    return Rate(
        food_not_included_ore=_whole_ore(f"{name}.food_not_included", value.get("food_not_included")),
        food_included_ore=_whole_ore(f"{name}.food_included", value.get("food_included")),
    )


def _age(name: str, value: Any, *, optional: bool = False) -> int | None:
    if value is None and optional:
        return None
    if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= 130:
        raise ParameterError(f"Parameter {name}: {value!r} is not an age in whole years.")
    return int(value)


def _living_together(name: str, value: Any) -> LivingTogether:
    if value not in _LIVING_TOGETHER:
        raise ParameterError(f"Parameter {name}: {value!r} is not one of {', '.join(_LIVING_TOGETHER)}.")
    chosen: LivingTogether = value
    return chosen


def _child_bands(name: str, value: Any) -> tuple[ChildBand, ...]:
    if not isinstance(value, list) or not value:
        raise ParameterError(f"Parameter {name}: expected a list of bands.")
    bands = tuple(ChildBand(from_age=_age(name, b.get("from_age")) or 0, rate=_rate(name, b)) for b in value)
    if bands[0].from_age != 0 or any(a.from_age >= b.from_age for a, b in itertools.pairwise(bands)):
        raise ParameterError(f"Parameter {name}: bands must start at age 0 and rise.")
    return bands


def _share(name: str, value: Any) -> Fraction:
    if not isinstance(value, Mapping) or set(value) != {"numerator", "denominator"}:
        raise ParameterError(f"Parameter {name}: expected numerator and denominator.")
    share = Fraction(value["numerator"], value["denominator"])
    if not 0 <= share <= 1:
        raise ParameterError(f"Parameter {name}: {share} is not between 0 and 1.")
    return share


def _flag(name: str, value: Any) -> bool:
    if not isinstance(value, bool):
        raise ParameterError(f"Parameter {name}: expected true or false.")
    return value


_CONVERTERS: dict[str, Callable[[str, Any], Any]] = {
    "adult_age": _age,
    "child_own_card_age": _age,
    "adult_single": _rate,
    "adult_partner": _rate,
    "young_adult_with_parents": _rate,
    "young_adult_max_age": lambda name, value: _age(name, value, optional=True),
    "living_together": _living_together,
    "child_bands": _child_bands,
    "children_at_full_rate": _age,
    "younger_child_share": _share,
    "reduction_protects_food": _flag,
}
_FIELDS = tuple(_CONVERTERS)


def parameter_value_check(name: str, value: Any) -> None:
    """Raises ParameterError unless ``value`` is a valid value of the parameter ``name`` (for one entry alone)."""
    if name not in _CONVERTERS:
        raise ParameterError(f"There is no parameter called {name!r}.")
    _CONVERTERS[name](name, value)


def _values(name: str, spec: Any, sources: Mapping[str, str]) -> list[tuple[datetime.date, Any, Reference]]:
    if not isinstance(spec, Mapping) or not isinstance(spec.get("values"), list) or not spec["values"]:
        raise ParameterError(f"Parameter {name}: expected a description and a list of values.")
    dated = []
    for entry in spec["values"]:
        valid_from = entry.get("valid_from")
        if not isinstance(valid_from, datetime.date):
            raise ParameterError(f"Parameter {name}: valid_from {valid_from!r} is not a date (YYYY-MM-DD).")
        reference, source = entry.get("reference"), entry.get("source")
        if not reference or source not in sources:
            raise ParameterError(
                f"Parameter {name} from {valid_from}: every value needs a reference and a known source."
            )
        unknown = set(entry) - {"valid_from", "value", "reference", "source", "note"}
        if unknown:
            raise ParameterError(f"Parameter {name} from {valid_from}: unknown keys {sorted(unknown)}.")
        cited = Reference(parameter=name, valid_from=valid_from, text=str(reference), url=sources[source])
        dated.append((valid_from, _CONVERTERS[name](name, entry.get("value")), cited))
    days = [d for d, _, _ in dated]
    if days != sorted(set(days)):
        raise ParameterError(f"Parameter {name}: values must be in date order, one per day.")
    return dated


def parameters_parse(document: Mapping[str, Any], *, sha256: str = "") -> ParameterHistory:
    """Builds the history from a parsed parameter document, checking every value."""
    sources = document.get("sources") or {}
    specs = document.get("parameters") or {}
    missing, unknown = set(_FIELDS) - set(specs), set(specs) - set(_FIELDS)
    if missing or unknown:
        raise ParameterError(f"Parameters missing: {sorted(missing)}; unknown: {sorted(unknown)}.")
    series = {name: _values(name, specs[name], sources) for name in _FIELDS}
    starts = {series[name][0][0] for name in _FIELDS}
    if len(starts) != 1:
        raise ParameterError("Every parameter must have a value from the same first day.")
    change_days = sorted({day for values in series.values() for day, _, _ in values})
    versions = []
    for position, day in enumerate(change_days):
        chosen = {name: [v for v in series[name] if v[0] <= day][-1] for name in _FIELDS}
        until = change_days[position + 1] - datetime.timedelta(days=1) if position + 1 < len(change_days) else None
        versions.append(
            ParameterSet(
                valid_from=day,
                valid_until=until,
                references={name: chosen[name][2] for name in _FIELDS},
                **{name: chosen[name][1] for name in _FIELDS},
            )
        )
    return ParameterHistory(versions=tuple(versions), sha256=sha256)


def parameters_read(path: Path) -> ParameterHistory:
    """Reads and checks a parameter file."""
    raw = path.read_bytes()
    try:
        document = yaml.safe_load(raw)
    except yaml.YAMLError as error:
        raise ParameterError(f"{path}: not valid YAML: {error}") from error
    if not isinstance(document, Mapping):
        raise ParameterError(f"{path}: expected a mapping with sources and parameters.")
    return parameters_parse(document, sha256=hashlib.sha256(raw).hexdigest())


@cache
def parameters_load() -> ParameterHistory:
    """The parameters Lika ships, read once per process."""
    return parameters_read(DEFAULT_FILE)
