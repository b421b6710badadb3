from __future__ import annotations

import functools

from django.conf import settings
from django.http import HttpRequest
from django.utils.translation import get_language_info


def languages(request: HttpRequest) -> dict[str, object]:
    """Each available language with its own name, for the language switcher.

    The list is made once per process (settings do not change while it runs): every page's context
    holds it, and making it anew cost a noticeable share of a Min Sida page's rendering.
    """
    # Keyed by the codes only: the settings' names are lazy translations, and hashing one translates it.
    return {"lika_languages": _languages(tuple(code for code, _name in settings.LANGUAGES))}


@functools.cache
def _languages(codes: tuple[str, ...]) -> list[dict[str, object]]:
    infos = [get_language_info(code) for code in codes]
    return [{"code": i["code"], "name_local": i["name_local"], "bidi": i["bidi"]} for i in infos]
