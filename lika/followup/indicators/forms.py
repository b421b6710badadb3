"""The dashboard's choices: breakdowns, years and intervals. A GET form, since choosing changes nothing."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from lika.followup.indicators.catalogue import DIMENSIONS, Coverage, Indicator

MIN_YEARS = 3  # each year beside at least two earlier ones, where the data go back that far
YES, NO = "yes", "no"
SEPARATOR = ","


@dataclass(frozen=True)
class Query:
    """What the reader chose; the figures are run for exactly this."""

    breakdown: tuple[str, ...]
    years: tuple[int, ...]
    intervals: bool


def breakdown_value(dims: Sequence[str]) -> str:
    """How a breakdown is written in a link: its dimensions joined by commas ("" for year and sex only)."""
    return SEPARATOR.join(dims)


def breakdown_choices(indicator: Indicator) -> list[tuple[str, str]]:
    """The published tables a reader may choose: year and sex only, each breakdown alone, and the declared pairs."""
    choices = []
    for table in indicator.published_tables():
        label = (
            " × ".join(str(DIMENSIONS[d].label) for d in table)
            if table
            else str(_("None: year and sex only") if indicator.sex else _("None: year only"))
        )
        choices.append((breakdown_value(table), label))
    for pair in indicator.free_pairs():
        label = " × ".join(str(DIMENSIONS[d].label) for d in pair)
        choices.append((breakdown_value(pair), str(_("%(pair)s (every figure changed slightly)") % {"pair": label})))
    return choices


class IndicatorQueryForm(forms.Form):
    breakdown = forms.ChoiceField(
        label=_("Break down by"),
        required=False,
        widget=forms.RadioSelect,
        help_text=_(
            "Year and sex are always shown. The breakdowns offered are those published: small groups are "
            "gathered (the largest countries, then other countries; age in bands), so that few figures are hidden."
        ),
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
        if data and "breakdown" in data:
            # "b,a", and a link with one value per dimension (breakdown=a&breakdown=b), mean the same as "a,b".
            values = data.getlist("breakdown") if hasattr(data, "getlist") else [data["breakdown"]]
            parts = [part for value in values for part in str(value).split(SEPARATOR) if part]
            order = {d: place for place, d in enumerate(indicator.dimensions)}
            data = data.copy()
            joined = SEPARATOR.join(sorted(parts, key=lambda d: (order.get(d, len(order)), d)))
            if hasattr(data, "setlist"):
                data.setlist("breakdown", [joined])
            else:
                data["breakdown"] = joined
        initial = {
            "breakdown": breakdown_value(indicator.default_breakdown),
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

    def clean_breakdown(self) -> tuple[str, ...]:
        chosen: str = self.cleaned_data["breakdown"] or ""
        return tuple(self._ordered(part for part in chosen.split(SEPARATOR) if part))

    def _ordered(self, dims: Iterable[str]) -> list[str]:
        wanted = set(dims)
        return [d for d in self.indicator.dimensions if d in wanted]

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
        return Query(
            breakdown=self.cleaned_data["breakdown"],
            years=tuple(year for year in self.available if first <= year <= last),
            intervals=self.cleaned_data["intervals"],
        )
