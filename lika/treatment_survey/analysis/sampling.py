"""The sampling plan of a treatment survey: random time slots, stratified by site and channel.

Observers cannot watch every contact, so the survey watches a random sample of time slots. Each
stratum (one site and one channel, such as the contact centre's phone line or an embassy's
counter) gets the number of slots the survey lead asks for, drawn at random without replacement
from the stratum's opening hours in the survey period, so that no officer, weekday or hour is
favoured by the observers' own choice. A planned share of the slots is double-coded: two
observers watch the same contacts, which measures how reliably the protocol is applied.

The plan is reproducible: the same strata and seed give the same slots.

Pure: no Django, no clock.
"""

from __future__ import annotations

import datetime
import math
import random
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

__all__ = ["PlannedSlot", "Stratum", "opening_slots", "sampling_plan"]

Candidate = tuple[datetime.date, datetime.time]


@dataclass(frozen=True)
class Stratum:
    """A site and channel, the slots to draw from it and its candidate slots (day and start time)."""

    site: str
    channel: str
    slots: int
    candidates: tuple[Candidate, ...]


@dataclass(frozen=True)
class PlannedSlot:
    """A slot to observe: ``code`` names it (S001, S002, ... in time order) on forms and in exports."""

    code: str
    site: str
    channel: str
    day: datetime.date
    start: datetime.time
    double_coded: bool


def opening_slots(
    first_day: datetime.date,
    last_day: datetime.date,
    *,
    opens: datetime.time,
    closes: datetime.time,
    minutes: int,
    weekdays: Iterable[int] = (0, 1, 2, 3, 4),
) -> tuple[Candidate, ...]:
    """Every slot of ``minutes`` that fits between ``opens`` and ``closes`` on the given weekdays (Monday 0).

    >>> slots = opening_slots(
    ...     datetime.date(2026, 9, 4), datetime.date(2026, 9, 7), opens=datetime.time(9), closes=datetime.time(11), minutes=60
    ... )
    >>> [(day.isoformat(), start.isoformat()) for day, start in slots]
    [('2026-09-04', '09:00:00'), ('2026-09-04', '10:00:00'), ('2026-09-07', '09:00:00'), ('2026-09-07', '10:00:00')]
    """
    if minutes <= 0:
        raise ValueError(f"A slot lasts at least one minute, not {minutes}.")
    if last_day < first_day:
        raise ValueError("The period ends before it starts.")
    days = set(weekdays)
    open_minutes = opens.hour * 60 + opens.minute
    close_minutes = closes.hour * 60 + closes.minute
    starts = [datetime.time(m // 60, m % 60) for m in range(open_minutes, close_minutes - minutes + 1, minutes)]
    candidates: list[Candidate] = []
    day = first_day
    while day <= last_day:
        if day.weekday() in days:
            candidates += [(day, start) for start in starts]
        day += datetime.timedelta(days=1)
    return tuple(candidates)


def _double_coded_counts(strata: Sequence[Stratum], share: float) -> list[int]:
    """Splits round(share · all slots) over the strata in proportion to their slots (largest remainder)."""
    wanted = [share * stratum.slots for stratum in strata]
    counts = [math.floor(value) for value in wanted]
    total = round(share * sum(stratum.slots for stratum in strata))
    by_remainder = sorted(range(len(strata)), key=lambda i: (-(wanted[i] - counts[i]), i))
    for index in by_remainder[: max(0, total - sum(counts))]:
        counts[index] += 1
    return counts


def sampling_plan(strata: Sequence[Stratum], *, double_coded_share: float, seed: int) -> list[PlannedSlot]:
    """Draws each stratum's slots at random and marks the planned share of them as double-coded.

    Raises ValueError when a stratum asks for more slots than it has, a stratum is named twice, or
    the share lies outside [0, 1].
    """
    if not 0.0 <= double_coded_share <= 1.0:
        raise ValueError(f"The double-coded share must lie between 0 and 1, not {double_coded_share!r}.")
    seen: set[tuple[str, str]] = set()
    for stratum in strata:
        key = (stratum.site, stratum.channel)
        if key in seen:
            raise ValueError(f"The stratum {stratum.site} · {stratum.channel} is named twice.")
        seen.add(key)
        if not 0 <= stratum.slots <= len(set(stratum.candidates)):
            raise ValueError(
                f"The stratum {stratum.site} · {stratum.channel} has {len(set(stratum.candidates))} slots "
                f"in the period; {stratum.slots} cannot be drawn."
            )
    doubles = _double_coded_counts(strata, double_coded_share)
    drawn: list[tuple[datetime.date, datetime.time, str, str, bool]] = []
    for stratum, double_count in zip(strata, doubles, strict=True):
        # One generator per stratum, seeded by its name, so adding a stratum leaves the others' slots alone.
        rng = random.Random(f"{seed}:{stratum.site}:{stratum.channel}")  # noqa: S311 - a sample, not a secret
        chosen = rng.sample(sorted(set(stratum.candidates)), stratum.slots)
        double = set(rng.sample(range(stratum.slots), double_count))
        drawn += [(day, start, stratum.site, stratum.channel, i in double) for i, (day, start) in enumerate(chosen)]
    drawn.sort()
    return [
        PlannedSlot(code=f"S{number:03d}", site=site, channel=channel, day=day, start=start, double_coded=double)
        for number, (day, start, site, channel, double) in enumerate(drawn, start=1)
    ]
