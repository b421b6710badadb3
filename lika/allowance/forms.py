"""Forms of the case officers' allowance screens. They parse input; the services decide."""

from __future__ import annotations

import decimal
from typing import Any, cast

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from lika.allowance.models import ExceptionKind, ExceptionReason, PaymentStatus, ReductionGround
from lika.allowance.rules.month import Month
from lika.allowance.rules.parameters import parameters_load

_DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
_DATE_HELP = _("For example 2026-12-01.")


class MonthField(forms.CharField):
    """A calendar month written YYYY-MM, cleaned to a :class:`Month`."""

    widget = forms.TextInput(attrs={"type": "month", "inputmode": "numeric"})

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("max_length", 7)
        kwargs.setdefault("help_text", _("Year and month, for example 2026-12."))
        super().__init__(**kwargs)

    def clean(self, value: Any) -> Month | None:
        text = super().clean(value)
        if not text:
            return None
        try:
            month = Month.parse(text)
        except ValueError as error:
            raise ValidationError(_("Write the month as year and month, for example 2026-12."), code="month") from error
        first_day = parameters_load().versions[0].valid_from
        if month.first < first_day:
            raise ValidationError(
                _("Lika has the allowance's rules from %(month)s on.") % {"month": f"{first_day:%Y-%m}"},
                code="month_without_rules",
            )
        return month

    def prepare_value(self, value: Any) -> Any:
        return str(value) if isinstance(value, Month) else value


class ReasonForm(forms.Form):
    """Every change in Lika says why; the reason is kept in the audit trail."""

    reason = forms.CharField(
        label=_("Why you make this change"),
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Kept in the audit trail."),
    )


class MonthChoiceForm(forms.Form):
    month = MonthField(label=_("Month"))


class DecisionsIssueForm(ReasonForm):
    month = MonthField(label=_("Month"), widget=forms.HiddenInput)


class MonthDecisionsIssueForm(ReasonForm):
    """Every household's decisions for a month, issued by a job in the background."""

    month = MonthField(label=_("Month"))
    field_order = ("month", "reason")


class AccountField(forms.CharField):
    """An account's IBAN as typed, spaces and all; the card services check it and say what is wrong."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("label", _("Account (IBAN)"))
        kwargs.setdefault("required", False)
        # An IBAN has at most 34 characters; room is left for the spaces people type between groups of four.
        kwargs.setdefault("max_length", 50)
        kwargs.setdefault("help_text", _("A Swedish IBAN is SE followed by 22 digits. Spaces do not matter."))
        # An IBAN reads left to right in every language, also on an Arabic or Persian page.
        kwargs.setdefault("widget", forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false", "dir": "ltr"}))
        super().__init__(**kwargs)


class CardOrderForm(ReasonForm):
    """Orders an own card. The officer enters the account, or chooses that the card issuer supplies it."""

    account_iban = AccountField()
    account_from_issuer = forms.BooleanField(
        label=_("The card issuer supplies the account"),
        required=False,
        help_text=_("Leave the IBAN empty. Until the account is recorded, payments to the card are held, not lost."),
    )

    field_order = ("account_iban", "account_from_issuer", "reason")


class CardAccountForm(ReasonForm):
    """Records the account of a card ordered without one, when the card issuer reports it."""

    account_iban = AccountField()

    field_order = ("account_iban", "reason")


class CardChangeForm(ReasonForm):
    """Activate, block or replace a card; the button pressed says which."""

    ACTIONS = (("activate", _("Activate")), ("block", _("Block")), ("replace", _("Replace")))

    action = forms.ChoiceField(label=_("Change"), choices=ACTIONS, widget=forms.HiddenInput)


class CardExceptionForm(ReasonForm):
    """Pays the person on another adult's card: an officer's recorded choice from a closed list of reasons."""

    kind = forms.ChoiceField(label=_("Kind of exception"), choices=ExceptionKind.choices, widget=forms.RadioSelect)
    card = forms.TypedChoiceField(label=_("Paid to card"), coerce=int, empty_value=None)
    reason_code = forms.ChoiceField(
        label=_("Ground for the exception"), choices=ExceptionReason.choices, widget=forms.RadioSelect
    )
    start_date = forms.DateField(label=_("From"), widget=_DATE, help_text=_DATE_HELP)
    end_date = forms.DateField(
        label=_("Until (optional)"), widget=_DATE, required=False, help_text=_("Leave empty while it lasts.")
    )

    field_order = ("kind", "card", "reason_code", "start_date", "end_date", "reason")

    def __init__(self, *args: Any, cards: list[tuple[int, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        card = cast(forms.TypedChoiceField, self.fields["card"])
        card.choices = [("", _("Choose a card")), *cards]
        card.help_text = _("The usable cards of the other adults in the person's household.")
        self.fields["reason"].label = _("Your note on why")


class CardExceptionEndForm(ReasonForm):
    end_date = forms.DateField(label=_("Last day of the exception"), widget=_DATE, help_text=_DATE_HELP)

    field_order = ("end_date", "reason")


class ReductionForm(ReasonForm):
    """A reduction (nedsättning, LMA 10 §), entered in kronor a day and decided in öre."""

    ground = forms.ChoiceField(label=_("Ground (LMA 10 §)"), choices=ReductionGround.choices, widget=forms.RadioSelect)
    daily_kronor = forms.DecimalField(
        label=_("Reduction in kronor per day"),
        min_value=decimal.Decimal("0.01"),
        max_digits=7,
        decimal_places=2,
        help_text=_("For example 12.50. The food part is never reduced, whatever is entered here."),
        widget=forms.NumberInput(attrs={"step": "0.01", "inputmode": "decimal"}),
    )
    start_date = forms.DateField(label=_("From"), widget=_DATE, help_text=_DATE_HELP)
    end_date = forms.DateField(
        label=_("Until (optional)"), widget=_DATE, required=False, help_text=_("Leave empty while it lasts.")
    )

    field_order = ("ground", "daily_kronor", "start_date", "end_date", "reason")

    def daily_ore(self) -> int:
        """The cleaned amount in öre, exact: 12.50 kr is 1 250 öre."""
        return int(self.cleaned_data["daily_kronor"] * 100)


class RunPrepareForm(ReasonForm):
    month = MonthField(label=_("Month to pay"))
    execution_date = forms.DateField(
        label=_("Payment date"),
        widget=_DATE,
        help_text=_("A day before the month starts: the allowance is paid in advance."),
    )

    field_order = ("month", "execution_date", "reason")


class RunActionForm(ReasonForm):
    pass


class RunPaymentsFilterForm(forms.Form):
    """Which of a run's payments the approver looks at; nothing in it names a person."""

    status = forms.ChoiceField(label=_("Status"), required=False, choices=[("", _("All")), *PaymentStatus.choices])
    exceptions = forms.BooleanField(label=_("Only payments to a card that is not the person's own"), required=False)


PROPOSAL_MAX_BYTES = 256 * 1024  # a proposal is a short text of changed parameters


class ImpactAssessmentForm(ReasonForm):
    """A proposal to assess (a YAML file, or one of the examples Lika ships) and the month of the caseload."""

    month = MonthField(label=_("Month of the caseload"))
    proposal_file = forms.FileField(
        label=_("Proposal file (YAML)"),
        required=False,
        help_text=_(
            "Changed dated parameters in the format of the allowance's parameter file, each value with its "
            "reference and 'proposal' as its source."
        ),
    )
    example = forms.ChoiceField(label=_("Or an example proposal"), required=False)
    field_order = ("month", "proposal_file", "example", "reason")

    def __init__(self, *args: Any, examples: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["example"].choices = [("", _("None")), *examples]  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        upload, example = cleaned.get("proposal_file"), cleaned.get("example")
        if bool(upload) == bool(example):
            raise ValidationError(_("Give a proposal file or choose an example, one of them."), code="proposal")
        if upload is not None:
            if upload.size > PROPOSAL_MAX_BYTES:
                self.add_error("proposal_file", _("A proposal file is at most 256 KB."))
                return cleaned
            raw = upload.read()
            try:
                cleaned["proposal_text"] = raw.decode("utf-8")
            except UnicodeDecodeError:
                self.add_error("proposal_file", _("The file is not UTF-8 text: save it as UTF-8 and try again."))
            cleaned["file_name"] = upload.name
        return cleaned
