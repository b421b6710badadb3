"""How far each language's translation has been checked, and the note readers get until it has.

No one who writes Lika is a certified translator. The Swedish text is the source and the English
one is written beside it; the other languages are drafts by the team until a qualified translator
has reviewed them. Each interface catalogue's state is recorded, with who reviewed it and when, in
``translation_review.yaml`` next to this module (a catalogue is reviewed in the same change that
reviews its ``.po`` file). Om Sverige's pages have a state of their own, kept per page
(``lika.newcomer_info`` records it in Wagtail).

Until a language is reviewed, its pages show :data:`REVIEW_NOTES` — in that language, because a
reader who needs the translation may read no other — with links to the Swedish and English texts.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import yaml
from django.core.exceptions import ImproperlyConfigured
from django.db import models
from django.utils.translation import gettext_lazy as _

REVIEW_FILE = Path(__file__).resolve().parent / "translation_review.yaml"
# Written by the team as Lika's own texts: Swedish is the source, English is written beside it.
SOURCE_LANGUAGES = ("sv", "en")


class ReviewState(models.TextChoices):
    DRAFT = "draft", _("draft by the team")
    REVIEWED = "reviewed", _("reviewed by a qualified translator")


@dataclass(frozen=True)
class CatalogueReview:
    """One interface catalogue's review: its state and, once reviewed, who reviewed it and when."""

    language: str
    state: ReviewState
    reviewer: str = ""
    reviewed_on: datetime.date | None = None


# "This translation is being checked" in each language under review, with the words that lead to
# the Swedish and English texts. Written by the team (no certified translator has read them either).
REVIEW_NOTES: dict[str, str] = {
    "ar": "هذه الترجمة قيد المراجعة، وقد يكون فيها أخطاء. يمكنك قراءة هذه الصفحة باللغة السويدية أو الإنجليزية:",
    "fa": "این ترجمه در حال بررسی است و ممکن است اشتباه داشته باشد. می‌توانید این صفحه را به زبان سوئدی یا انگلیسی بخوانید:",
    "prs": "این ترجمه در حال بررسی است و شاید اشتباهاتی داشته باشد. شما می‌توانید این صفحه را به زبان سویدنی یا انگلیسی بخوانید:",
    "ti": "እዚ ትርጉም እዚ ይፍተሽ ኣሎ፣ ጌጋታት ክህልዎ ይኽእል እዩ። ነዚ ገጽ ብቋንቋ ሽወደን ወይ ብእንግሊዝኛ ከተንብብዎ ትኽእሉ ኢኹም፦",
    "so": "Turjumaaddan waa la hubinayaa, waxaana laga yaabaa inay khaladaad ku jiraan. Boggan waxaad ku akhrisan kartaa af Iswiidhish ama af Ingiriis:",
}


# What Min Sida says on every page until the catalogue is reviewed: its own texts (menus, labels,
# the wording of decisions) are a draft. Said in the language and in English, so that someone who
# helps the reader — a friend, a member of staff — understands it too. Written by the team as well.
DRAFT_NOTE_ENGLISH = "This translation is a draft. A qualified translator has not checked it yet."
DRAFT_NOTES: dict[str, str] = {
    "ar": "هذه الترجمة مسودة. لم يراجعها مترجم مؤهَّل بعد.",
    "fa": "این ترجمه پیش‌نویس است. هنوز مترجمی واجد شرایط آن را بررسی نکرده است.",
    "prs": "این ترجمه یک مسوده است. هنوز یک ترجمان مسلکی آن را بررسی نکرده است.",
    "ti": "እዚ ትርጉም እዚ ንድፊ እዩ። ብቑዕ ተርጓሚ ገና ኣይፈተሾን።",
    "so": "Turjumaaddan waa qabyo. Turjubaan aqoon u leh weli ma hubin.",
}


@dataclass(frozen=True)
class DraftNote:
    """The note that a language's interface texts are a draft: in the language, and in English."""

    language: str
    text: str
    english: str = DRAFT_NOTE_ENGLISH


def _review(language: str, data: object) -> CatalogueReview:
    where = f"{REVIEW_FILE.name}: {language}"
    if not isinstance(data, dict):
        raise ImproperlyConfigured(f"{where}: expected state, reviewer and reviewed_on.")
    try:
        state = ReviewState(str(data.get("state")))
    except ValueError as error:
        raise ImproperlyConfigured(f"{where}: state must be draft or reviewed, not {data.get('state')!r}.") from error
    reviewer = str(data.get("reviewer") or "").strip()
    reviewed_on = data.get("reviewed_on")
    if state is ReviewState.REVIEWED:
        if not reviewer:
            raise ImproperlyConfigured(f"{where}: a reviewed catalogue names its reviewer.")
        if not isinstance(reviewed_on, datetime.date):
            raise ImproperlyConfigured(f"{where}: a reviewed catalogue says when (reviewed_on: YYYY-MM-DD).")
        return CatalogueReview(language, state, reviewer, reviewed_on)
    return CatalogueReview(language, state)


@cache
def catalogue_reviews() -> dict[str, CatalogueReview]:
    """Every language's catalogue review, as ``translation_review.yaml`` records it.

    A language the file leaves out is a draft by the team. A broken entry raises
    :class:`~django.core.exceptions.ImproperlyConfigured` naming the language.
    """
    data = yaml.safe_load(REVIEW_FILE.read_text(encoding="utf-8")) or {}
    if not isinstance(data, dict):
        raise ImproperlyConfigured(f"{REVIEW_FILE.name}: expected one entry per language.")
    return {str(language): _review(str(language), entry) for language, entry in data.items()}


def catalogue_review(language: str) -> CatalogueReview:
    """The review of ``language``'s interface catalogue (a draft by the team where none is recorded)."""
    return catalogue_reviews().get(language, CatalogueReview(language, ReviewState.DRAFT))


def review_note(language: str, *, reviewed: bool) -> str:
    """The note a page in ``language`` shows, or an empty string where none is due.

    Swedish and English show none; a reviewed translation shows none.
    """
    if language in SOURCE_LANGUAGES or reviewed:
        return ""
    return REVIEW_NOTES.get(language, "")


def catalogue_draft_note(language: str) -> DraftNote | None:
    """The note Min Sida shows in ``language`` while its catalogue is a draft; None once it is reviewed.

    Swedish and English show none, nor does a language that has no note written.
    """
    code = language.split("-", maxsplit=1)[0]
    text = DRAFT_NOTES.get(code)
    if code in SOURCE_LANGUAGES or text is None or catalogue_review(code).state is ReviewState.REVIEWED:
        return None
    return DraftNote(code, text)
