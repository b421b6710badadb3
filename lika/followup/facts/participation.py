"""Who takes part in the activities of other actors: early and reception-centre activities, the civic introduction.

The partners part's tables are read through Django's app registry, by name: the follow-up imports nothing
of that part, and builds its activity facts only where the part is installed. Both tables are rebuilt in
full: an enrolment and its attendance change after the offer, and they are few.

The civic-introduction facts gather the two sources of attendance: the sessions recorded in Lika (an
invitation whose attendance has been recorded) and the imported register of sessions run elsewhere.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from typing import Any

from django.apps import apps
from django.db import transaction
from django.db.models import Exists, Model, OuterRef

from lika.core import clock
from lika.core.bulk import model_rows_write
from lika.followup.dimensions import quarter
from lika.followup.facts.population import People
from lika.followup.facts.record import RebuildResult, rebuild_record
from lika.followup.models import CivicIntroductionAttendance, FactActivityParticipation, FactCivicIntroduction

PARTNERS = "lika.partners"


def _full_rebuild(
    table: type[Model], *, as_of: datetime.date, columns: list[str], rows: Iterable[tuple[Any, ...]]
) -> RebuildResult:
    started = clock.now()
    written = list(rows)
    with transaction.atomic():
        table._default_manager.all().delete()
        model_rows_write(table, columns, written)
        return rebuild_record(table, full=True, as_of=as_of, watermark=0, written=len(written), started=started)


def activity_participation_rebuild(*, as_of: datetime.date, people: People) -> RebuildResult | None:
    """One row per person offered an activity up to ``as_of``: enrolled by then, and present at a session by then."""
    if not apps.is_installed(PARTNERS):
        return None
    enrolment = apps.get_model("partners", "Enrolment")
    attendance = apps.get_model("partners", "Attendance")
    came = attendance.objects.filter(enrolment=OuterRef("pk"), present=True, session__day__lte=as_of)
    source = (
        enrolment.objects.filter(offered_on__lte=as_of)
        .annotate(came=Exists(came))
        .order_by("id")
        .values_list(
            "id",
            "activity_id",
            "activity__kind",
            "activity__childcare",
            "offered_on",
            "enrolled_on",
            "came",
            "person_id",
        )
    )

    def rows() -> Iterable[tuple[Any, ...]]:
        for pk, activity_id, kind, childcare, offered, enrolled_on, came_, pid in source:
            sex, group, country = people.demographics(pid, offered)
            enrolled = enrolled_on is not None and enrolled_on <= as_of
            yield (
                pk,
                activity_id,
                kind,
                "yes" if childcare else "no",
                offered,
                offered.year,
                quarter(offered),
                enrolled,
                bool(came_) and enrolled,
                sex,
                group,
                country,
            )

    return _full_rebuild(
        FactActivityParticipation,
        as_of=as_of,
        columns=[
            "enrolment_id",
            "activity_id",
            "activity_kind",
            "childcare",
            "offered_on",
            "year",
            "quarter",
            "enrolled",
            "attended",
            "sex",
            "age_group",
            "country_of_birth",
        ],
        rows=rows(),
    )


def civic_introduction_rebuild(*, as_of: datetime.date, people: People) -> RebuildResult:
    """Everyone called to the civic introduction: recorded in Lika (sessions held by ``as_of``) and from the register."""

    def rows() -> Iterable[tuple[Any, ...]]:
        if apps.is_installed(PARTNERS):
            invitation = apps.get_model("partners", "CivicInvitation")
            for pk, held_on, attended, pid in (
                invitation.objects.filter(session__held_on__lte=as_of, attended__isnull=False)
                .order_by("id")
                .values_list("id", "session__held_on", "attended", "person_id")
            ):
                sex, group, country = people.demographics(pid, held_on)
                yield (pk, "lika", held_on, held_on.year, quarter(held_on), attended, sex, group, country)
        for (
            pk,
            called_on,
            year,
            quarter_,
            attended,
            sex,
            group,
            country,
        ) in CivicIntroductionAttendance.objects.order_by("id").values_list(
            "id", "called_on", "year", "quarter", "attended", "sex", "age_group", "country_of_birth"
        ):
            yield (-pk, "register", called_on, year, quarter_, attended, sex, group, country)

    return _full_rebuild(
        FactCivicIntroduction,
        as_of=as_of,
        columns=[
            "record_key",
            "source",
            "called_on",
            "year",
            "quarter",
            "attended",
            "sex",
            "age_group",
            "country_of_birth",
        ],
        rows=rows(),
    )
