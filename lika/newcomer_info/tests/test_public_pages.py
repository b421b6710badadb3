"""Om Sverige's public pages through the test client: language, direction, links, quick exit, 404.

The browser checks (axe, fonts, keyboard, print) are in ``test_public_browser.py`` and build the
same pages with :func:`lika.testing.om_sverige.build_om_sverige`.
"""

from __future__ import annotations

from typing import Any

import pytest
from bs4 import BeautifulSoup, Tag
from django.test import Client
from django.utils import translation
from wagtail.models import Locale

from lika.audit.acting import Acting
from lika.newcomer_info.content import om_sverige_install
from lika.testing.om_sverige import QUICK_EXIT_SITE, OmSverige, build_om_sverige, translate

pytestmark = pytest.mark.django_db


@pytest.fixture
def om_sverige(acting: Acting) -> OmSverige:
    return build_om_sverige(acting)


@pytest.fixture
def reader() -> Client:
    return Client()


def _one(soup: BeautifulSoup | Tag, selector: str) -> Tag:
    """The one element ``selector`` finds; fails the test, naming the selector, where there is none."""
    found = soup.select_one(selector)
    assert found is not None, f"nothing matches {selector!r}"
    return found


def _get(client: Client, path: str) -> BeautifulSoup:
    response = client.get(path)
    assert response.status_code == 200, (path, response.status_code, response.get("Location"))
    return BeautifulSoup(response.content, "html.parser")


# --- Language and direction -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("path", "language", "direction"),
    [
        ("/sv/om-sverige/", "sv", "ltr"),
        ("/en/om-sverige/", "en", "ltr"),
        ("/ar/om-sverige/", "ar", "rtl"),
        ("/sv/om-sverige/arbete/", "sv", "ltr"),
        ("/ar/om-sverige/arbete/", "ar", "rtl"),
        ("/ar/om-sverige/tillganglighet/", "ar", "rtl"),
        ("/en/om-sverige/stod/", "en", "ltr"),
    ],
)
def test_html_names_the_language_and_direction_of_the_page(
    om_sverige: OmSverige, reader: Client, path: str, language: str, direction: str
) -> None:
    html = _one(_get(reader, path), "html")
    assert (html["lang"], html["dir"]) == (language, direction)


@pytest.mark.parametrize("language", ["fa", "prs"])
def test_persian_and_dari_pages_are_right_to_left(acting: Acting, reader: Client, language: str) -> None:
    start = om_sverige_install(acting=acting)
    translate(start, language, title="درباره سوئد")
    html = _one(_get(reader, f"/{language}/om-sverige/"), "html")
    assert (html["lang"], html["dir"]) == (language, "rtl")


def test_page_language_comes_from_the_page_not_the_address(om_sverige: OmSverige, reader: Client) -> None:
    """A page served in another language's tree says its own language (a Swedish page stays ``sv``)."""
    from lika.newcomer_info.templatetags.om_sverige import page_language

    with translation.override("ar"):
        assert page_language(om_sverige.safety) == "sv"
        assert page_language(None) == "ar"


def test_language_links_list_only_live_translations_in_their_own_names(om_sverige: OmSverige, reader: Client) -> None:
    soup = _get(reader, "/ar/om-sverige/arbete/")
    links = soup.select("nav.languages a")
    assert [(a["lang"], a["hreflang"], a.get_text(strip=True), a["href"]) for a in links] == [
        ("sv", "sv", "svenska", "/sv/om-sverige/arbete/"),
        ("en", "en", "English", "/en/om-sverige/arbete/"),
        ("ar", "ar", "العربيّة", "/ar/om-sverige/arbete/"),
    ]
    assert [a.get("aria-current") for a in links] == [None, None, "page"]
    assert links[2]["dir"] == "rtl"
    # The untranslated topic lists no Arabic link: it has only Swedish and English.
    safety = _get(reader, "/sv/om-sverige/stod/")
    assert [a["lang"] for a in safety.select("nav.languages a")] == ["sv", "en"]


def test_a_page_with_no_translation_has_no_language_list(acting: Acting, reader: Client) -> None:
    om_sverige_install(acting=acting)
    assert _get(reader, "/sv/om-sverige/").select("nav.languages") == []


def test_alternate_links_name_every_translation_with_an_absolute_address(om_sverige: OmSverige, reader: Client) -> None:
    soup = _get(reader, "/sv/om-sverige/arbete/")
    alternates = {link["hreflang"]: link["href"] for link in soup.select('link[rel="alternate"]')}
    assert alternates == {
        "sv": "http://testserver/sv/om-sverige/arbete/",
        "en": "http://testserver/en/om-sverige/arbete/",
        "ar": "http://testserver/ar/om-sverige/arbete/",
    }


def test_title_is_the_neutral_seo_title_where_one_is_set(om_sverige: OmSverige, reader: Client) -> None:
    assert _one(_get(reader, "/sv/om-sverige/stod/"), "title").get_text(strip=True) == "Information"
    assert _one(_get(reader, "/sv/om-sverige/arbete/"), "title").get_text(strip=True) == "Arbete"


def test_landmarks_and_skip_link(om_sverige: OmSverige, reader: Client) -> None:
    soup = _get(reader, "/en/om-sverige/arbete/")
    body_children = list(_one(soup, "body").find_all(recursive=False))
    assert body_children[0]["class"] == ["skip-link"]
    assert body_children[0]["href"] == "#main"
    assert [tag.name for tag in body_children[1:]] == ["header", "main", "footer"]
    assert _one(soup, "main")["id"] == "main"
    assert len(soup.find_all("h1")) == 1


# --- Accessibility statement in every footer ------------------------------------------------------


@pytest.mark.parametrize(
    ("path", "statement", "hreflang"),
    [
        ("/sv/om-sverige/", "/sv/om-sverige/tillganglighet/", None),
        ("/sv/om-sverige/arbete/", "/sv/om-sverige/tillganglighet/", None),
        ("/sv/om-sverige/stod/", "/sv/om-sverige/tillganglighet/", None),
        ("/en/om-sverige/", "/en/om-sverige/tillganglighet/", None),
        ("/en/om-sverige/stod/", "/en/om-sverige/tillganglighet/", None),
        ("/en/om-sverige/tillganglighet/", "/en/om-sverige/tillganglighet/", None),
        ("/ar/om-sverige/", "/ar/om-sverige/tillganglighet/", None),
        ("/ar/om-sverige/arbete/", "/ar/om-sverige/tillganglighet/", None),
    ],
)
def test_every_footer_links_the_statement_in_the_pages_language(
    om_sverige: OmSverige, reader: Client, path: str, statement: str, hreflang: str | None
) -> None:
    link = _get(reader, path).select_one("footer a.statement-link")
    assert link is not None
    assert (link["href"], link.get("hreflang")) == (statement, hreflang)


def test_footer_marks_the_statement_link_current_on_the_statement(om_sverige: OmSverige, reader: Client) -> None:
    on_statement = _one(_get(reader, "/ar/om-sverige/tillganglighet/"), "footer a.statement-link")
    elsewhere = _one(_get(reader, "/ar/om-sverige/"), "footer a.statement-link")
    assert (on_statement.get("aria-current"), elsewhere.get("aria-current")) == ("page", None)


def test_footer_falls_back_to_the_english_statement_then_the_swedish(acting: Acting, reader: Client) -> None:
    pages = build_om_sverige(acting, translations=("ti",))
    link = _one(_get(reader, "/ti/om-sverige/"), "footer a.statement-link")
    assert (link["href"], link["hreflang"]) == ("/sv/om-sverige/tillganglighet/", "sv")
    translate(pages.start, "en", title="About Sweden")
    translate(pages.statement, "en", title="Accessibility")
    link = _one(_get(reader, "/ti/om-sverige/"), "footer a.statement-link")
    assert (link["href"], link["hreflang"]) == ("/en/om-sverige/tillganglighet/", "en")


def test_statement_has_every_part_digg_asks_for(om_sverige: OmSverige, reader: Client) -> None:
    with translation.override("en"):
        soup = _get(reader, "/en/om-sverige/tillganglighet/")
    headings = [h.get_text(strip=True) for h in soup.select("main h2")]
    assert headings == [
        "How accessible is the website?",
        "Content that is not accessible",
        "Tell us about problems, or ask for content in another form",
        "Supervision",
        "How we tested the website",
        "About this statement",
    ]
    text = _one(soup, "main").get_text(" ", strip=True)
    assert "http://testserver/en/om-sverige/" in text  # which site it covers
    assert "partly meets the requirements" in text
    assert "Några PDF-filer saknar rubriker." in text
    assert "We have not fixed it yet." in text
    assert "Våren 2026" in text
    assert soup.select_one('main a[href="mailto:tillganglighet@lika.example"]') is not None
    assert soup.select_one('main a[href="tel:010-1234567"]') is not None
    assert "We answer within two working days." in text
    assert soup.select_one('main a[href="https://www.digg.se/"]') is not None
    assert "automatiska verktyg" in text
    assert "first written on Jan. 15, 2026. It was last reviewed on March 1, 2026." in text


# --- Redirect of an untranslated page ------------------------------------------------------------


def test_untranslated_page_redirects_to_english_when_the_start_page_is_translated(
    om_sverige: OmSverige, reader: Client
) -> None:
    """The Arabic tree has no safety topic: the reader goes to its English translation."""
    response = reader.get("/ar/om-sverige/stod/")
    assert (response.status_code, response["Location"]) == (302, "/en/om-sverige/stod/")


def test_page_served_from_the_swedish_tree_redirects_to_the_readers_translation(acting: Acting, reader: Client) -> None:
    """With no Somali start page Wagtail serves the Swedish tree under /so/; the hook redirects."""
    pages = build_om_sverige(acting, translations=())
    response = reader.get("/so/om-sverige/arbete/?utm=brev")
    assert (response.status_code, response["Location"]) == (302, "/sv/om-sverige/arbete/?utm=brev")
    translate(pages.start, "en", title="About Sweden")
    translate(pages.work, "en", title="Work")
    response = reader.get("/so/om-sverige/arbete/")
    assert (response.status_code, response["Location"]) == (302, "/en/om-sverige/arbete/")
    assert reader.get("/so/om-sverige/")["Location"] == "/en/om-sverige/"


def test_alias_in_the_readers_tree_redirects_to_a_page_with_its_own_text(om_sverige: OmSverige, reader: Client) -> None:
    om_sverige.safety.copy_for_translation(Locale.objects.get(language_code="ar"), alias=True)
    response = reader.get("/ar/om-sverige/stod/")
    assert (response.status_code, response["Location"]) == (302, "/en/om-sverige/stod/")


def test_translated_page_is_served_without_redirect(om_sverige: OmSverige, reader: Client) -> None:
    assert reader.get("/ar/om-sverige/arbete/").status_code == 200
    assert reader.get("/sv/om-sverige/stod/").status_code == 200


# --- Quick exit ----------------------------------------------------------------------------------


def test_quick_exit_is_a_plain_link_first_after_the_skip_link(om_sverige: OmSverige, reader: Client) -> None:
    with translation.override("en"):
        soup = _get(reader, "/en/om-sverige/stod/")
    links = soup.find_all("a")
    assert links[0]["class"] == ["skip-link"]
    exit_link = links[1]
    assert exit_link["class"] == ["quick-exit__button"]
    assert exit_link["href"] == QUICK_EXIT_SITE
    assert exit_link.get_text(strip=True) == "Leave this page quickly"
    assert "noreferrer" in exit_link["rel"]
    assert "does not clear your browser history" in _one(soup, ".quick-exit-note").get_text()
    assert _one(soup, 'meta[name="referrer"]')["content"] == "no-referrer"
    assert soup.select_one('script[src$="newcomer_info/quick-exit.js"]') is not None


@pytest.mark.parametrize("path", ["/sv/om-sverige/", "/sv/om-sverige/arbete/", "/sv/om-sverige/tillganglighet/"])
def test_quick_exit_only_where_the_page_asks_for_it(om_sverige: OmSverige, reader: Client, path: str) -> None:
    soup = _get(reader, path)
    assert soup.select(".quick-exit, .quick-exit-note, script") == []
    assert soup.find("a", href=QUICK_EXIT_SITE) is None


def test_public_pages_set_no_cookie(om_sverige: OmSverige, reader: Client) -> None:
    for path in ["/sv/om-sverige/", "/ar/om-sverige/arbete/", "/en/om-sverige/tillganglighet/", "/sv/om-sverige/x/"]:
        response = reader.get(path)
        assert response.cookies == {}, path


# --- Not found ---------------------------------------------------------------------------------


@pytest.mark.parametrize(("language", "direction"), [("sv", "ltr"), ("en", "ltr"), ("ar", "rtl")])
def test_missing_page_gets_om_sveriges_404_in_the_language_of_its_address(
    om_sverige: OmSverige, reader: Client, language: str, direction: str
) -> None:
    response = reader.get(f"/{language}/om-sverige/finns-inte/")
    assert response.status_code == 404
    soup = BeautifulSoup(response.content, "html.parser")
    assert (_one(soup, "html")["lang"], _one(soup, "html")["dir"]) == (language, direction)
    assert _one(soup, "a.skip-link")["href"] == "#main"
    assert soup.select_one("main#main h1") is not None
    assert _one(soup, "footer a.statement-link")["href"] == f"/{language}/om-sverige/tillganglighet/"
    assert soup.select_one(f'main a[href="/{language}/om-sverige/"]') is not None
    assert response.cookies == {}


def test_missing_page_outside_om_sverige_keeps_likas_404(reader: Client) -> None:
    response = reader.get("/finns-inte/")
    assert response.status_code == 404
    assert b"statement-link" not in response.content


def test_unknown_channel_page_has_the_public_layout(om_sverige: OmSverige, reader: Client) -> None:
    response = reader.get("/k/finns-inte", {"lang": "ar"})
    assert response.status_code == 404
    soup = BeautifulSoup(response.content, "html.parser")
    assert (_one(soup, "html")["lang"], _one(soup, "html")["dir"]) == ("ar", "rtl")
    assert _one(soup, "footer a.statement-link")["href"] == "/ar/om-sverige/tillganglighet/"
    assert _one(soup, 'meta[name="robots"]')["content"] == "noindex"
    assert response.cookies == {}


def test_pages_render_with_a_bounded_number_of_queries(
    om_sverige: OmSverige, reader: Client, django_assert_max_num_queries: Any
) -> None:
    with django_assert_max_num_queries(40):
        _get(reader, "/ar/om-sverige/")


def test_topic_list_links_carry_their_printed_address(om_sverige: OmSverige, reader: Client) -> None:
    soup = _get(reader, "/sv/om-sverige/")
    printed = [a["data-print-url"] for a in soup.select(".topic-list a")]
    assert printed == ["http://testserver/sv/om-sverige/arbete/", "http://testserver/sv/om-sverige/stod/"]
    assert all(str(a["href"]).startswith("/sv/om-sverige/") for a in soup.select(".topic-list a"))
