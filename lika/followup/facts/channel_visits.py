"""The channel-visit facts: Om Sverige's counter of visits per day, channel, landing page and language.

The counter's table is read through Django's app registry, by name: the follow-up imports nothing
of newcomer_info, and builds no visit facts where that part is not installed.
"""

from __future__ import annotations

import datetime

from django.apps import apps
from django.db import transaction
from django.utils import timezone

from lika.core import clock
from lika.core.bulk import model_rows_write
from lika.followup.dimensions import quarter
from lika.followup.facts.record import RebuildResult, previous_rebuild, rebuild_record
from lika.followup.models import FactChannelVisit


def channel_visits_rebuild(*, as_of: datetime.date, full: bool = False) -> RebuildResult | None:
    """The counter's daily aggregates, from the day of the previous rebuild on (a day's count grows until it ends)."""
    if not apps.is_installed("lika.newcomer_info"):
        return None
    visit_day = apps.get_model("newcomer_info", "ChannelVisitDay")
    started = clock.now()
    previous = None if full else previous_rebuild(FactChannelVisit)
    # From the day the previous rebuild ran, or the day it covered if that was earlier: a rebuild run
    # by hand for a later day had not seen the rest of its own day.
    since = min(previous.as_of, timezone.localdate(previous.started_at)) if previous else datetime.date.min
    rows = [
        (day, day.year, quarter(day), code, kind, landing, language, visits)
        for day, code, kind, landing, language, visits in visit_day.objects.filter(day__gte=since, day__lte=as_of)
        .order_by("day", "channel__code", "landing_page", "language")
        .values_list("day", "channel__code", "channel__kind", "landing_page", "language", "visits")
    ]
    with transaction.atomic():
        if previous is None:
            FactChannelVisit.objects.all().delete()
        else:
            FactChannelVisit.objects.filter(day__gte=since).delete()
        model_rows_write(
            FactChannelVisit,
            ["day", "year", "quarter", "channel", "channel_kind", "landing_page", "language", "visits"],
            rows,
        )
        return rebuild_record(
            FactChannelVisit, full=previous is None, as_of=as_of, watermark=0, written=len(rows), started=started
        )
