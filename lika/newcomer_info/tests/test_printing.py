"""The permit-card letter and the office-screen slides: PDF/UA-1, 16:9, and QR codes that lead to a counted visit."""

from __future__ import annotations

import datetime
import io
import re
from collections.abc import Callable
from typing import Any
from urllib.parse import urlsplit

import pikepdf
import polib
import pytest
import zxingcpp
from django.test import Client
from django.urls import reverse
from django.utils import translation
from PIL import Image
from wagtail.models import Locale, Page
from wagtail_localize.models import Translation, TranslationSource

from lika.accounts.models import User
from lika.accounts.roles import Role
from lika.audit.acting import Acting
from lika.documents import rendering
from lika.documents.layouts import PermitLetter
from lika.newcomer_info import desk_card, printing
from lika.newcomer_info.content import om_sverige_install
from lika.newcomer_info.models import Channel, ChannelKind, ChannelVisitDay, OmSverigeIndexPage, TopicPage
from lika.newcomer_info.services import channel_change
from lika.testing.clock import Clock
from lika.testing.pdf import page_text

pytestmark = pytest.mark.django_db

BASE = "http://lika.test:8000"
FIREFOX = "Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0"
DAY = datetime.date(2026, 3, 3)
ARABIC_TITLE = "العمل في السويد"
ARABIC_SUMMARY = "هنا تقرأ كيف تبحث عن عمل، وما هي حقوقك في العمل، وأين تحصل على المساعدة."
TIGRINYA_TITLE = "ስራ ኣብ ሽወደን"


@pytest.fixture(autouse=True)
def public_base(settings: pytest.FixtureRequest) -> None:
    settings.LIKA_PUBLIC_BASE_URL = BASE  # type: ignore[attr-defined]


@pytest.fixture(autouse=True)
def on_day(clock: Clock) -> None:
    clock.set_today(DAY)


def _translate(page: Page, language: str, strings: dict[str, str]) -> Page:
    """Publishes ``page``'s translation into ``language`` through wagtail-localize; unnamed strings stay as they are."""
    locale = Locale.objects.get(language_code=language)
    source, _created = TranslationSource.get_or_create_from_instance(page)
    job = Translation.objects.create(source=source, target_locale=locale)
    po = job.export_po()
    for entry in po:
        entry.msgstr = strings.get(entry.msgctxt, entry.msgid)
    assert job.import_po(polib.pofile(str(po))) == []
    # save_target(publish=True) publishes after commit, which a test's transaction never reaches.
    job.save_target(publish=False)
    translated: Page = source.get_translated_instance(locale)
    revision = translated.get_latest_revision()
    assert revision is not None
    revision.publish()
    translated.refresh_from_db()
    return translated


TEN_TOPICS = (
    "Lära sig svenska",
    "Arbete och Arbetsförmedlingen",
    "Förskola och barnomsorg",
    "Arbete, föräldraledighet och pension",
    "Dina rättigheter som person",
    "Diskriminering och var du anmäler den",
    "Stöd och hjälp",
    "Föreningar och mötesplatser",
    "Samhällsorientering",
    "Bostad och flytt inom Sverige",
)


@pytest.fixture
def start(acting: Acting) -> OmSverigeIndexPage:
    return om_sverige_install(acting=acting)


@pytest.fixture
def work_page(start: OmSverigeIndexPage) -> TopicPage:
    """The topic "Arbete" in Swedish, English and Arabic (not in Tigrinya)."""
    page = TopicPage(
        title="Arbete",
        slug="arbete",
        summary="Så söker du arbete i Sverige, vilka rättigheter du har och var du får hjälp.",
        show_in_menus=True,
    )
    start.add_child(instance=page)
    page.save_revision().publish()
    _translate(start, "en", {})
    _translate(page, "en", {"title": "Work", "summary": "How to look for work in Sweden, and where to get help."})
    _translate(start, "ar", {})
    _translate(page, "ar", {"title": ARABIC_TITLE, "summary": ARABIC_SUMMARY})
    return page


@pytest.fixture
def letter_channel(make_channel: Callable[..., Channel]) -> Channel:
    return make_channel(code="brev", kind=ChannelKind.PERMIT_LETTER, landing_path="/om-sverige/arbete/")


@pytest.fixture
def screen(make_channel: Callable[..., Channel]) -> Channel:
    return make_channel(
        code="skarm-malmo",
        kind=ChannelKind.OFFICE_SCREEN,
        name="Screen in Malmö",
        office="Malmö",
        landing_path="/om-sverige/",
    )


def _qr_texts(png: bytes) -> list[str]:
    image = Image.open(io.BytesIO(png)).convert("L")
    return [result.text for result in zxingcpp.read_barcodes(image) if result.format == zxingcpp.BarcodeFormat.QRCode]


def _follow(url: str) -> str:
    """Visits ``url`` as a phone's browser would after scanning, and returns where it was sent."""
    parts = urlsplit(url)
    assert f"{parts.scheme}://{parts.netloc}" == BASE
    response = Client(HTTP_USER_AGENT=FIREFOX).get(
        parts.path, dict(p.split("=", 1) for p in parts.query.split("&") if p)
    )
    assert response.status_code == 302
    return str(response["Location"])


def _visits(channel: Channel) -> dict[str, int]:
    return {row.language: row.visits for row in ChannelVisitDay.objects.filter(channel=channel, day=DAY)}


def _squeeze(text: str) -> str:
    return "".join(text.split())


def _pdf_text(pdf: bytes) -> str:
    """The text of every page, through the fonts' ToUnicode maps (:func:`lika.testing.pdf.page_text`)."""
    return "".join(page_text(pdf))


def _font_names(pdf: bytes) -> set[str]:
    with pikepdf.open(io.BytesIO(pdf)) as document:
        return {str(font.BaseFont).split("+")[-1] for page in document.pages for font in page.Resources.Font.values()}


noto_only = pytest.mark.skipif(
    not (rendering.NOTO_FOLDER / "NotoSansArabic-Regular.ttf").is_file(),
    reason="needs Debian's fonts-noto-core for Arabic and Ethiopic script",
)


# --- the letter -----------------------------------------------------------------------------------


@pytest.mark.parametrize("language", ["sv", "en", "ti"])
def test_letter_qr_code_leads_to_a_counted_visit(letter_channel: Channel, work_page: TopicPage, language: str) -> None:
    layout = printing.letter_layout(channel=letter_channel, language=language)
    png = rendering.png_render(
        template="permit_letter.typ", data=layout, language=language, title=layout["title"], ppi=150
    )
    assert len(png) == 1, "the letter is one page"
    assert _qr_texts(png[0]) == [f"{BASE}/k/brev"]
    before = _visits(letter_channel)
    location = _follow(f"{BASE}/k/brev")
    assert location.endswith("/om-sverige/arbete/")
    assert sum(_visits(letter_channel).values()) == sum(before.values()) + 1


@pytest.mark.parametrize("language", printing.LETTER_LANGUAGES)
def test_letter_is_pdf_ua_1_with_title_and_language(letter_channel: Channel, language: str) -> None:
    pdf = printing.letter_pdf(channel=letter_channel, language=language)
    with translation.override(language):
        title = str(printing.letter_layout(channel=letter_channel, language=language)["title"])
    with pikepdf.open(io.BytesIO(pdf)) as document:
        assert len(document.pages) == 1
        metadata = document.open_metadata()
        assert metadata["pdfuaid:part"] == "1"
        assert metadata["dc:title"] == title
        assert document.Root.Lang == language
        assert bool(document.Root.MarkInfo.Marked)
        assert "/StructTreeRoot" in document.Root
    # The QR code is a vector drawing: the page holds no raster image.
    with pikepdf.open(io.BytesIO(pdf)) as document:
        images = [
            name
            for page in document.pages
            for name, xobject in page.Resources.get("/XObject", {}).items()
            if xobject.get("/Subtype") == "/Image"
        ]
    assert images == []


def test_letter_with_ten_topics_keeps_to_one_page(letter_channel: Channel, start: OmSverigeIndexPage) -> None:
    """Issue 15: with the demo's ten topics the letter ran onto a second page holding one paragraph."""
    for number, title in enumerate(TEN_TOPICS):
        topic = TopicPage(title=title, slug=f"amne-{number}", summary="Sammanfattning.", show_in_menus=True)
        start.add_child(instance=topic)
        topic.save_revision().publish()
    layout = printing.letter_layout(channel=letter_channel, language="sv")
    assert [section["items"] for section in layout["sections"] if section.get("items")] == [list(TEN_TOPICS)]
    with pikepdf.open(io.BytesIO(printing.letter_pdf(channel=letter_channel, language="sv"))) as document:
        assert len(document.pages) == 1


def test_letter_prints_the_short_address_and_gives_the_code_its_alternative_text(letter_channel: Channel) -> None:
    pdf = printing.letter_pdf(channel=letter_channel, language="en")
    assert "lika.test:8000/k/brev" in _squeeze(_pdf_text(pdf))
    with pikepdf.open(io.BytesIO(pdf)) as document:
        alts: list[str] = []

        def walk(node: pikepdf.Object) -> None:
            if isinstance(node, pikepdf.Array):
                for kid in node:
                    walk(kid)
            elif isinstance(node, pikepdf.Dictionary) and "/S" in node:
                if "/Alt" in node:
                    alts.append(str(node.Alt))
                if "/K" in node:
                    walk(node.K)

        walk(document.Root.StructTreeRoot.K)
    assert alts == [f"QR code that leads to {BASE}/k/brev"]


def test_letter_lists_the_live_topics_in_its_language(letter_channel: Channel, work_page: TopicPage) -> None:
    english = printing.letter_layout(channel=letter_channel, language="en")
    swedish = printing.letter_layout(channel=letter_channel, language="sv")
    assert {"heading": "What you can read about", "paragraphs": [], "items": ["Work"]} in english["sections"]
    assert ["Arbete"] in [section.get("items") for section in swedish["sections"]]


def test_letter_without_topics_has_no_empty_list(letter_channel: Channel, start: OmSverigeIndexPage) -> None:
    layout = printing.letter_layout(channel=letter_channel, language="en")
    assert all("items" not in section for section in layout["sections"])


def test_letter_is_the_same_for_everyone(letter_channel: Channel) -> None:
    """Two renderings give the same bytes: nothing in the letter depends on who prints it or when."""
    assert printing.letter_pdf(channel=letter_channel, language="sv") == printing.letter_pdf(
        channel=letter_channel, language="sv"
    )


def test_letter_follows_the_public_base_url(letter_channel: Channel, settings: pytest.FixtureRequest) -> None:
    settings.LIKA_PUBLIC_BASE_URL = "https://lika.example/"  # type: ignore[attr-defined]
    layout = printing.letter_layout(channel=letter_channel, language="sv")
    assert layout["short_address"] == "lika.example/k/brev"
    assert "https://lika.example/k/brev" in layout["qr"]["alt"]


@pytest.mark.parametrize("language", ["ur", "de", ""])
def test_letter_only_in_the_languages_it_is_written_in(letter_channel: Channel, language: str) -> None:
    with translation.override("en"), pytest.raises(printing.PrintError, match=f"not written in {language};"):
        printing.letter_layout(channel=letter_channel, language=language)


@noto_only
def test_the_tigrinya_letter_is_in_ethiopic_script_set_in_noto_sans_ethiopic(
    letter_channel: Channel, work_page: TopicPage
) -> None:
    pdf = printing.letter_pdf(channel=letter_channel, language="ti")
    text = " ".join(page_text(pdf))
    assert "ናብ ሽወደን እንቋዕ ብደሓን መጻእኩም።" in text
    assert "Om Sverige: ሓበሬታ ንሓድሽ ፍቓድ መንበሪ ዘለኩም" in text
    assert "\ufffd" not in text
    with pikepdf.open(io.BytesIO(pdf)) as document:
        fonts = {str(font.BaseFont).split("+")[-1] for page in document.pages for font in page.Resources.Font.values()}
    assert any(name.startswith("NotoSansEthiopic") for name in fonts), fonts


def test_the_somali_letter_is_in_somali(letter_channel: Channel) -> None:
    layout = printing.letter_layout(channel=letter_channel, language="so")
    assert layout["title"] == "Om Sverige: macluumaad adiga kuu socda oo haysta sharci deganaansho cusub"
    assert layout["intro"][2] == "Boggagu waa bilaash. Uma baahnid inaad soo gasho."
    assert layout["direction"] == "ltr"


def test_letter_refuses_an_inactive_channel(letter_channel: Channel, acting: Acting) -> None:
    letter_channel = channel_change(acting=acting, channel=letter_channel, active=False)
    with translation.override("en"), pytest.raises(printing.PrintError, match="brev is inactive"):
        printing.letter_layout(channel=letter_channel, language="sv")


def test_letter_refuses_a_screen_channel(screen: Channel) -> None:
    with translation.override("en"), pytest.raises(printing.PrintError, match="skarm-malmo is a channel of the kind"):
        printing.letter_layout(channel=screen, language="sv")


def _paragraphs(layout: PermitLetter) -> list[str]:
    return [p for section in layout["sections"] for p in section["paragraphs"]]


def test_letter_names_the_languages_the_pages_are_published_in(letter_channel: Channel, work_page: TopicPage) -> None:
    """Issue 15: the letter said seven languages while the pages were live in two."""
    paragraphs = _paragraphs(printing.letter_layout(channel=letter_channel, language="en"))
    assert "The pages are in Swedish, English and Arabic." in paragraphs


def test_letter_names_one_language_without_and(letter_channel: Channel, start: OmSverigeIndexPage) -> None:
    assert "The pages are in Swedish." in _paragraphs(printing.letter_layout(channel=letter_channel, language="en"))


@pytest.mark.parametrize("ppi", [0, -1, 601])
def test_png_needs_a_sensible_resolution(letter_channel: Channel, ppi: float) -> None:
    layout = printing.letter_layout(channel=letter_channel, language="en")
    with pytest.raises(rendering.DocumentRenderError, match="pixels per inch is outside 1 to 600"):
        rendering.png_render(template="permit_letter.typ", data=layout, language="en", title=layout["title"], ppi=ppi)


# --- the slides -----------------------------------------------------------------------------------


@pytest.mark.parametrize("language", ["sv", "ar"])
def test_slide_png_is_full_hd_and_its_code_leads_to_a_counted_visit_in_its_language(
    screen: Channel, work_page: TopicPage, language: str
) -> None:
    png = printing.slide_png(page=work_page, channel=screen, language=language)
    image = Image.open(io.BytesIO(png))
    assert image.size == (1920, 1080)
    assert image.size[0] * 9 == image.size[1] * 16
    (url,) = _qr_texts(png)
    assert url == f"{BASE}/k/skarm-malmo/arbete?lang={language}"
    location = _follow(url)
    assert location == work_page.get_translation(Locale.objects.get(language_code=language)).url
    assert _visits(screen) == {language: 1}
    assert ChannelVisitDay.objects.get(channel=screen).landing_page == "/om-sverige/arbete/"


def test_slide_pdf_is_16_by_9_and_pdf_ua_1(screen: Channel, work_page: TopicPage) -> None:
    pdf = printing.slide_pdf(page=work_page, channel=screen, language="en")
    with pikepdf.open(io.BytesIO(pdf)) as document:
        assert len(document.pages) == 1
        left, bottom, right, top = (float(v) for v in document.pages[0].MediaBox)
        assert (right - left) / (top - bottom) == pytest.approx(16 / 9)
        assert document.open_metadata()["pdfuaid:part"] == "1"
        assert document.Root.Lang == "en"
    text = _squeeze(_pdf_text(pdf))
    for piece in (
        "Work",
        "How to look for work in Sweden, and where to get help.",
        "lika.test:8000/k/skarm-malmo",
        "Malmö",
    ):
        assert _squeeze(piece) in text


@noto_only
def test_arabic_slide_is_set_right_to_left_in_noto_arabic(screen: Channel, work_page: TopicPage) -> None:
    layout = printing.slide_layout(page=work_page, channel=screen, language="ar")
    assert layout["direction"] == "rtl"
    assert (layout["title"], layout["summary"]) == (ARABIC_TITLE, ARABIC_SUMMARY)
    pdf = printing.slide_pdf(page=work_page, channel=screen, language="ar")
    with pikepdf.open(io.BytesIO(pdf)) as document:
        assert document.Root.Lang == "ar"
    assert any(name.startswith("NotoSansArabic") for name in _font_names(pdf)), _font_names(pdf)
    text = _squeeze(_pdf_text(pdf))
    # The glyphs are drawn from left to right on the page, so a right-to-left line comes out of the
    # content stream last letter first: the title reversed proves it was set right to left, and the
    # fonts' ToUnicode maps prove the joined letter forms still map back to the letters.
    assert _squeeze(ARABIC_TITLE)[::-1] in text
    assert _squeeze(ARABIC_TITLE) not in text
    assert "lika.test:8000/k/skarm-malmo" in text


@noto_only
def test_tigrinya_slide_is_set_in_noto_ethiopic(screen: Channel, work_page: TopicPage) -> None:
    _translate(work_page.get_parent().specific, "ti", {})
    _translate(work_page, "ti", {"title": TIGRINYA_TITLE})
    pdf = printing.slide_pdf(page=work_page, channel=screen, language="ti")
    assert any(name.startswith("NotoSansEthiopic") for name in _font_names(pdf)), _font_names(pdf)
    assert _squeeze(TIGRINYA_TITLE) in _squeeze(_pdf_text(pdf))


def test_slide_refuses_a_language_the_page_is_not_translated_into(screen: Channel, work_page: TopicPage) -> None:
    with (
        translation.override("en"),
        pytest.raises(printing.PrintError, match="“Arbete” has no published translation in Tigrinya"),
    ):
        printing.slide_layout(page=work_page, channel=screen, language="ti")


def test_slide_refuses_a_letter_channel_and_an_inactive_screen(
    screen: Channel, letter_channel: Channel, work_page: TopicPage, acting: Acting
) -> None:
    with translation.override("en"):
        with pytest.raises(printing.PrintError, match="brev is a channel of the kind “Letter with the permit card”"):
            printing.slide_layout(page=work_page, channel=letter_channel, language="sv")
        screen = channel_change(acting=acting, channel=screen, active=False)
        with pytest.raises(printing.PrintError, match="skarm-malmo is inactive"):
            printing.slide_layout(page=work_page, channel=screen, language="sv")


# --- the staff pages ------------------------------------------------------------------------------


@pytest.fixture
def communicator(client: Client, make_staff: Callable[..., User]) -> Client:
    client.force_login(make_staff(Role.COMMUNICATOR))
    return client


def test_index_lists_channels_and_topics_with_their_languages(
    communicator: Client, letter_channel: Channel, screen: Channel, work_page: TopicPage
) -> None:
    with translation.override("en"):
        response = communicator.get(reverse("om_sverige_print:index"), HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 200
    html = response.content.decode()
    assert "/k/brev" in html
    assert "/k/skarm-malmo" in html
    (topic, languages), *others = response.context["topics"]
    assert (topic.title, languages, others) == ("Arbete", ["Swedish", "English", "Arabic"], [])


def test_index_queries_do_not_grow_with_topics(
    communicator: Client,
    letter_channel: Channel,
    screen: Channel,
    work_page: TopicPage,
    django_assert_max_num_queries: Any,
) -> None:
    start = work_page.get_parent()
    for number in range(5):
        extra = TopicPage(title=f"Ämne {number}", slug=f"amne-{number}", summary="Kort.")
        start.add_child(instance=extra)
        extra.save_revision().publish()
    with django_assert_max_num_queries(20):
        assert communicator.get(reverse("om_sverige_print:index")).status_code == 200


def test_communicator_downloads_the_letter(communicator: Client, letter_channel: Channel) -> None:
    response = communicator.get(reverse("om_sverige_print:letter"), {"channel": "brev", "language": "en"})
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == 'attachment; filename="om-sverige-brev-brev-en.pdf"'
    assert response.content.startswith(b"%PDF-")


DOWNLOADS = {"png": ("image/png", b"\x89PNG"), "pdf": ("application/pdf", b"%PDF-")}


@pytest.mark.parametrize("file_type", DOWNLOADS)
def test_communicator_downloads_a_slide(
    communicator: Client, screen: Channel, work_page: TopicPage, file_type: str
) -> None:
    content_type, magic = DOWNLOADS[file_type]
    query = {"page": work_page.pk, "channel": "skarm-malmo", "language": "ar", "format": file_type}
    response = communicator.get(reverse("om_sverige_print:slide"), query)
    assert response.status_code == 200
    assert response["Content-Type"] == content_type
    assert response.content.startswith(magic)
    assert response["Content-Disposition"] == f'attachment; filename="om-sverige-skarm-malmo-arbete-ar.{file_type}"'


def test_slide_without_translation_shows_the_reason_beside_the_language(
    communicator: Client, screen: Channel, work_page: TopicPage
) -> None:
    query = {"page": work_page.pk, "channel": "skarm-malmo", "language": "ti", "format": "png"}
    with translation.override("en"):
        response = communicator.get(reverse("om_sverige_print:slide"), query, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 400
    assert response.context["slide_form"].errors == {
        "language": ["The page “Arbete” has no published translation in Tigrinya yet."]
    }


def test_letter_with_wrong_or_inactive_channel_shows_the_reason(
    communicator: Client, letter_channel: Channel, screen: Channel, acting: Acting
) -> None:
    url = reverse("om_sverige_print:letter")
    with translation.override("en"):
        wrong = communicator.get(url, {"channel": "skarm-malmo", "language": "sv"}, HTTP_ACCEPT_LANGUAGE="en")
        channel_change(acting=acting, channel=letter_channel, active=False)
        inactive = communicator.get(url, {"channel": "brev", "language": "sv"}, HTTP_ACCEPT_LANGUAGE="en")
        unknown = communicator.get(url, {"channel": "nej", "language": "sv"}, HTTP_ACCEPT_LANGUAGE="en")
    assert (wrong.status_code, inactive.status_code, unknown.status_code) == (400, 400, 400)
    assert re.search(r"skarm-malmo is a channel of the kind", wrong.context["letter_form"].errors["channel"][0])
    assert "brev is inactive" in inactive.context["letter_form"].errors["channel"][0]
    assert unknown.context["letter_form"].errors["channel"] == ["There is no channel with the code nej."]


def test_analyst_may_not_print(client: Client, make_staff: Callable[..., User]) -> None:
    client.force_login(make_staff(Role.ANALYST))
    assert client.get(reverse("om_sverige_print:index")).status_code == 403


# --- the desk card of a staff-referral channel ------------------------------------------------------


@pytest.fixture
def desk(make_channel: Callable[..., Channel]) -> Channel:
    return make_channel(
        code="disk-malmo",
        kind=ChannelKind.STAFF_REFERRAL,
        name="Staff at the Malmö office",
        office="Malmö",
        landing_path="/om-sverige/",
    )


@noto_only
def test_the_desk_card_leads_through_its_channel_and_names_the_published_languages(
    desk: Channel, work_page: TopicPage
) -> None:
    layout = desk_card.desk_card_layout(channel=desk, language="en")
    assert [item["code"] for item in layout["languages"]] == ["sv", "en", "ar"]
    assert layout["languages"][2]["direction"] == "rtl"
    png = rendering.png_render(template="desk_card.typ", data=layout, language="en", title=layout["title"], ppi=200)
    assert len(png) == 1, "the card is one page"
    assert _qr_texts(png[0]) == [f"{BASE}/k/disk-malmo"]
    pdf = desk_card.desk_card_pdf(channel=desk, language="sv")
    with pikepdf.open(io.BytesIO(pdf)) as document:
        assert len(document.pages) == 1
        assert document.open_metadata()["pdfuaid:part"] == "1"
    text = _squeeze(_pdf_text(pdf))
    assert _squeeze("Migrationsverket · Malmö") in text
    assert "svenskaEnglish" in text
    assert any("\u0600" <= character <= "\u06ff" for character in text), "the Arabic name is in Arabic script"


@pytest.mark.usefixtures("english")
def test_a_desk_card_is_made_only_for_a_staff_referral_channel(screen: Channel) -> None:
    with pytest.raises(printing.PrintError, match="not “Referral by staff at an office”"):
        desk_card.desk_card_layout(channel=screen, language="en")


def test_the_channel_page_offers_the_desk_card_to_communicators(
    desk: Channel, work_page: TopicPage, make_staff: Callable[..., Any]
) -> None:
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    client.force_login(make_staff(Role.COMMUNICATOR, username="communicator"))
    page = client.get(reverse("om_sverige_visits:channel_change", args=[desk.pk])).content.decode()
    url = reverse("om_sverige_visits:desk_card", args=[desk.pk, "sv"])
    assert url in page
    response = client.get(url)
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == 'attachment; filename="om-sverige-kort-disk-malmo-sv.pdf"'
    refused = client.get(reverse("om_sverige_visits:desk_card", args=[desk.pk, "ar"]), follow=True)
    assert "The card is written in Swedish and English only" in refused.content.decode()
