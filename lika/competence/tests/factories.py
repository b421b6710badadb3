"""The organisation the competence tests share (built by the ``org`` fixture in conftest)."""

from __future__ import annotations

from dataclasses import dataclass

from lika.accounts.models import User
from lika.competence.models import Activity, Area, Unit


@dataclass
class Organisation:
    admin: User
    facilitator: User
    manager: User
    other_manager: User
    staff: User
    unit: Unit
    areas: list[Area]
    lgbtqi_asylum: Activity
    racism_elearning: Activity
    telephone: Activity
