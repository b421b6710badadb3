"""The communicators' pages about Om Sverige's channels: the visits dashboard and its CSV file.

Reading summed, anonymous visit counts reads no one's data, so nothing here is audited. The sums
are in :mod:`lika.newcomer_info.dashboard`; these views parse the choices and render.
"""

from __future__ import annotations

import datetime
from typing import Any

from django import forms
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from lika.accounts.access import StaffRequest, staff_view
from lika.core import clock
from lika.core.charts import spec_svg
from lika.core.formats import csv_file
from lika.newcomer_info.dashboard import (
    MAX_PERIODS,
    Breakdown,
    Grouping,
    VisitQuery,
    VisitReport,
    chart_spec,
    default_period,
    language_labels,
    period_count,
    report_caption,
    report_description,
    report_lines,
    visit_report,
)
from lika.newcomer_info.models import Channel, ChannelKind, ChannelVisitDay

PERMISSION = "newcomer_info.view_channelvisitday"
DESCRIPTION_ID = "visits-chart-description"


class VisitQueryForm(forms.Form):
    """The dashboard's choices. A GET form: choosing changes nothing."""

    start = forms.DateField(label=gettext_lazy("From"), widget=forms.DateInput(attrs={"type": "date"}))
    end = forms.DateField(label=gettext_lazy("To"), widget=forms.DateInput(attrs={"type": "date"}))
    grouping = forms.ChoiceField(label=gettext_lazy("Group the days by"), choices=Grouping.choices)
    breakdown = forms.ChoiceField(label=gettext_lazy("Show visits by"), choices=Breakdown.choices)
    kind = forms.ChoiceField(label=gettext_lazy("Kind of channel"), required=False)
    channel = forms.TypedChoiceField(label=gettext_lazy("Channel"), required=False, coerce=int, empty_value=None)
    landing_page = forms.ChoiceField(label=gettext_lazy("Landing page"), required=False)
    language = forms.ChoiceField(label=gettext_lazy("Language"), required=False)

    def __init__(self, data: Any, *, channels: list[Channel], landing_pages: list[str], today: datetime.date) -> None:
        start, end = default_period(today)
        initial = {"start": start, "end": end, "grouping": Grouping.WEEK, "breakdown": Breakdown.CHANNEL}
        # A link without choices shows the defaults; a link with some takes the defaults for the rest.
        if data:
            data = data.copy()
            for name, value in initial.items():
                if not data.get(name):
                    data[name] = value.isoformat() if isinstance(value, datetime.date) else value
        super().__init__(data or None, initial=initial)
        everything = [("", _("All"))]
        self.fields["kind"].choices = everything + list(ChannelKind.choices)  # type: ignore[attr-defined]
        self.fields["channel"].choices = everything + [  # type: ignore[attr-defined]
            (c.pk, f"{c.name} ({c.code})") for c in channels
        ]
        self.fields["landing_page"].choices = everything + [(p, p) for p in landing_pages]  # type: ignore[attr-defined]
        self.fields["language"].choices = everything + list(language_labels().items())  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        start, end, grouping = cleaned.get("start"), cleaned.get("end"), cleaned.get("grouping")
        if start and end and end < start:
            self.add_error(
                "end",
                _("The last day comes before the first day. Choose a last day on or after %(start)s.")
                % {"start": start.isoformat()},
            )
        elif start and end and grouping and period_count(start, end, Grouping(grouping)) > MAX_PERIODS:
            self.add_error(
                "grouping",
                _("This period has more than %(max)s %(grouping)s. Group by week or month, or choose a shorter period.")
                % {"max": MAX_PERIODS, "grouping": _("days") if grouping == Grouping.DAY else _("weeks")},
            )
        return cleaned

    def query(self) -> VisitQuery:
        """The choices of a valid form, or the defaults of an unbound one."""
        if not self.is_bound:
            return VisitQuery(start=self.initial["start"], end=self.initial["end"])
        data = self.cleaned_data
        return VisitQuery(
            start=data["start"],
            end=data["end"],
            grouping=Grouping(data["grouping"]),
            breakdown=Breakdown(data["breakdown"]),
            kind=data["kind"],
            channel_id=data["channel"],
            landing_page=data["landing_page"],
            language=data["language"],
        )

    def filter_labels(self) -> list[tuple[str, str]]:
        """The filters chosen, as label and value, for the file's header."""
        if not self.is_bound or not self.is_valid():
            return []
        chosen = []
        for name in ("kind", "channel", "landing_page", "language"):
            value = self.cleaned_data[name]
            if value not in ("", None):
                field = self.fields[name]
                names = {str(code): label for code, label in field.choices}  # type: ignore[attr-defined]
                chosen.append((str(field.label), str(names.get(str(value), value))))
        return chosen


def _choices(request: HttpRequest) -> tuple[VisitQueryForm, list[Channel]]:
    channels = list(Channel.objects.order_by("kind", "code"))
    landing_pages = list(
        ChannelVisitDay.objects.values_list("landing_page", flat=True).distinct().order_by("landing_page")
    )
    form = VisitQueryForm(request.GET, channels=channels, landing_pages=landing_pages, today=clock.today())
    return form, channels


@staff_view(PERMISSION)
def visits_dashboard(request: StaffRequest) -> HttpResponse:
    """Visits over time by the chosen breakdown: a chart, its description, the same numbers as a table, the channels."""
    form, channels = _choices(request)
    invalid = form.is_bound and not form.is_valid()
    report: VisitReport | None = None if invalid else visit_report(form.query(), channels)
    query = request.GET.urlencode()
    csv_url = reverse("om_sverige_visits:export_csv")
    context = {
        "form": form,
        "report": report,
        "rows": report.rows() if report else [],
        "series_totals": [report.series_total(s.code) for s in report.series] if report else [],
        "chart": spec_svg(chart_spec(report), labelled_by=DESCRIPTION_ID) if report and report.total else "",
        "description": report_description(report) if report else "",
        "caption": report_caption(report) if report else "",
        "description_id": DESCRIPTION_ID,
        "csv_url": f"{csv_url}?{query}" if query else csv_url,
        "channels": [(c, request.build_absolute_uri(c.short_path)) for c in channels],
    }
    return render(request, "newcomer_info/staff/visits.html", context, status=400 if invalid else 200)


@staff_view(PERMISSION)
def visits_csv(request: StaffRequest) -> HttpResponse:
    """The dashboard's table as CSV; choices that cannot be run answer 400 with the page's explanation."""
    form, channels = _choices(request)
    if form.is_bound and not form.is_valid():
        errors = "; ".join(
            f"{form.fields[name].label if name in form.fields else _('Choices')}: {' '.join(str(m) for m in messages)}"
            for name, messages in form.errors.items()
        )
        return HttpResponse(errors, status=400, content_type="text/plain; charset=utf-8")
    report = visit_report(form.query(), channels)
    today = clock.today()
    content = csv_file(report_lines(report, filters=form.filter_labels(), today=today))
    response = HttpResponse(content, content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="lika-om-sverige-visits-{today.isoformat()}.csv"'
    return response
