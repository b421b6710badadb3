"""The analysts' upload form. It parses input; the import service decides."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from lika.followup.models import RegisterKind


class RegisterImportForm(forms.Form):
    kind = forms.ChoiceField(label=_("Register"), choices=RegisterKind.choices)
    file = forms.FileField(
        label=_("File"),
        help_text=_("CSV (UTF-8, comma or semicolon), XLSX or Parquet, with the register's columns in a header row."),
    )
    reason = forms.CharField(
        label=_("Why you import this file"),
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Kept in the audit trail."),
    )
