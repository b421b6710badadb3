"""The dashboard's choices: breakdowns, years and intervals. A GET form, since choosing changes nothing."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from lika.followup.indicators.catalogue import DIMENSIONS, TIME, Coverage, Indicator

MAX_BREAKDOWNS = 2
MIN_YEARS = 3  # each year beside at least two earlier ones, where the data go back that far
YES, NO = "yes", "no"


@dataclass(frozen=True)
class Query:
    """What the reader chose; the figures are run for exactly this."""

    breakdown: tuple[str, ...]
    years: tuple[int, ...]
    intervals: bool


def breakdown_choices(indicator: Indicator) -> list[tuple[str, str]]:
    """The dimensions a reader may add: all but year and the sex column, which are always shown."""
    return [(d, str(DIMENSIONS[d].label)) for d in indicator.dimensions if d not in {TIME, indicator.sex}]


class IndicatorQueryForm(forms.Form):
    breakdown = forms.MultipleChoiceField(
        label=_("Break down by"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Choose at most two, so that the table stays readable. Year and sex are always shown."),
    )
    # Choices left out of a link take their defaults: all years, intervals as the coverage suggests.
    first_year = forms.TypedChoiceField(label=_("From year"), coerce=int, required=False, empty_value=None)
    last_year = forms.TypedChoiceField(label=_("To year"), coerce=int, required=False, empty_value=None)
    intervals = forms.TypedChoiceField(
        label=_("Show 95 % intervals"),
        choices=[(YES, _("Yes")), (NO, _("No"))],
        widget=forms.RadioSelect,
        coerce=lambda value: value == YES,
        required=False,
        empty_value=None,
    )

    def __init__(self, data: Any, *, indicator: Indicator, years: Sequence[int]) -> None:
        self.indicator = indicator
        self.available = tuple(sorted(years))
        sample = indicator.coverage == Coverage.SAMPLE
        initial = {
            "breakdown": list(indicator.default_breakdown),
            "first_year": self.available[0] if self.available else None,
            "last_year": self.available[-1] if self.available else None,
            "intervals": YES if sample else NO,
        }
        super().__init__(data or None, initial=initial)
        self.fields["breakdown"].choices = breakdown_choices(indicator)  # type: ignore[attr-defined]
        year_choices = [(year, str(year)) for year in self.available]
        self.fields["first_year"].choices = year_choices  # type: ignore[attr-defined]
        self.fields["last_year"].choices = year_choices  # type: ignore[attr-defined]
        self.fields["intervals"].help_text = (
            _("The figures come from a sample, so intervals are shown unless you turn them off.")
            if sample
            else _("The figures count everyone in a register, so intervals are left out unless you ask for them.")
        )

    def clean_breakdown(self) -> list[str]:
        chosen: list[str] = self.cleaned_data["breakdown"]
        if len(chosen) > MAX_BREAKDOWNS:
            raise forms.ValidationError(_("Choose at most two breakdowns, so that the table stays readable."))
        return chosen

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if not self.available:
            return cleaned
        if cleaned.get("first_year") is None:
            cleaned["first_year"] = self.available[0]
        if cleaned.get("last_year") is None:
            cleaned["last_year"] = self.available[-1]
        if cleaned.get("intervals") is None:
            cleaned["intervals"] = self.indicator.coverage == Coverage.SAMPLE
        first, last = cleaned["first_year"], cleaned["last_year"]
        if first > last:
            self.add_error("last_year", _("The last year cannot come before the first."))
            return cleaned
        chosen = [year for year in self.available if first <= year <= last]
        needed = min(MIN_YEARS, len(self.available))
        if len(chosen) < needed:
            self.add_error(
                "first_year",
                _("Choose at least %(count)s years with figures, so that each year is seen beside earlier ones.")
                % {"count": needed},
            )
        return cleaned

    def query(self) -> Query:
        """The reader's choices: the cleaned ones, or the defaults when nothing was sent."""
        if not self.is_bound:
            return Query(
                tuple(self.indicator.default_breakdown), self.available, self.indicator.coverage == Coverage.SAMPLE
            )
        if not self.is_valid():
            raise ValueError("An invalid form has no query.")
        first, last = self.cleaned_data["first_year"], self.cleaned_data["last_year"]
        ordered = tuple(d for d, _label in breakdown_choices(self.indicator) if d in self.cleaned_data["breakdown"])
        return Query(
            breakdown=ordered,
            years=tuple(year for year in self.available if first <= year <= last),
            intervals=self.cleaned_data["intervals"],
        )
