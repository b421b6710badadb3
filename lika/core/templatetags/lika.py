"""Template filters for how Lika writes dates, periods, languages and codes."""

from __future__ import annotations

import datetime

from django import template
from django.utils.safestring import SafeString
from django.utils.translation import get_language, get_language_info
from django.utils.translation import gettext as _

from lika.core.bidi import ltr_html
from lika.core.periods import month_text, period_text
from lika.core.translation_review import DraftNote, catalogue_draft_note

register = template.Library()


@register.simple_tag
def period(start: datetime.date, end: datetime.date | None) -> str:
    """A period as people read it; see :func:`lika.core.periods.period_text`."""
    return period_text(start, end)


@register.filter
def month(value: str) -> str:
    """A month stored as "2026-12" in the reader's words; see :func:`lika.core.periods.month_text`."""
    return month_text(value)


@register.filter
def language_name(code: str) -> str:
    """The language's name in the reader's language where Django knows it, else the code itself."""
    try:
        info = get_language_info(code)
    except KeyError:
        return code
    return f"{_(info['name'])} ({code})"


@register.simple_tag
def minutes_of(duration: datetime.timedelta | None) -> int:
    """Whole minutes in ``duration``, rounded up, so that "wait N minutes" is never too short."""
    if duration is None:
        return 0
    return -(-int(duration.total_seconds()) // 60)


@register.filter
def ltr(value: object) -> SafeString:
    """A code or figure printed on its own (``{{ decision.number|ltr }}``), kept left to right on a right-to-left page."""
    return ltr_html(value)


@register.simple_tag
def draft_translation_note() -> DraftNote | None:
    """The note that the active language's interface texts are a draft, until translation_review.yaml says reviewed."""
    return catalogue_draft_note(get_language() or "")
