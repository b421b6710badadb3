"""A small Om Sverige for tests: two topics and an accessibility statement, translated as a test asks.

Built through Wagtail's own page and translation calls on :func:`om_sverige_install`, the way a
communicator builds it. The texts are short sentences written for the tests, not Om Sverige's real
texts (``topics.py`` loads those); the Arabic and Tigrinya ones let the browser tests check
right-to-left layout and the fonts.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

from wagtail.models import Locale, Page

from lika.audit.acting import Acting
from lika.newcomer_info.content import om_sverige_install
from lika.newcomer_info.models import AccessibilityStatementPage, OmSverigeIndexPage, TopicPage

QUICK_EXIT_SITE = "https://www.smhi.se/"

ARABIC = {
    "start": {"title": "عن السويد", "intro": "معلومات لمن حصل حديثًا على تصريح إقامة في السويد."},
    "arbete": {
        "title": "العمل",
        "summary": "كيف تجد عملاً في السويد، ومن يساعدك في ذلك.",
        "paragraph": "<p>تساعدك دائرة التوظيف في البحث عن عمل وفي تعلم اللغة السويدية.</p>",
    },
    "statement": {
        "title": "إمكانية الوصول",
        "response_time": "نرد خلال يومي عمل.",
        "assessment_method": "اختبرنا الموقع بأنفسنا بأدوات آلية وبلوحة المفاتيح فقط.",
    },
}
TIGRINYA_START = {"title": "ብዛዕባ ሽወደን", "intro": "እዚ ሓበሬታ ንሓደስቲ ኣብ ሽወደን ዝመጹ ሰባት እዩ።"}


@dataclass
class OmSverige:
    """The pages :func:`build_om_sverige` makes, in Swedish (the source language)."""

    start: OmSverigeIndexPage
    work: TopicPage
    safety: TopicPage
    statement: AccessibilityStatementPage


def _paragraphs(*html: str) -> list[tuple[str, Any]]:
    return [("paragraph", text) for text in html]


def translate(page: Page, language: str, **fields: Any) -> Page:
    """Publishes a translation of ``page`` into ``language`` with ``fields`` changed."""
    copy = page.copy_for_translation(Locale.objects.get(language_code=language))
    for name, value in fields.items():
        setattr(copy, name, value)
    copy.save_revision().publish()
    copy.refresh_from_db()
    return copy


def build_om_sverige(acting: Acting, *, translations: tuple[str, ...] = ("en", "ar")) -> OmSverige:
    """Om Sverige with two topics and a statement in Swedish, translated into ``translations``.

    English gets every page; Arabic gets the start page, the work topic and the statement;
    Tigrinya (when asked for) only the start page. The topic about safety stays untranslated
    except into English, so that Arabic readers fall back to it.
    """
    start = om_sverige_install(acting=acting)
    start.intro = "Information för dig som nyss har fått uppehållstillstånd i Sverige."
    start.save_revision().publish()
    work = TopicPage(
        title="Arbete",
        slug="arbete",
        show_in_menus=True,
        summary="Så hittar du ett arbete i Sverige, och vem som hjälper dig.",
        body=_paragraphs("<p>Arbetsförmedlingen hjälper dig att söka arbete och att lära dig svenska.</p>"),
        authority_links=[
            ("authority", {"name": "Arbetsförmedlingen", "url": "https://arbetsformedlingen.se/", "description": ""})
        ],
    )
    start.add_child(instance=work)
    work.save_revision().publish()
    safety = TopicPage(
        title="Stöd och hjälp",
        seo_title="Information",
        slug="stod",
        show_in_menus=True,
        quick_exit=True,
        summary="Här finns hjälp om någon skadar dig eller hotar dig.",
        body=[
            ("heading", "Ring 112 vid fara"),
            ("fact", {"title": "Kvinnofridslinjen", "text": "<p>Öppen dygnet runt: 020-50 50 50.</p>"}),
        ],
        authority_links=[
            ("authority", {"name": "Kvinnofridslinjen", "url": "https://kvinnofridslinjen.se/", "description": ""})
        ],
    )
    start.add_child(instance=safety)
    safety.save_revision().publish()
    statement = AccessibilityStatementPage(
        title="Tillgänglighet",
        slug="tillganglighet",
        compliance_status="partial",
        inaccessible_content=[
            (
                "item",
                {
                    "description": "Några PDF-filer saknar rubriker.",
                    "reason": "non_compliance",
                    "planned_fix": "Våren 2026",
                },
            )
        ],
        contact_email="tillganglighet@lika.example",
        contact_phone="010-123 45 67",
        response_time="Vi svarar inom två arbetsdagar.",
        assessment_method="Vi har testat webbplatsen själva med automatiska verktyg och med bara tangentbord.",
        prepared_on=datetime.date(2026, 1, 15),
        reviewed_on=datetime.date(2026, 3, 1),
    )
    start.add_child(instance=statement)
    statement.save_revision().publish()

    if "en" in translations:
        translate(start, "en", title="About Sweden", intro="Information for you who were recently granted a permit.")
        translate(work, "en", title="Work", summary="How to find work in Sweden, and who helps you.")
        translate(safety, "en", title="Support and help", summary="Help if someone hurts or threatens you.")
        translate(statement, "en", title="Accessibility", response_time="We answer within two working days.")
    if "ar" in translations:
        translate(start, "ar", **ARABIC["start"])
        arabic = ARABIC["arbete"]
        translate(work, "ar", title=arabic["title"], summary=arabic["summary"], body=_paragraphs(arabic["paragraph"]))
        translate(statement, "ar", **ARABIC["statement"])
    if "ti" in translations:
        translate(start, "ti", **TIGRINYA_START)
    return OmSverige(start=start, work=work, safety=safety, statement=statement)
