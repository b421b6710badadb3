"""One observed contact as the analysis reads it, whichever way it was recorded.

The observation form, an ODK Central export and a KoboToolbox export all end as these records, so
the analysis of the same contacts is the same whatever the route. Pure: no Django.
"""

from __future__ import annotations

import datetime
from collections.abc import Mapping
from dataclasses import dataclass

__all__ = ["ContactRecord"]


@dataclass(frozen=True)
class ContactRecord:
    """A contact as one observer recorded it.

    ``officer`` is the officer's pseudonym. ``answers`` holds the yes/no items that apply to the
    contact, each "yes" or "no"; an item that does not apply is absent, never "no".
    ``second_observer`` marks the record of the second observer of a double-coded contact; the
    analysis of behaviours reads only first observers' records, the reliability both.
    """

    contact_code: str
    observer: str
    second_observer: bool
    site: str
    channel: str
    day: datetime.date
    officer: str
    client_sex: str
    client_sex_basis: str
    answers: Mapping[str, str]

    def answer(self, item: str) -> str | None:
        """ "yes", "no", or None where the item does not apply."""
        return self.answers.get(item)

    @property
    def sort_key(self) -> tuple[str, bool, str]:
        return (self.contact_code, self.second_observer, self.observer)
