from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest
from django.utils.translation import get_language_info


def languages(request: HttpRequest) -> dict[str, object]:
    """Each available language with its own name, for the language switcher."""
    return {
        "lika_languages": [
            {"code": code, "name_local": get_language_info(code)["name_local"], "bidi": get_language_info(code)["bidi"]}
            for code, _name in settings.LANGUAGES
        ]
    }
