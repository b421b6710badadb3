"""The review state of Om Sverige's translated pages: read it, record it, and the note readers get.

A translated page is a draft by the team until a communicator records that a qualified translator
has reviewed it (:func:`page_translation_review_record`). Until then, a page in Arabic, Persian,
Dari, Tigrinya or Somali shows the note of :mod:`lika.core.translation_review` in its own
language, with links to the page's Swedish and English texts.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from wagtail.models import Page

from lika.audit.acting import Acting
from lika.audit.actions import Action
from lika.core import clock
from lika.core.translation_review import SOURCE_LANGUAGES, ReviewState, review_note
from lika.newcomer_info import caching
from lika.newcomer_info.models import PageTranslationReview
from lika.newcomer_info.selectors import live_translations

REVIEWER_MAX_LENGTH = PageTranslationReview._meta.get_field("reviewer").max_length or 200


@dataclass(frozen=True)
class ReviewNote:
    """What a page in an unreviewed language shows: the note and the page's Swedish and English addresses."""

    text: str
    swedish_url: str
    english_url: str


def page_review_state(page: Page) -> ReviewState:
    """The review state of ``page``: reviewed only where a communicator has recorded it."""
    review = PageTranslationReview.objects.filter(page_id=page.pk).only("state").first()
    return ReviewState(review.state) if review is not None else ReviewState.DRAFT


def page_review_note(page: Page | None, language: str) -> ReviewNote | None:
    """The note ``page`` shows to readers of ``language``, or None where none is due.

    None for Swedish and English, for a page reviewed by a qualified translator, and for a page
    shown in another language than its own (a fallback: that page's own language decides).
    """
    if page is None or language in SOURCE_LANGUAGES or page.locale.language_code != language:
        return None
    text = review_note(language, reviewed=page_review_state(page) == ReviewState.REVIEWED)
    if not text:
        return None
    translations = live_translations(page)
    urls = {code: (translations[code].get_url() or "") if code in translations else "" for code in SOURCE_LANGUAGES}
    return ReviewNote(text=text, swedish_url=urls["sv"], english_url=urls["en"])


def page_translation_review_record(
    *, acting: Acting, page: Page, state: str, reviewer: str = "", reviewed_on: datetime.date | None = None
) -> PageTranslationReview:
    """Records whether the translated ``page`` is reviewed; a review names the translator and the day.

    Refuses, keyed by field and changing nothing: a Swedish page (the source is not a translation),
    an unknown state, a review without the reviewer's name or date, and a date in the future.
    Going back to a draft (the text changed after the review) clears the reviewer and the date.
    """
    acting.require("newcomer_info.change_pagetranslationreview")
    errors: dict[str, str] = {}
    if page.locale.language_code == settings.LANGUAGE_CODE:
        errors["page"] = _("A Swedish page is the source text, not a translation: it has no review.")
    if state not in ReviewState.values:
        errors["state"] = _("Choose draft or reviewed.")
    reviewer = reviewer.strip()
    if state == ReviewState.REVIEWED:
        if not reviewer:
            errors["reviewer"] = _("Write the name of the qualified translator who reviewed the page.")
        elif len(reviewer) > REVIEWER_MAX_LENGTH:
            errors["reviewer"] = _("Write at most %(max)s characters.") % {"max": REVIEWER_MAX_LENGTH}
        if reviewed_on is None:
            errors["reviewed_on"] = _("Write the day the page was reviewed.")
        elif reviewed_on > clock.today():
            errors["reviewed_on"] = _("The day of the review cannot be in the future.")
    else:
        reviewer, reviewed_on = "", None
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        review, _created = PageTranslationReview.objects.update_or_create(
            page_id=page.pk,
            defaults={
                "state": state,
                "reviewer": reviewer,
                "reviewed_on": reviewed_on,
                "recorded_by": acting.actor,
                "recorded_at": clock.now(),
            },
        )
        acting.audit(
            Action.OM_SVERIGE_TRANSLATION_REVIEW,
            ("wagtailcore.page", page.pk),
            {"state": state, "reviewer": reviewer, "reviewed_on": reviewed_on.isoformat() if reviewed_on else ""},
        )
        # Cached pages carry the note; the next reader must see it gone (or back).
        caching.content_changed()
    return review
