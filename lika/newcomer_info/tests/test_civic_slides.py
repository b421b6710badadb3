"""The civic introduction's presenter slides: made from the Om Sverige topics that cover the session's modules,
16:9 and PDF/UA-1, with QR codes that lead through the civic introduction's channel; reachable from the session."""

from __future__ import annotations

import datetime
import io
from collections.abc import Callable
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pikepdf
import pytest
from django.test import Client
from django.urls import reverse

from lika.accounts.roles import Role
from lika.audit.acting import Acting
from lika.newcomer_info import civic_slides, printing
from lika.newcomer_info.models import Channel, ChannelKind, ChannelVisitDay
from lika.partners import services as partners
from lika.partners.models import CivicModule, CivicSession
from lika.testing.clock import Clock
from lika.testing.om_sverige import OmSverige, build_om_sverige
from lika.testing.pdf import needs_pdftoppm, page_text, qr_texts, rasterise

pytestmark = pytest.mark.django_db

BASE = "http://lika.test:8000"
FIREFOX = "Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0"
DAY = datetime.date(2026, 3, 3)


@pytest.fixture(autouse=True)
def public_base(settings: Any, clock: Clock) -> None:
    settings.LIKA_PUBLIC_BASE_URL = BASE
    clock.set_today(DAY)


@pytest.fixture
def om_sverige(acting: Acting) -> OmSverige:
    """Om Sverige with the topics "arbete" (Swedish, English, Arabic) and "stod" (Swedish, English)."""
    return build_om_sverige(acting)


@pytest.fixture
def channel(make_channel: Callable[..., Channel]) -> Channel:
    return make_channel(code="samhallsintro", kind=ChannelKind.CIVIC_INTRODUCTION, name="Civic introduction")


def _session(acting: Acting, *modules: str, language: str = "en", interpreter: str = "") -> CivicSession:
    return partners.civic_session_create(
        acting=acting,
        plan=partners.CivicPlan(
            held_on=DAY,
            place="Boendet i Gävle",
            language=language,
            modules=list(modules),
            interpreter_language=interpreter,
        ),
    )


def test_every_module_is_covered_by_a_topic_that_exists() -> None:
    slugs = {
        path.stem.split("-", 1)[1] for path in (Path(civic_slides.__file__).parent / "texts" / "topics").glob("*.yaml")
    }
    assert set(civic_slides.MODULE_TOPICS) == set(CivicModule.values)
    for module, topics in civic_slides.MODULE_TOPICS.items():
        assert topics, module
        assert set(topics) <= slugs, module


@needs_pdftoppm
@pytest.mark.usefixtures("om_sverige", "english")
def test_the_slides_show_the_modules_topics_and_each_code_leads_to_its_topic_through_the_channel(
    acting: Acting, channel: Channel, tmp_path: Path
) -> None:
    session = _session(acting, CivicModule.WORK, CivicModule.ECONOMIC_VIOLENCE, CivicModule.DISABILITY_SUPPORT)
    pdf = civic_slides.civic_slides_pdf(session=session, language="en")
    with pikepdf.open(io.BytesIO(pdf)) as document:
        assert document.open_metadata()["pdfuaid:part"] == "1"
        assert len(document.pages) == 3, "a title slide, then 'arbete' and 'stod' once each"
        box = [float(v) for v in document.pages[0].MediaBox]
        assert round((box[2] - box[0]) / (box[3] - box[1]), 3) == round(16 / 9, 3)
    texts = page_text(pdf)
    assert "Work and how to find it" in texts[0]
    assert "Economic violence" in texts[0]
    assert "Work" in texts[1]
    assert "Support and help" in texts[2]
    pages = rasterise(pdf, tmp_path, dpi=40)
    codes = [qr_texts(page) for page in pages]
    assert codes == [[], [f"{BASE}/k/samhallsintro/arbete?lang=en"], [f"{BASE}/k/samhallsintro/stod?lang=en"]]
    parts = urlsplit(codes[1][0])
    response = Client(HTTP_USER_AGENT=FIREFOX).get(parts.path, {"lang": "en"})
    assert response.status_code == 302
    assert ChannelVisitDay.objects.get(channel=channel).visits == 1


@pytest.mark.usefixtures("om_sverige", "english", "channel")
def test_slides_are_refused_where_a_topic_has_no_translation_or_no_topic_covers_the_modules(acting: Acting) -> None:
    session = _session(acting, CivicModule.WORK, CivicModule.ECONOMIC_VIOLENCE, language="ar")
    with pytest.raises(printing.PrintError, match="“Stöd och hjälp” has no published translation in Arabic"):
        civic_slides.civic_slides_layout(session=session, language="ar")
    childcare = _session(acting, CivicModule.CHILDCARE)
    with pytest.raises(printing.PrintError, match="No published Om Sverige topic covers"):
        civic_slides.civic_slides_layout(session=childcare, language="en")


@pytest.mark.usefixtures("om_sverige", "english")
def test_slides_need_the_civic_introductions_channel(acting: Acting) -> None:
    session = _session(acting, CivicModule.WORK)
    with pytest.raises(printing.PrintError, match="no active channel of the kind “Slides at the civic introduction”"):
        civic_slides.civic_slides_layout(session=session, language="en")


@pytest.mark.usefixtures("om_sverige", "channel")
def test_an_officer_gets_the_slides_from_the_sessions_page_in_its_languages(
    acting: Acting, client: Client, make_staff: Callable[..., Any]
) -> None:
    client.force_login(make_staff(Role.CASE_OFFICER, username="officer"))
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    session = _session(acting, CivicModule.WORK, language="ar", interpreter="en")
    assert civic_slides.civic_slides_languages(session) == ["ar", "en", "sv"]
    page = client.get(reverse("partners:civic_detail", args=[session.pk])).content.decode()
    for code in ("ar", "en", "sv"):
        assert reverse("om_sverige_print:civic_slides", args=[session.pk, code]) in page
    response = client.get(reverse("om_sverige_print:civic_slides", args=[session.pk, "ar"]))
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == f'attachment; filename="samhallsintroduktion-{DAY.isoformat()}-ar.pdf"'
    refused = client.get(reverse("om_sverige_print:civic_slides", args=[session.pk, "ti"]), follow=True)
    assert refused.redirect_chain[-1][0] == reverse("partners:civic_detail", args=[session.pk])
    assert "has no published translation in Tigrinya" in refused.content.decode()
