"""Starting a translation in Wagtail ("Translate → Arabic") never puts Swedish text under another language.

The communicator's own path: wagtail-localize's submit view, through the test client. The translation
is a draft until its translated text is published; meanwhile readers of that language keep getting
their language, else English, else Swedish, for that page and every other.
"""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.test import Client, TestCase
from django.urls import reverse
from wagtail.models import Locale, Page

from lika.accounts.models import User
from lika.accounts.roles import Role
from lika.audit.acting import Acting
from lika.newcomer_info import print_views, printing
from lika.newcomer_info.models import TopicPage
from lika.newcomer_info.selectors import live_translations
from lika.testing.om_sverige import OmSverige, build_om_sverige

pytestmark = pytest.mark.django_db

capture_on_commit_callbacks = TestCase.captureOnCommitCallbacks


@pytest.fixture
def om_sverige(acting: Acting) -> OmSverige:
    """Om Sverige in Swedish and English only: nothing is translated into Arabic or Somali yet."""
    return build_om_sverige(acting, translations=("en",))


@pytest.fixture
def communicator(client: Client, make_staff: Callable[..., User]) -> Client:
    client.force_login(make_staff(Role.COMMUNICATOR))
    return client


def _translate_in_wagtail(client: Client, page: Page, *languages: str, subtree: bool = False) -> None:
    """Submits "Translate" for ``page``; wagtail-localize's after-commit work (publishing) runs too."""
    locales = [Locale.objects.get(language_code=code).pk for code in languages]
    data: dict[str, object] = {"locales": locales}
    if subtree:
        data["include_subtree"] = "on"
    with capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("wagtail_localize:submit_page_translation", args=[page.pk]), data, HTTP_ACCEPT_LANGUAGE="en"
        )
    assert response.status_code == 302, response.content.decode()[:2000]


def test_starting_a_translation_makes_a_draft_not_a_live_swedish_page(
    communicator: Client, om_sverige: OmSverige
) -> None:
    _translate_in_wagtail(communicator, om_sverige.work, "ar")
    arabic = om_sverige.work.get_translation(Locale.objects.get(language_code="ar"))
    assert arabic.title == "Arbete"  # the draft starts from the Swedish text ...
    assert not arabic.live  # ... which no reader sees
    assert arabic.has_unpublished_changes
    assert "ar" not in live_translations(om_sverige.work)


def test_readers_keep_their_fallback_for_that_page_and_every_other(communicator: Client, om_sverige: OmSverige) -> None:
    _translate_in_wagtail(communicator, om_sverige.work, "ar")
    anonymous = Client()
    for path, english in (
        ("/ar/om-sverige/arbete/", "/en/om-sverige/arbete/"),
        ("/ar/om-sverige/stod/", "/en/om-sverige/stod/"),
        ("/ar/om-sverige/", "/en/om-sverige/"),
    ):
        response = anonymous.get(path, follow=True)
        assert response.status_code == 200, path
        # Sent on to the English page, not served in Swedish under /ar/.
        assert [url for url, _status in response.redirect_chain] == [english], path


def test_translating_the_start_page_after_a_topic_keeps_it_a_draft(communicator: Client, om_sverige: OmSverige) -> None:
    """The topic's translation put a live alias of the start page into the Arabic tree; translating the
    start page turns that alias into a page with Swedish text, which must not be live."""
    _translate_in_wagtail(communicator, om_sverige.work, "ar")
    _translate_in_wagtail(communicator, om_sverige.start, "ar")
    arabic_start = om_sverige.start.get_translation(Locale.objects.get(language_code="ar"))
    assert arabic_start.alias_of_id is None
    assert not arabic_start.live
    response = Client().get("/ar/om-sverige/", follow=True)
    assert response.redirect_chain[-1][0] == "/en/om-sverige/"


def test_translating_a_subtree_makes_only_drafts(communicator: Client, om_sverige: OmSverige) -> None:
    _translate_in_wagtail(communicator, om_sverige.start, "so", subtree=True)
    somali = Page.objects.filter(locale__language_code="so")
    assert somali.count() == 4
    assert not somali.live().exists()


def test_publishing_the_translation_makes_it_the_arabic_page(communicator: Client, om_sverige: OmSverige) -> None:
    _translate_in_wagtail(communicator, om_sverige.work, "ar")
    arabic = om_sverige.work.get_translation(Locale.objects.get(language_code="ar")).specific
    arabic.title = "العمل"
    arabic.save_revision().publish()
    response = Client().get("/ar/om-sverige/arbete/", follow=True)
    assert "العمل" in response.content.decode()
    # Other Arabic addresses still fall back to English.
    assert "Support and help" in Client().get("/ar/om-sverige/stod/", follow=True).content.decode()


def test_letter_and_slides_name_only_languages_really_published(communicator: Client, om_sverige: OmSverige) -> None:
    _translate_in_wagtail(communicator, om_sverige.work, "ar")  # a draft, and a live alias of the start page
    assert printing.published_languages() == ["sv", "en"]
    work = TopicPage.objects.get(pk=om_sverige.work.pk)
    assert print_views._translated_languages([work]) == {work.pk: ["Swedish", "English"]}
    with pytest.raises(printing.PrintError):
        printing.topic_translation(work, "ar")


def test_an_alias_of_the_start_page_is_not_a_published_language(acting: Acting, om_sverige: OmSverige) -> None:
    om_sverige.start.copy_for_translation(Locale.objects.get(language_code="ti"), alias=True)
    om_sverige.work.copy_for_translation(Locale.objects.get(language_code="ti"), alias=True)
    assert "ti" not in printing.published_languages()
    work = TopicPage.objects.get(pk=om_sverige.work.pk)
    assert print_views._translated_languages([work]) == {work.pk: ["Swedish", "English"]}
    with pytest.raises(printing.PrintError):
        printing.topic_translation(work, "ti")


def test_a_topic_published_under_a_draft_start_page_is_not_served_in_swedish(
    communicator: Client, om_sverige: OmSverige
) -> None:
    """The Arabic start page is a draft, so no Arabic address leads to the published Arabic topic."""
    _translate_in_wagtail(communicator, om_sverige.work, "ar")
    _translate_in_wagtail(communicator, om_sverige.start, "ar")
    arabic = om_sverige.work.get_translation(Locale.objects.get(language_code="ar")).specific
    arabic.title = "العمل"
    arabic.save_revision().publish()
    response = Client().get("/ar/om-sverige/arbete/", follow=True)
    assert [url for url, _status in response.redirect_chain] == ["/en/om-sverige/arbete/"]
    assert "ar" not in live_translations(om_sverige.work)
