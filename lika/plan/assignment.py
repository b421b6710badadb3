"""The assignment's deadlines, read from the dated parameters in ``parameters/assignment.yaml``."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import yaml

PARAMETERS = Path(__file__).parent / "parameters" / "assignment.yaml"


@dataclass(frozen=True)
class Deadline:
    date: datetime.date
    agency: str  # the agency's code in the plan
    what: str
    what_en: str
    source: str  # the citation's key
    source_url: str


@cache
def assignment_deadlines() -> tuple[Deadline, ...]:
    """Every deadline of the assignment, earliest first. Refuses a file whose deadline names no source."""
    document = yaml.safe_load(PARAMETERS.read_text(encoding="utf-8"))
    sources: dict[str, str] = document["sources"]
    deadlines = []
    for number, entry in enumerate(document["deadlines"], start=1):
        if entry.get("source") not in sources:
            raise ValueError(f"{PARAMETERS.name}: deadline {number} names no source among {sorted(sources)}.")
        deadlines.append(
            Deadline(
                date=entry["date"],
                agency=entry["agency"],
                what=entry["what"],
                what_en=entry["what_en"],
                source=entry["source"],
                source_url=sources[entry["source"]],
            )
        )
    return tuple(sorted(deadlines, key=lambda deadline: deadline.date))
