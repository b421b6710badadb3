"""Languages Lika serves beyond those Django knows, and what an untranslated string shows.

Django ships no translations for Dari (prs), Tigrinya (ti) or Somali (so), so it lacks their
names and writing direction too. Lika adds them here and ships its own catalogues in locale/.
"""

from __future__ import annotations

from django.conf.locale import LANG_INFO
from django.utils.translation import trans_real

EXTRA_LANG_INFO: dict[str, dict[str, str | bool]] = {
    "prs": {"bidi": True, "code": "prs", "name": "Dari", "name_local": "دری"},
    "ti": {"bidi": False, "code": "ti", "name": "Tigrinya", "name_local": "ትግርኛ"},
    "so": {"bidi": False, "code": "so", "name": "Somali", "name_local": "Soomaali"},
}


def register_languages() -> None:
    """Adds Lika's extra languages to Django's table of language facts (idempotent)."""
    for code, info in EXTRA_LANG_INFO.items():
        LANG_INFO.setdefault(code, info)


def _no_default_language_fallback(self: trans_real.DjangoTranslation, localedirs: object = None) -> None:
    """Adds no fallback: a string missing from a catalogue shows its English source text."""


def english_for_untranslated_strings() -> None:
    """Makes untranslated strings show in English rather than in the default language, Swedish.

    Django fills the gaps of, say, the Tigrinya catalogue from the default language, so a reader
    who chose Tigrinya met Swedish labels and error messages. English is far more likely to be
    understood by newcomers. (docs/decisions/0003-english-fallback-for-untranslated-strings.md)
    """
    trans_real.DjangoTranslation._add_fallback = _no_default_language_fallback  # type: ignore[attr-defined]
    trans_real._translations.clear()  # type: ignore[attr-defined]  # built before this, with the old fallback
