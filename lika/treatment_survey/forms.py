"""Forms of the treatment-survey screens. They parse input; the services decide."""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

from django import forms
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from lika.treatment_survey.models import Site, Slot, Survey
from lika.treatment_survey.protocol.definition import CHANNELS, CONTACT_ITEMS, Item, ItemKind, channel_label

_DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
_TIME = forms.TimeInput(attrs={"type": "time"}, format="%H:%M")
_DATE_HELP = _("For example 2026-09-14.")


def _language() -> str:
    return get_language() or "sv"


def channel_choices(codes: list[str] | tuple[str, ...] | None = None) -> list[tuple[str, str]]:
    """The protocol's channels (or those in ``codes``) with their names in the current language."""
    return [
        (choice.value, choice.label.get(_language())) for choice in CHANNELS if codes is None or choice.value in codes
    ]


class ReasonForm(forms.Form):
    """Every change in Lika says why; the reason is kept in the audit trail."""

    reason = forms.CharField(
        label=_("Why you make this change"),
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Kept in the audit trail."),
    )


class RulesForm(ReasonForm):
    """The rules fixed before fieldwork: reliability pass mark, double coding, protection."""

    pass_mark = forms.DecimalField(
        label=_("Reliability pass mark (Krippendorff's alpha)"),
        min_value=Decimal("0.5"),
        max_value=Decimal("1"),
        decimal_places=3,
        initial=Decimal("0.800"),
        help_text=_(
            "Items below it are flagged wherever results are shown. 0.8 is usual; 0.667 the least for tentative results."
        ),
        widget=forms.NumberInput(attrs={"step": "0.001", "inputmode": "decimal"}),
    )
    double_coded_share = forms.DecimalField(
        label=_("Share of slots observed by two observers"),
        min_value=Decimal("0"),
        max_value=Decimal("0.5"),
        decimal_places=3,
        initial=Decimal("0.100"),
        help_text=_("For example 0.1 for ten per cent."),
        widget=forms.NumberInput(attrs={"step": "0.01", "inputmode": "decimal"}),
    )
    min_officers = forms.IntegerField(
        label=_("Fewest different officers behind a figure"),
        min_value=2,
        initial=5,
        help_text=_("A figure resting on fewer officers is not shown, so that no result points at one officer."),
    )
    min_contacts = forms.IntegerField(label=_("Fewest contacts behind a figure"), min_value=5, initial=20)

    field_order = ("pass_mark", "double_coded_share", "min_officers", "min_contacts", "reason")


class SurveyForm(RulesForm):
    name = forms.CharField(label=_("Name"), max_length=200, help_text=_("For example: Embassies, autumn 2026."))
    first_day = forms.DateField(label=_("First day of fieldwork"), widget=_DATE, help_text=_DATE_HELP)
    last_day = forms.DateField(label=_("Last day of fieldwork"), widget=_DATE, help_text=_DATE_HELP)
    channels = forms.MultipleChoiceField(label=_("Channels"), widget=forms.CheckboxSelectMultiple)

    field_order = (  # type: ignore[assignment]
        "name",
        "first_day",
        "last_day",
        "channels",
        "pass_mark",
        "double_coded_share",
        "min_officers",
        "min_contacts",
        "reason",
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["channels"].choices = channel_choices()  # type: ignore[attr-defined]


class SiteForm(ReasonForm):
    code = forms.CharField(
        label=_("Code"), max_length=16, help_text=_("Capital letters, digits and hyphens, for example MALMO.")
    )
    name = forms.CharField(label=_("Name"), max_length=120)
    channels = forms.MultipleChoiceField(label=_("Channels observed here"), widget=forms.CheckboxSelectMultiple)

    field_order = ("code", "name", "channels", "reason")

    def __init__(self, *args: Any, survey: Survey, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["channels"].choices = channel_choices(survey.channels)  # type: ignore[attr-defined]


class ObserverForm(ReasonForm):
    code = forms.CharField(
        label=_("Observer code"), max_length=16, help_text=_("For example OBS-1. It goes on the forms.")
    )
    username = forms.CharField(
        label=_("Login (optional)"),
        max_length=150,
        required=False,
        help_text=_(
            "The user name of an observer who records in Lika. Leave empty for one who uses ODK or KoboToolbox."
        ),
    )

    field_order = ("code", "username", "reason")


class OfficerCodesForm(ReasonForm):
    count = forms.IntegerField(
        label=_("Number of new officer codes"),
        min_value=1,
        max_value=1000,
        help_text=_(
            "One for each officer who may be observed. Hand them out yourself and keep the key away from the data."
        ),
    )

    field_order = ("count", "reason")


class SamplingPlanForm(ReasonForm):
    """Slots to draw per site and channel, and the opening hours they are drawn from."""

    opens = forms.TimeField(label=_("Opens"), widget=_TIME, initial=datetime.time(9))
    closes = forms.TimeField(label=_("Closes"), widget=_TIME, initial=datetime.time(16))
    minutes = forms.IntegerField(label=_("Minutes per slot"), min_value=5, max_value=480, initial=60)

    def __init__(self, *args: Any, sites: list[Site], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.strata: list[tuple[str, Site, str]] = []
        for site in sites:
            for channel in site.channels:
                name = f"slots_{site.pk}_{channel}"
                self.fields[name] = forms.IntegerField(
                    label=_("Slots at %(site)s, %(channel)s")
                    % {"site": site.name, "channel": channel_label(channel, _language())},
                    min_value=0,
                    max_value=2000,
                    initial=0,
                    required=False,
                )
                self.strata.append((name, site, channel))
        self.order_fields([name for name, _site, _channel in self.strata] + ["opens", "closes", "minutes", "reason"])


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files in one field (an ODK export is two CSV files)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("widget", MultipleFileInput())
        super().__init__(*args, **kwargs)

    def clean(self, data: Any, initial: Any = None) -> Any:
        single = super().clean
        if isinstance(data, list | tuple):
            return [single(item, initial) for item in data]
        return [single(data, initial)]


class ImportForm(ReasonForm):
    export_files = MultipleFileField(
        label=_("Export files"),
        help_text=_(
            "ODK Central: the two CSV files or the ZIP file. KoboToolbox: the XLSX file with XML values and headers."
        ),
    )

    field_order = ("export_files", "reason")


class SessionForm(forms.Form):
    """Where and when an observer observes: a slot of the plan, or a site, channel and day."""

    slot = forms.TypedChoiceField(label=_("Slot of the sampling plan"), coerce=int, empty_value=None, required=False)
    place = forms.ChoiceField(label=_("Site and channel"), required=False)
    day = forms.DateField(
        label=_("Day"), widget=_DATE, required=False, help_text=_("Not needed when you choose a slot.")
    )

    def __init__(self, *args: Any, survey: Survey, slots: list[Slot], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        language = _language()
        self.fields["slot"].choices = [("", _("No slot"))] + [  # type: ignore[attr-defined]
            (
                slot.pk,
                f"{slot.code} · {slot.day} {slot.start:%H:%M} · {slot.site.name} · {channel_label(slot.channel, language)}",
            )
            for slot in slots
        ]
        self.fields["place"].choices = [("", _("Choose"))] + [  # type: ignore[attr-defined]
            (f"{site.pk}:{channel}", f"{site.name} · {channel_label(channel, language)}")
            for site in survey.sites.all()
            for channel in site.channels
        ]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("slot") is None and not (data.get("place") and data.get("day")):
            raise forms.ValidationError(_("Choose a slot, or a site and channel and a day."))
        return data


def _item_field(item: Item, language: str) -> forms.Field:
    label = item.label.get(language)
    help_text = item.definition.get(language)
    if item.kind in (ItemKind.YES_NO, ItemKind.CHOICE):
        choices: list[tuple[str, str]]
        if item.kind is ItemKind.YES_NO:
            choices = [("yes", str(_("Yes"))), ("no", str(_("No")))]
        else:
            choices = [(choice.value, choice.label.get(language)) for choice in item.choices]
        return forms.ChoiceField(
            label=label, help_text=help_text, choices=choices, widget=forms.RadioSelect, required=False
        )
    return forms.CharField(
        label=label,
        help_text=help_text,
        max_length=16,
        required=False,
        widget=forms.TextInput(attrs={"autocapitalize": "characters", "autocomplete": "off", "spellcheck": "false"}),
    )


class ObservationForm(forms.Form):
    """One contact, with only the items that can apply in the session's channel.

    Items that depend on an earlier answer (told why the officer left, only when they left) carry
    that dependency for the stylesheet, which hides them once the answer rules them out; the
    service checks it whatever the browser does.
    """

    def __init__(self, *args: Any, channel: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        language = _language()
        self.channel = channel
        self.depends: dict[str, list[str]] = {}
        for item in CONTACT_ITEMS:
            if not item.relevance.possible({"channel": channel}):
                continue
            self.fields[item.name] = _item_field(item, language)
            self.depends[item.name] = sorted(item.relevance.fields() - {"channel"})

    def values(self) -> dict[str, str]:
        """The answers as the service takes them: "" for none, codes in capitals.

        An answer left behind in an item that a later change ruled out (the stylesheet hid it, but
        the browser still sends it) is dropped, never stored.
        """
        values: dict[str, str] = {"channel": self.channel}
        for item in CONTACT_ITEMS:
            if item.name not in self.fields:
                continue
            text = str(self.cleaned_data.get(item.name) or "").strip()
            text = text.upper() if item.name.endswith("_code") else text
            values[item.name] = text if item.applies(values) else ""
        del values["channel"]
        return values


class SampleSizeForm(forms.Form):
    share_women = forms.IntegerField(
        label=_("Expected share among women, per cent"), min_value=1, max_value=99, initial=45
    )
    share_men = forms.IntegerField(label=_("Expected share among men, per cent"), min_value=1, max_value=99, initial=62)
    power = forms.TypedChoiceField(
        label=_("Power"), coerce=float, choices=[("0.8", "80 %"), ("0.9", "90 %")], initial="0.8"
    )
    contacts_per_officer = forms.IntegerField(
        label=_("Contacts per officer"),
        min_value=1,
        max_value=500,
        initial=10,
        help_text=_("How many contacts you expect to observe with each officer."),
    )
    icc = forms.DecimalField(
        label=_("Intra-class correlation"),
        min_value=Decimal("0"),
        max_value=Decimal("1"),
        decimal_places=3,
        initial=Decimal("0.05"),
        help_text=_("How alike one officer's contacts are; 0.02 to 0.1 is common for behaviour."),
        widget=forms.NumberInput(attrs={"step": "0.01", "inputmode": "decimal"}),
    )
    applicable = forms.IntegerField(
        label=_("Share of contacts where the behaviour can occur, per cent"),
        min_value=1,
        max_value=100,
        initial=100,
        help_text=_(
            "For example 30 for 'told why the officer left', which only applies when the officer leaves the call."
        ),
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("share_women") is not None and data.get("share_women") == data.get("share_men"):
            raise forms.ValidationError(_("The two shares are equal; no sample can tell them apart."))
        return data
