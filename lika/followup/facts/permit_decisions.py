"""The permit-decision facts: every decision on a residence permit, by the applicant's sex and the ground."""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from typing import Any

from lika.followup.dimensions import quarter
from lika.followup.facts.population import People
from lika.followup.facts.record import RebuildResult, by_id_rebuild, not_in_facts
from lika.followup.models import NONE, FactPermitDecision
from lika.people.models import PermitDecision


def permit_decisions_rebuild(*, as_of: datetime.date, people: People, full: bool = False) -> RebuildResult:
    """Permit decisions; only those not yet in the fact table unless ``full`` (a decision is written once)."""

    def source(new_only: bool) -> Iterable[tuple[Any, ...]]:
        decisions = PermitDecision.objects.all()
        if new_only:
            decisions = not_in_facts(decisions, FactPermitDecision, "decision_id")
        for decision_id, decided, outcome, kind, ground, pid in decisions.order_by("id").values_list(
            "id", "decided_on", "outcome", "permit_kind", "application__ground", "application__person_id"
        ):
            sex, group, country = people.demographics(pid, decided)
            yield (
                decision_id,
                decided,
                decided.year,
                quarter(decided),
                outcome,
                kind or NONE,
                ground,
                sex,
                group,
                country,
            )

    return by_id_rebuild(
        FactPermitDecision,
        as_of=as_of,
        full=full,
        source=source,
        columns=[
            "decision_id",
            "decided_on",
            "year",
            "quarter",
            "outcome",
            "permit_kind",
            "ground",
            "sex",
            "age_group",
            "country_of_birth",
        ],
    )
