"""Languages Lika serves beyond those Django knows.

Django ships no translations for Dari (prs), Tigrinya (ti) or Somali (so), so it lacks their
names and writing direction too. Lika adds them here and ships its own catalogues in locale/.
"""

from __future__ import annotations

from django.conf.locale import LANG_INFO

EXTRA_LANG_INFO: dict[str, dict[str, str | bool]] = {
    "prs": {"bidi": True, "code": "prs", "name": "Dari", "name_local": "دری"},
    "ti": {"bidi": False, "code": "ti", "name": "Tigrinya", "name_local": "ትግርኛ"},
    "so": {"bidi": False, "code": "so", "name": "Somali", "name_local": "Soomaali"},
}


def register_languages() -> None:
    """Adds Lika's extra languages to Django's table of language facts (idempotent)."""
    for code, info in EXTRA_LANG_INFO.items():
        LANG_INFO.setdefault(code, info)
