"""Rebuilds the fact tables from the registry, the allowance, the channel counter, the partners part, and the
competence and treatment-survey parts: ``lika followup-rebuild``.

Each builder reads the operational tables (never a view), writes its fact table inside one
transaction and records a :class:`FactRebuild`. Where the source rows are written once and never
changed — permit decisions, card exceptions, paid payments — only the source rows not yet in the fact
table are added (incremental). They are found by their id in the fact table, not by a watermark: an
id is handed out when a row is inserted and a ``paid_at`` when a payment is marked, but either can
become visible only later, when its transaction commits, so a watermark would skip it for good;
allowance months are rebuilt for the months whose decisions changed, channel visits from the day of
the previous rebuild, and the census of persons and households (31 December of each year, or the
rebuild day for the current year) in full, because a late registration can change any past year.

Every row takes the person's breakdowns as they were on the fact's reference day: age group on
that day, the ground of the latest permit application up to it, the household type on it.

Each fact table has its own module beside this one; this one runs them in order and shares one
reading of the persons (:class:`~lika.followup.facts.population.People`) between them.
"""

from __future__ import annotations

import datetime

from lika.followup.facts.allowance_months import allowance_months_rebuild
from lika.followup.facts.card_exceptions import card_exceptions_rebuild
from lika.followup.facts.census import census_rebuild
from lika.followup.facts.channel_visits import channel_visits_rebuild
from lika.followup.facts.participation import activity_participation_rebuild, civic_introduction_rebuild
from lika.followup.facts.payments import payments_rebuild
from lika.followup.facts.permit_conversations import permit_conversations_rebuild
from lika.followup.facts.permit_decisions import permit_decisions_rebuild
from lika.followup.facts.population import People
from lika.followup.facts.record import RebuildResult
from lika.followup.facts.training import training_rebuild

__all__ = ["RebuildResult", "facts_rebuild"]


def facts_rebuild(*, as_of: datetime.date, full: bool = False) -> list[RebuildResult]:
    """Rebuilds every fact table (incrementally where the data allow, in full when ``full``)."""
    people = People()
    results = census_rebuild(as_of=as_of, people=people)
    results.append(allowance_months_rebuild(as_of=as_of, people=people, full=full))
    results.append(payments_rebuild(as_of=as_of, people=people, full=full))
    results.append(card_exceptions_rebuild(as_of=as_of, people=people, full=full))
    results.append(permit_decisions_rebuild(as_of=as_of, people=people, full=full))
    results.append(permit_conversations_rebuild(as_of=as_of, people=people, full=full))
    visits = channel_visits_rebuild(as_of=as_of, full=full)
    if visits is not None:
        results.append(visits)
    activities = activity_participation_rebuild(as_of=as_of, people=people)
    if activities is not None:
        results.append(activities)
    results.append(civic_introduction_rebuild(as_of=as_of, people=people))
    results.extend(training_rebuild(as_of=as_of))
    return results
