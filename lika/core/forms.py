"""Helpers every part's forms share."""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError


def refusal_show(form: forms.BaseForm, error: ValidationError, rename: dict[str, str] | None = None) -> None:
    """Puts a service's refusal on the form: on the visible field it names, anything else above the form.

    ``rename`` maps a service's field name to the form's where the two differ. A refusal that names no
    field (a plain message) goes above the form.
    """
    if not hasattr(error, "error_dict"):
        form.add_error(None, error.messages)
        return
    for key, texts in error.message_dict.items():
        name = (rename or {}).get(key, key)
        shown = name in form.fields and not form.fields[name].widget.is_hidden
        form.add_error(name if shown else None, texts)
