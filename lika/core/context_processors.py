from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest
from django.utils.translation import get_language_info


def languages(request: HttpRequest) -> dict[str, object]:
    """Each available language with its own name, for the language switcher."""
    infos = [get_language_info(code) for code, _name in settings.LANGUAGES]
    return {"lika_languages": [{"code": i["code"], "name_local": i["name_local"], "bidi": i["bidi"]} for i in infos]}
