"""The treatment surveys of a year, as the yearly report summarises them.

The survey part's own report (:mod:`lika.treatment_survey.report`) does the analysis and its
protection; the yearly report takes its main findings and, for each behaviour, the row of all channels
together: the share among women, among men and the difference.
"""

from __future__ import annotations

from typing import Any

from django.utils import formats, translation
from django.utils.translation import gettext as _

from lika.documents.layouts import Table
from lika.treatment_survey.models import Survey
from lika.treatment_survey.report import report_build
from lika.treatment_survey.selectors import survey_analysis


def surveys_of_year(year: int, language: str) -> list[dict[str, Any]]:
    """Each survey that ended in ``year``: title, period, main findings and a table of its behaviours."""
    found = []
    with translation.override(language):
        for survey in Survey.objects.filter(last_day__year=year).order_by("last_day", "id"):
            built = report_build(survey, survey_analysis(survey), language)
            table: Table = {
                "caption": _("%(survey)s: each behaviour, all channels together") % {"survey": survey.name},
                "columns": [_("Behaviour"), _("Women"), _("Men"), _("Difference women − men, percentage points")],
                "rows": [
                    [behaviour.title, behaviour.rows[0].women, behaviour.rows[0].men, behaviour.rows[0].difference]
                    for behaviour in built.behaviours
                    if behaviour.rows
                ],
                "widths": ["1.3fr", "1fr", "1fr", "1fr"],
            }
            found.append(
                {
                    "title": survey.name,
                    "period": _("%(first)s to %(last)s")
                    % {
                        "first": formats.date_format(survey.first_day, "SHORT_DATE_FORMAT"),
                        "last": formats.date_format(survey.last_day, "SHORT_DATE_FORMAT"),
                    },
                    "summary": list(built.summary),
                    "table": table,
                }
            )
    return found
