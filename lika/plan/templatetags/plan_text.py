"""The plan's texts in the reader's language: English where it is written and English is read, else Swedish."""

from __future__ import annotations

from dataclasses import dataclass

from django import template
from django.db import models
from django.utils.translation import get_language

register = template.Library()


@dataclass(frozen=True)
class Shown:
    text: str
    lang: str  # the language the text is written in, for the element's lang attribute

    def __str__(self) -> str:
        return self.text


@register.filter
def in_language(thing: models.Model, field: str) -> Shown:
    """``thing.<field>_en`` on an English page where it is written, else ``thing.<field>`` (Swedish)."""
    english = str(getattr(thing, f"{field}_en", "") or "")
    if (get_language() or "sv").startswith("en") and english:
        return Shown(english, "en")
    return Shown(str(getattr(thing, field) or ""), "sv")
