"""Lika's starting texts for Om Sverige: the content files, and their load in Swedish and English."""

from __future__ import annotations

import html
import itertools
import re
import shutil
import unicodedata
from io import StringIO
from pathlib import Path

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import Client
from wagtail.models import Locale, Page, Revision
from wagtail_localize.models import Translation, TranslationSource

from lika.audit.acting import Acting
from lika.audit.models import AuditEvent
from lika.core.translation_review import REVIEW_NOTES
from lika.newcomer_info.content import om_sverige_start_page
from lika.newcomer_info.models import AccessibilityStatementPage, TopicPage
from lika.newcomer_info.topics import (
    CONTENT_DIR,
    ContentFileError,
    PageSource,
    PageText,
    content_files_read,
    om_sverige_content_load,
)

TOPIC_SLUGS = [
    "svenska",
    "arbete",
    "forskola",
    "foraldraledighet-och-pension",
    "dina-rattigheter",
    "diskriminering",
    "stod",
    "foreningar-och-motesplatser",
    "samhallsorientering",
]
# Words that would tell someone looking at the screen or the history what the support page is about.
REVEALING_WORDS = ("våld", "vald", "violence", "abuse", "misshandel", "kvinnofrid")
# Sentences end with . ! ? in Latin script, also ؟ in Arabic script and ። ፧ in Ethiopic.
SENTENCE_END = re.compile(r"(?<=[.!?؟።፧])\s+")
# The five languages Om Sverige is translated into besides English, and the script each is written in.
SCRIPTS = {"ar": "ARABIC", "fa": "ARABIC", "prs": "ARABIC", "ti": "ETHIOPIC", "so": "LATIN"}
# The glossary: each language says these the same way on every page (Dari has its own words). Where
# the language joins "your" to the noun, both forms are listed.
GLOSSARY: dict[str, dict[str, str | tuple[str, ...]]] = {
    "daily allowance": {
        "ar": "المعونة اليومية",
        "fa": "کمک‌هزینه روزانه",
        "prs": "کمک مالی روزانه",
        "ti": "ዕለታዊ ሓገዝ ገንዘብ",
        "so": "lacagta maalinlaha ah",
    },
    "payment card": {
        "ar": "بطاقة الدفع",
        "fa": "کارت پرداخت",
        "prs": "کارت پرداخت",
        "ti": "ካርድ ክፍሊት",
        "so": "lacag-bixinta",
    },
    "residence permit": {
        "ar": ("تصريح الإقامة", "تصريح إقامة", "تصريح إقامتك"),
        "fa": "اجازه اقامت",
        "prs": "اجازه اقامت",
        "ti": "ፍቓድ መንበሪ",
        "so": ("sharciga degenaanshaha", "sharcigaaga degenaanshaha"),
    },
}
# Words of the Swedish original that stay as they are in every language: names of authorities,
# organisations and courses, and the numbers in them.
PROPER_NAMES = re.compile(
    r"Arbetsförmedlingen|Migrationsverket|Försäkringskassan|Pensionsmyndigheten|Skolverket|Socialtjänsten|"
    r"Kvinnofridslinjen|Information Sverige|Konsumenternas Bank- och finansbyrå|Studieförbunden|"
    r"Riksidrottsförbundet|Polisen|Bris|Om Sverige|sfi|komvux|folkbokföring|förskola|samhällsorientering|"
    r"kommun|DO|axe|Chromium|WCAG 2\.1|AA|PDF|QR|[0-9]+"
)


def _sources() -> dict[str, PageSource]:
    return {source.slug: source for source in content_files_read()}


def _title_tag(content: bytes) -> str:
    match = re.search(r"<title>(.*?)</title>", content.decode(), re.DOTALL)
    assert match is not None
    return html.unescape(" ".join(match.group(1).split()))


def _sentences(markup: str) -> list[str]:
    """Sentences of a text; each list item counts as a sentence of its own."""
    text = re.sub(r"</(p|li)>", ". ", markup)
    text = html.unescape(re.sub(r"<[^>]+>", " ", text))
    parts = (part.strip(" .") for part in SENTENCE_END.split(" ".join(text.split())))
    return [part.replace(" .", "") for part in parts if part.strip(" .")]


# --- The files ---------------------------------------------------------------------------------


def test_the_files_hold_the_nine_topics_in_their_order() -> None:
    sources = content_files_read()
    assert [s.kind for s in sources] == ["start", *["topic"] * 9, "statement"]
    assert [s.slug for s in sources[1:-1]] == TOPIC_SLUGS
    assert sources[-1].slug == "tillganglighet"


@pytest.mark.parametrize("slug", TOPIC_SLUGS)
def test_every_topic_links_to_an_authority_over_https(slug: str) -> None:
    for language in ("sv", "en"):
        links = _sources()[slug].texts[language].links
        assert links, f"{slug} ({language}) links to no authority"
        assert all(link["url"].startswith("https://") for link in links)


@pytest.mark.parametrize("slug", TOPIC_SLUGS)
def test_swedish_and_english_have_the_same_blocks_in_the_same_order(slug: str) -> None:
    sv, en = _sources()[slug].texts["sv"], _sources()[slug].texts["en"]
    assert [kind for kind, _ in sv.body] == [kind for kind, _ in en.body]
    tags = re.compile(r"<(p|ul|ol|li)>")
    for (_, sv_value), (_, en_value) in zip(sv.body, en.body, strict=True):
        sv_markup = sv_value["text"] if isinstance(sv_value, dict) else sv_value
        en_markup = en_value["text"] if isinstance(en_value, dict) else en_value
        assert tags.findall(sv_markup) == tags.findall(en_markup)


@pytest.mark.parametrize("language", ["sv", "en", *SCRIPTS])
def test_summaries_and_paragraphs_are_written_in_short_sentences(language: str) -> None:
    """Plain language: on average at most 15 words a sentence, and never more than 25."""
    sentences: list[str] = []
    for source in content_files_read():
        text = source.texts[language]
        sentences += _sentences(text.fields.get("summary", "") or text.fields.get("intro", ""))
        for kind, value in text.body:
            if kind == "paragraph":
                sentences += _sentences(value)
            elif kind == "fact":
                sentences += _sentences(value["text"])
    lengths = {sentence: len(sentence.split()) for sentence in sentences}
    assert len(sentences) > 100
    assert sum(lengths.values()) / len(lengths) <= 15
    assert [sentence for sentence, words in lengths.items() if words > 25] == []


def test_the_support_page_has_a_neutral_title_and_address_and_a_quick_exit() -> None:
    source = _sources()["stod"]
    assert source.shared["quick_exit"] is True
    for language in ("sv", "en", *SCRIPTS):
        fields = source.texts[language].fields
        visible = " ".join([fields["title"], fields["seo_title"], fields.get("slug", source.slug)]).lower()
        assert not any(word in visible for word in REVEALING_WORDS), visible
    # The tab says "Support and help" in each language, nothing about violence.
    assert source.texts["ar"].fields["seo_title"] == "الدعم والمساعدة"


def _texts(text: PageText) -> list[str]:
    """Every piece of reader-facing text of one language's page, with its markup removed."""
    pieces = [value for key, value in text.fields.items() if key != "slug" and isinstance(value, str)]
    for _kind, value in text.body:
        pieces += [value["title"], value["text"]] if isinstance(value, dict) else [value]
    for link in text.links:
        pieces.append(link["description"])
    for part in text.inaccessible:
        pieces += [part["description"], part["planned_fix"]]
    return [html.unescape(re.sub(r"<[^>]+>", " ", piece)) for piece in pieces if piece]


def _script_share(text: str, script: str) -> float:
    """The share of the letters of ``text``, names of the Swedish original left out, written in ``script``."""
    letters = [c for c in PROPER_NAMES.sub(" ", text) if c.isalpha()]
    return sum(unicodedata.name(c).startswith(script) for c in letters) / max(len(letters), 1)


@pytest.mark.parametrize("language", list(SCRIPTS))
def test_every_page_is_translated_into_the_language_in_its_own_script(language: str) -> None:
    """Every file has the language, and each text is in its script and not the English one left as it was."""
    for source in content_files_read():
        assert language in source.texts, f"{source.file} has no {language} text"
        english = _texts(source.texts["en"])
        for piece, english_piece in zip(_texts(source.texts[language]), english, strict=False):
            if PROPER_NAMES.sub("", piece).strip(" ()-.,:'\u2066\u2069") == "":
                continue  # a name only, such as "Skolverket" or "1177"
            assert _script_share(piece, SCRIPTS[language]) > 0.8, (source.file, piece)
            assert piece != english_piece, (source.file, piece)


def test_persian_and_dari_are_separate_texts() -> None:
    for source in content_files_read():
        assert _texts(source.texts["fa"]) != _texts(source.texts["prs"]), source.file
    arbete = _sources()["arbete"]
    assert "سوئد" in arbete.texts["fa"].fields["summary"] + str(arbete.texts["fa"].body)
    assert "سویدن" in str(arbete.texts["prs"].body)


@pytest.mark.parametrize("term", list(GLOSSARY))
def test_the_glossary_terms_are_said_the_same_way_wherever_they_occur(term: str) -> None:
    """Where the English text uses a term, each translation uses the glossary's words for it."""
    checked = 0
    for source in content_files_read():
        english = " ".join(_texts(source.texts["en"])).lower()
        if term not in english:
            continue
        for language, words in GLOSSARY[term].items():
            forms = (words,) if isinstance(words, str) else words
            text = " ".join(_texts(source.texts[language]))
            assert any(form in text for form in forms), (term, source.file, language)
            checked += 1
    assert checked >= 5


def test_numbers_with_spaces_keep_their_order_in_right_to_left_text() -> None:
    """A phone number read right to left would show its groups backwards; it is isolated left to right."""
    support = _sources()["stod"]
    for language in ("ar", "fa", "prs"):
        text = " ".join(_texts(support.texts[language]))
        assert "\u2066020-50 50 50\u2069" in text, language
        assert "020-50 50 50" not in text.replace("\u2066020-50 50 50\u2069", ""), language


def test_the_sentence_splitter_counts_list_items_as_sentences() -> None:
    assert _sentences("<p>Ring 112. Samtalet är gratis.</p><ul><li>Ett</li><li>Två ord</li></ul>") == [
        "Ring 112",
        "Samtalet är gratis",
        "Ett",
        "Två ord",
    ]


# --- Broken files ------------------------------------------------------------------------------


@pytest.fixture
def content_copy(tmp_path: Path) -> Path:
    directory = tmp_path / "content"
    shutil.copytree(CONTENT_DIR, directory)
    return directory


def _replace(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


@pytest.mark.parametrize(
    ("file", "old", "new", "message"),
    [
        (
            "topics/06-diskriminering.yaml",
            "  summary: >-\n    Ingen",
            "  summary: [\n    Ingen",
            "topics/06-diskriminering.yaml: line",
        ),
        (
            "topics/01-svenska.yaml",
            "  title: Learning Swedish\n",
            "",
            "topics/01-svenska.yaml: en.title: this text is missing.",
        ),
        (
            "topics/03-forskola.yaml",
            "      url: https://www.skolverket.se/\n      description: About",
            "      url: http://www.skolverket.se/\n      description: About",
            "topics/03-forskola.yaml: en.links[0].url: 'http://www.skolverket.se/' is not an https address.",
        ),
        (
            "topics/02-arbete.yaml",
            "    - heading: Tell them if you have a disability\n",
            "",
            "topics/02-arbete.yaml: en.body: must have the same blocks in the same order as sv.body",
        ),
        (
            "accessibility.yaml",
            "compliance_status: partial",
            "compliance_status: mostly",
            "accessibility.yaml: compliance_status: use one of full, partial, none.",
        ),
    ],
)
def test_a_broken_file_is_refused_with_its_name_and_field(
    content_copy: Path, file: str, old: str, new: str, message: str
) -> None:
    _replace(content_copy / file, old, new)
    with pytest.raises(ContentFileError) as refusal:
        content_files_read(content_copy)
    assert message in refusal.value.messages[0]


@pytest.mark.django_db
def test_a_broken_file_creates_nothing(acting: Acting, content_copy: Path) -> None:
    _replace(content_copy / "topics/09-samhallsorientering.yaml", "  slug: civic-orientation\n", "")
    pages_before = Page.objects.count()
    with pytest.raises(ContentFileError, match=r"09-samhallsorientering\.yaml: en\.slug"):
        om_sverige_content_load(acting=acting, directory=content_copy)
    assert Page.objects.count() == pages_before
    assert not AuditEvent.objects.exists()


@pytest.mark.django_db
def test_a_translation_that_splits_differently_undoes_the_whole_load(acting: Acting, content_copy: Path) -> None:
    """The last topic's English text has a paragraph more than its Swedish one; found only while loading."""
    _replace(
        content_copy / "topics/09-samhallsorientering.yaml",
        "You also learn how democracy works.</p>",
        "You also learn how democracy works.</p><p>And more.</p>",
    )
    pages_before = Page.objects.count()
    with pytest.raises(ContentFileError, match=r"09-samhallsorientering\.yaml: en: the English text does not split"):
        om_sverige_content_load(acting=acting, directory=content_copy)
    assert Page.objects.count() == pages_before
    assert not TranslationSource.objects.exists()
    assert not AuditEvent.objects.exists()


@pytest.mark.django_db
def test_a_load_without_a_reason_is_refused(content_copy: Path) -> None:
    with pytest.raises(ValidationError):
        om_sverige_content_load(acting=Acting(actor=None, reason=" "), directory=content_copy)
    assert not TopicPage.objects.exists()


# --- The load ----------------------------------------------------------------------------------


@pytest.fixture
def loaded(acting: Acting, db: None) -> None:
    om_sverige_content_load(acting=acting)


@pytest.mark.usefixtures("loaded")
def test_the_load_publishes_every_page_in_swedish_and_english() -> None:
    client = Client()
    english = Locale.objects.get(language_code="en")
    sources = _sources()
    start = om_sverige_start_page()
    assert start is not None
    pages = list(start.get_children().specific().order_by("path"))
    assert [page.slug for page in pages] == [*TOPIC_SLUGS, "tillganglighet"]
    for page in pages:
        source = sources[page.slug]
        assert page.live
        assert isinstance(page, AccessibilityStatementPage if page.slug == "tillganglighet" else TopicPage)
        assert page.show_in_menus is (page.slug != "tillganglighet")
        translated = page.get_translation(english)
        assert translated.live
        if isinstance(page, TopicPage):
            urls = [link.value["url"] for link in page.authority_links]
            assert urls, f"{page.slug} links to no authority"
            assert all(url.startswith("https://") for url in urls), page.slug
        for url, title in (
            (f"/sv/om-sverige/{page.slug}/", source.texts["sv"].fields["title"]),
            (f"/en/om-sverige/{source.texts['en'].fields['slug']}/", source.texts["en"].fields["title"]),
        ):
            response = client.get(url)
            assert response.status_code == 200, url
            assert title in html.unescape(response.content.decode()), url


@pytest.mark.usefixtures("loaded")
def test_the_load_publishes_every_page_in_each_language_with_its_review_note() -> None:
    """Every page at /<language>/om-sverige/<Swedish slug>/, in its language, saying it is not yet reviewed."""
    client = Client()
    sources = _sources()
    start = om_sverige_start_page()
    assert start is not None
    pages = [start, *start.get_children().specific().order_by("path")]
    for language, page in itertools.product(SCRIPTS, pages):
        locale = Locale.objects.get(language_code=language)
        translated = page.get_translation(locale)
        assert translated.live, page.slug
        assert translated.alias_of_id is None, page.slug
        translation = Translation.objects.get(
            source__object_id=page.translation_key, source__locale=page.locale, target_locale=locale
        )
        total, done = translation.get_progress()
        assert done == total > 0, page.slug
        url = f"/{language}/om-sverige/" + ("" if page.pk == start.pk else f"{page.slug}/")
        response = client.get(url)
        assert response.status_code == 200, url
        content = html.unescape(response.content.decode())
        assert sources[page.slug].texts[language].fields["title"] in content, url
        assert f'<html lang="{language}"' in content, url
        assert REVIEW_NOTES[language] in content, url


@pytest.mark.usefixtures("loaded")
def test_the_start_page_gets_its_introduction_in_both_languages() -> None:
    start = om_sverige_start_page()
    assert start is not None
    intros = {language: _sources()["om-sverige"].texts[language].fields["intro"] for language in ("sv", "en")}
    assert start.intro == intros["sv"]
    english = start.get_translation(Locale.objects.get(language_code="en")).specific
    assert english.intro == intros["en"]
    assert english.live


def test_the_statement_has_the_facts_of_this_site() -> None:
    statement = _sources()["tillganglighet"]
    assert statement.shared["compliance_status"] == "partial"
    assert statement.shared["contact_email"] == "tillganglighet@lika.example"
    assert "WCAG 2.1 AA" in statement.texts["en"].fields["assessment_method"]
    assert len(statement.texts["sv"].inaccessible) == len(statement.texts["en"].inaccessible) == 2
    assert str(statement.shared["reviewed_on"]) == "2026-11-22"


@pytest.mark.usefixtures("loaded")
def test_the_english_pages_are_wagtail_localize_translations_with_every_segment_translated() -> None:
    start = om_sverige_start_page()
    assert start is not None
    for page in [start, *start.get_children()]:
        translation = Translation.objects.get(
            source__object_id=page.translation_key, source__locale=page.locale, target_locale__language_code="en"
        )
        total, translated = translation.get_progress()
        assert total > 0
        assert translated == total, page.slug
        assert translation.get_target_instance().live


@pytest.mark.usefixtures("loaded")
def test_the_english_text_is_the_english_file_not_the_swedish_one() -> None:
    page = TopicPage.objects.get(slug="arbete", locale__language_code="sv")
    english = page.get_translation(Locale.objects.get(language_code="en")).specific
    source = _sources()["arbete"].texts["en"]
    assert english.summary == source.fields["summary"]
    assert [block.block_type for block in english.body] == [kind for kind, _ in source.body]
    assert str(english.body[1].value) == source.body[1][1]
    assert [link.value["description"] for link in english.authority_links] == [
        link["description"] for link in source.links
    ]


@pytest.mark.usefixtures("loaded")
def test_the_support_page_keeps_its_subject_out_of_the_tab_and_the_address() -> None:
    client = Client()
    page = TopicPage.objects.get(slug="stod", locale__language_code="sv")
    english = page.get_translation(Locale.objects.get(language_code="en")).specific
    for version in (page, english):
        assert version.quick_exit
        url = version.get_url()
        assert url
        response = client.get(url)
        assert response.status_code == 200
        visible = (_title_tag(response.content) + " " + url).lower()
        assert not any(word in visible for word in REVEALING_WORDS), visible


@pytest.mark.usefixtures("loaded")
def test_loading_again_changes_nothing_and_keeps_an_editors_changes(acting: Acting) -> None:
    # The first load recorded each page it made and each translation (the start page's too).
    assert AuditEvent.objects.filter(action="newcomer_info.om_sverige_page_load").count() == 11
    # English, Arabic, Persian, Dari, Tigrinya and Somali.
    assert AuditEvent.objects.filter(action="newcomer_info.om_sverige_page_translate").count() == 11 * 6
    assert set(AuditEvent.objects.values_list("reason", flat=True)) == {"Test"}
    page = TopicPage.objects.get(slug="arbete", locale__language_code="sv")
    page.summary = "En redaktör har skrivit om den här texten."
    page.save_revision().publish()
    counts = (Page.objects.count(), Revision.objects.count(), Translation.objects.count())
    audits = AuditEvent.objects.count()

    result = om_sverige_content_load(acting=acting)

    assert result.created == []
    assert result.translated == []
    assert len(result.kept) == 11
    assert (Page.objects.count(), Revision.objects.count(), Translation.objects.count()) == counts
    assert AuditEvent.objects.count() == audits
    assert TopicPage.objects.get(pk=page.pk).summary == "En redaktör har skrivit om den här texten."


@pytest.mark.django_db
def test_the_command_loads_once_and_then_reports_nothing_to_do() -> None:
    out = StringIO()
    call_command("om_sverige_load", stdout=out)
    assert (
        "11 pages loaded in Swedish, 11 translated into English, 11 into ar, 11 into fa, 11 into prs, "
        "11 into so, 11 into ti;" in out.getvalue()
    )
    out = StringIO()
    call_command("om_sverige_load", stdout=out)
    assert "nothing was changed" in out.getvalue()


@pytest.mark.django_db
def test_the_command_names_the_broken_file(content_copy: Path) -> None:
    _replace(content_copy / "start.yaml", "slug: om-sverige", "slug: ''")
    with pytest.raises(CommandError, match=r"start.yaml: slug: this text is missing\. Nothing was changed\."):
        call_command("om_sverige_load", directory=content_copy)
    assert not TopicPage.objects.exists()


@pytest.mark.django_db
def test_a_later_load_adds_a_new_language_only_to_pages_whose_swedish_text_is_the_files(
    acting: Acting, content_copy: Path
) -> None:
    """Somali arrives after the first load: unchanged pages gain it; an edited Swedish page is left alone."""
    full = {path: path.read_text(encoding="utf-8") for path in content_copy.rglob("*.yaml")}
    for path, text in full.items():
        path.write_text(text[: text.index("\nso:\n") + 1], encoding="utf-8")
    om_sverige_content_load(acting=acting, directory=content_copy)
    somali = Locale.objects.get(language_code="so")
    assert not Page.objects.filter(locale=somali, alias_of__isnull=True).exists()
    edited = TopicPage.objects.get(slug="arbete", locale__language_code="sv")
    edited.summary = "En redaktör har skrivit om den här texten."
    edited.save_revision().publish()
    for path, text in full.items():
        path.write_text(text, encoding="utf-8")

    result = om_sverige_content_load(acting=acting, directory=content_copy)

    assert result.created == []
    assert len(result.translated_into["so"]) == 10
    assert "arbete" not in result.translated_into["so"]
    assert not Page.objects.filter(
        translation_key=edited.translation_key, locale=somali, alias_of__isnull=True
    ).exists()
    assert TopicPage.objects.get(slug="svenska", locale=somali).title == "Barashada af Iswiidhishka"
