"""The analysts' dashboard: the indicator catalogue, one indicator's chart and tables, and their exports.

Reading published aggregates is not reading personal data, so nothing here is audited. The work
is in :mod:`lika.followup.indicators.dashboard` (the cached run) and :mod:`lika.followup.indicators.tables`
(the published tables); these views parse the choices and render.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import formats
from django.utils.translation import gettext as _

from lika.accounts.access import StaffRequest, staff_view
from lika.core.disclosure import disclosure_rules
from lika.followup.facts.record import previous_rebuild
from lika.followup.indicators.catalogue import BY_CODE, CATALOGUE, Indicator
from lika.followup.indicators.charts import chart_svg
from lika.followup.indicators.dashboard import (
    Freshness,
    dashboard_for,
    indicator_freshness,
    published_years,
)
from lika.followup.indicators.engines import FactsMissingError, engine_default
from lika.followup.indicators.exports import csv_export, export_file_name, xlsx_export
from lika.followup.indicators.forms import IndicatorQueryForm
from lika.followup.indicators.tables import Dashboard, kind_labels
from lika.followup.indicators.training_effect import BEHAVIOUR_LABELS, TrainingEffect, training_effect
from lika.followup.models import FactTrainingExposure

PERMISSION = "followup.view_indicators"
DESCRIPTION_ID = "chart-description"


def _indicator(code: str) -> Indicator:
    indicator = BY_CODE.get(code)
    if indicator is None:
        raise Http404(_("There is no indicator called %(code)s.") % {"code": code})
    return indicator


@staff_view(PERMISSION)
def catalogue(request: StaffRequest) -> HttpResponse:
    freshness = indicator_freshness(CATALOGUE)
    kinds = kind_labels()
    rebuilt = max((f.rebuilt for f in freshness.values() if f.rebuilt), default=None)
    entries = [(indicator, kinds[indicator.kind], freshness[indicator.code]) for indicator in CATALOGUE]
    return render(request, "followup/indicators/catalogue.html", {"entries": entries, "rebuilt": rebuilt})


@dataclass(frozen=True)
class _Outcome:
    form: IndicatorQueryForm | None
    dashboard: Dashboard | None
    problem: str | None  # why there are no figures to show


def _outcome(request: HttpRequest, indicator: Indicator) -> _Outcome:
    """The reader's choices and, when they are valid and the facts are there, the published figures."""
    engine = engine_default()
    try:
        years = published_years(indicator, engine=engine, rules=disclosure_rules())
    except FactsMissingError as error:
        return _Outcome(None, None, str(error))
    form = IndicatorQueryForm(request.GET, indicator=indicator, years=years)
    if form.is_bound and not form.is_valid():
        return _Outcome(form, None, None)
    if not years:
        return _Outcome(form, None, _("There are no figures for this indicator yet."))
    query = form.query()
    try:
        dashboard = dashboard_for(indicator, query, engine=engine)
    except FactsMissingError as error:
        return _Outcome(form, None, str(error))
    return _Outcome(form, dashboard, None)


@staff_view(PERMISSION)
def indicator_page(request: StaffRequest, code: str) -> HttpResponse:
    indicator = _indicator(code)
    outcome = _outcome(request, indicator)
    freshness = indicator_freshness([indicator])[indicator.code]
    query = request.GET.urlencode()
    context = {
        "indicator": indicator,
        "kind": kind_labels()[indicator.kind],
        "freshness": freshness,
        "form": outcome.form,
        "dashboard": outcome.dashboard,
        "problem": outcome.problem,
        "chart": chart_svg(outcome.dashboard.result, labelled_by=DESCRIPTION_ID) if outcome.dashboard else "",
        "description_id": DESCRIPTION_ID,
        "csv_url": _export_url("indicators:export_csv", indicator, query),
        "xlsx_url": _export_url("indicators:export_xlsx", indicator, query),
    }
    invalid = outcome.form is not None and outcome.form.is_bound and not outcome.form.is_valid()
    return render(request, "followup/indicators/indicator.html", context, status=400 if invalid else 200)


def _export_url(name: str, indicator: Indicator, query: str) -> str:
    url = reverse(name, kwargs={"code": indicator.code})
    return f"{url}?{query}" if query else url


def _export(request: HttpRequest, code: str, extension: str) -> HttpResponseBase:
    indicator = _indicator(code)
    outcome = _outcome(request, indicator)
    if outcome.dashboard is None:
        # The page says what is wrong: the choices, or facts not built yet.
        page = reverse("indicators:indicator", kwargs={"code": indicator.code})
        query = request.GET.urlencode()
        return redirect(f"{page}?{query}" if query else page)
    freshness: Freshness = indicator_freshness([indicator])[indicator.code]
    if extension == "csv":
        content, content_type = csv_export(outcome.dashboard, freshness), "text/csv; charset=utf-8"
    else:
        content = xlsx_export(outcome.dashboard, freshness)
        content_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{export_file_name(outcome.dashboard, extension)}"'
    return response


@staff_view(PERMISSION)
def export_csv(request: StaffRequest, code: str) -> HttpResponseBase:
    return _export(request, code, "csv")


@staff_view(PERMISSION)
def export_xlsx(request: StaffRequest, code: str) -> HttpResponseBase:
    return _export(request, code, "xlsx")


# --- does training make treatment more equal? ----------------------------------------------------


@staff_view(PERMISSION)
def training_effect_page(request: StaffRequest) -> HttpResponse:
    """The units' share of staff trained between the last two surveys, and the triple difference."""
    indicator = training_effect(rules=disclosure_rules())
    rebuild = previous_rebuild(FactTrainingExposure)
    context = {
        "indicator": indicator,
        "effect_text": effect_text(indicator),
        "behaviour_label": BEHAVIOUR_LABELS.get(indicator.behaviour, indicator.behaviour),
        "rebuild": rebuild,
    }
    return render(request, "followup/indicators/training_effect.html", context)


def _points(value: float) -> str:
    return formats.number_format(round(100 * value, 1), 1)


def effect_text(indicator: TrainingEffect) -> str:
    """The indicator in a sentence: the estimate and its interval, or why it cannot be estimated."""
    effect = indicator.effect
    if effect is None:
        return _(
            "Not estimable: this needs two treatment surveys with observations, one before and one after the training."
        )
    if effect.reason == "too_few_officers":
        return _("Not estimable: too few officers were observed in the trained or the untrained units.")
    if effect.estimate is None or effect.low is None or effect.high is None:
        return _("Not estimable: too few women or men were observed in the trained or the untrained units.")
    return _(
        "In units that trained, the gap between men and women changed by %(estimate)s percentage points more than "
        "in units that did not (95 %% interval %(low)s to %(high)s). A negative number means the gap narrowed more "
        "where staff trained."
    ) % {"estimate": _points(effect.estimate), "low": _points(effect.low), "high": _points(effect.high)}
