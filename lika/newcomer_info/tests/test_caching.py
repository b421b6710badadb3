"""Om Sverige's cached public pages and the cached short paths (lika/newcomer_info/caching.py)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.core.cache import cache
from django.test import Client, TestCase
from wagtail.models import Locale, Page, PageViewRestriction
from wagtail_localize.models import Translation, TranslationSource

from lika.accounts.models import User
from lika.accounts.roles import Role
from lika.audit.acting import Acting
from lika.newcomer_info import caching
from lika.newcomer_info.content import om_sverige_install
from lika.newcomer_info.models import Channel, ChannelVisitDay, OmSverigeIndexPage, TopicPage
from lika.newcomer_info.services import channel_change

pytestmark = pytest.mark.django_db

BROWSER = "Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0"
TOPIC = "/sv/om-sverige/arbete/"


def _translate(page: Page, language: str) -> Page:
    """The page's translation into ``language``, made and published through wagtail-localize."""
    source, _created = TranslationSource.get_or_create_from_instance(page)
    translation = Translation.objects.create(source=source, target_locale=Locale.objects.get(language_code=language))
    # wagtail-localize publishes when the transaction commits, as it does for a translator.
    with TestCase.captureOnCommitCallbacks(execute=True):
        translation.save_target(publish=True)
    translated: Page = page.get_translation(translation.target_locale)
    return translated


@pytest.fixture
def start(acting: Acting) -> OmSverigeIndexPage:
    return om_sverige_install(acting=acting)


@pytest.fixture
def topic(start: OmSverigeIndexPage) -> TopicPage:
    page = TopicPage(title="Arbete", slug="arbete", summary="Så hittar du ett arbete.")
    start.add_child(instance=page)
    page.save_revision().publish()
    return page


@pytest.fixture
def reader() -> Client:
    return Client(HTTP_USER_AGENT=BROWSER)


def test_second_request_serves_the_same_bytes_without_touching_the_database(
    topic: TopicPage, reader: Client, django_assert_num_queries: Any
) -> None:
    first = reader.get(TOPIC)
    assert first.status_code == 200
    assert "Så hittar du ett arbete." in first.content.decode()
    with django_assert_num_queries(0):
        second = reader.get(TOPIC)
    assert second.status_code == 200
    assert second.content == first.content
    assert second["Content-Type"] == first["Content-Type"]
    assert second["Content-Language"] == "sv"


def test_pages_say_public_max_age_and_set_no_cookie(topic: TopicPage, reader: Client) -> None:
    for response in (reader.get(TOPIC), reader.get(TOPIC), reader.get("/sv/om-sverige/")):
        assert response.status_code == 200
        assert response["Cache-Control"] == f"public, max-age={caching.PAGE_MAX_AGE_SECONDS}"
        assert "Set-Cookie" not in response.headers
        assert response.cookies == {}
    assert 0 <= int(reader.get(TOPIC)["Age"]) <= caching.PAGE_MAX_AGE_SECONDS


def test_head_is_answered_from_the_cache_without_a_body(
    topic: TopicPage, reader: Client, django_assert_num_queries: Any
) -> None:
    length = len(reader.get(TOPIC).content)
    with django_assert_num_queries(0):
        response = reader.head(TOPIC)
    assert response.status_code == 200
    assert response.content == b""
    assert int(response["Content-Length"]) == length


def test_a_published_change_is_served_at_once(
    topic: TopicPage, reader: Client, django_capture_on_commit_callbacks: Any
) -> None:
    assert "Så hittar du ett arbete." in reader.get(TOPIC).content.decode()
    topic.summary = "Arbetsförmedlingen hjälper dig."
    with django_capture_on_commit_callbacks(execute=True):
        topic.save_revision().publish()
    assert "Arbetsförmedlingen hjälper dig." in reader.get(TOPIC).content.decode()


def test_a_saved_draft_is_not_served(topic: TopicPage, reader: Client) -> None:
    reader.get(TOPIC)
    topic.summary = "Ett utkast."
    topic.save_revision()
    content = reader.get(TOPIC).content.decode()
    assert "Så hittar du ett arbete." in content
    assert "Ett utkast." not in content


def test_an_unpublished_page_is_gone_at_once(topic: TopicPage, reader: Client) -> None:
    assert reader.get(TOPIC).status_code == 200
    topic.unpublish()
    assert reader.get(TOPIC).status_code == 404


def test_a_deleted_page_is_gone_at_once(topic: TopicPage, reader: Client) -> None:
    assert reader.get(TOPIC).status_code == 200
    topic.delete()
    assert reader.get(TOPIC).status_code == 404


def test_a_moved_page_is_served_at_its_new_address_only(
    topic: TopicPage, start: OmSverigeIndexPage, reader: Client
) -> None:
    other = TopicPage(title="Bostad", slug="bostad", summary="Så hittar du en bostad.")
    start.add_child(instance=other)
    assert reader.get(TOPIC).status_code == 200
    # Om Sverige's topics sit directly under the start page, so a move is a new place among them,
    # and a slug change is the move a reader notices.
    topic.move(other, pos="left")
    topic.refresh_from_db()
    topic.slug = "jobb"
    topic.save_revision().publish()
    assert reader.get(TOPIC).status_code == 404
    assert reader.get("/sv/om-sverige/jobb/").status_code == 200


def test_a_published_translation_is_served_at_once(start: OmSverigeIndexPage, topic: TopicPage, reader: Client) -> None:
    """Before it has its own translation, the English address leads elsewhere; once published, to the page."""
    _translate(start, "en")
    before = reader.get("/en/om-sverige/arbete/")
    assert before.status_code != 200
    _translate(topic, "en")
    response = reader.get("/en/om-sverige/arbete/")
    assert response.status_code == 200
    assert response["Content-Language"] == "en"
    assert reader.get("/en/om-sverige/arbete/").content == response.content


def test_a_page_made_private_is_no_longer_served_from_the_cache(topic: TopicPage, reader: Client) -> None:
    assert reader.get(TOPIC).status_code == 200
    PageViewRestriction.objects.create(page=topic, restriction_type=PageViewRestriction.LOGIN)
    response = reader.get(TOPIC)
    assert response.status_code == 302
    assert "Cache-Control" not in response.headers or "public" not in response["Cache-Control"]


def test_logged_in_staff_are_never_served_nor_fill_the_cache(
    topic: TopicPage, make_staff: Callable[..., User], reader: Client
) -> None:
    staff = Client(HTTP_USER_AGENT=BROWSER)
    staff.force_login(make_staff(Role.COMMUNICATOR))
    response = staff.get(TOPIC)
    assert response.status_code == 200
    assert "private" in response["Cache-Control"]
    assert "public" not in response["Cache-Control"]
    # A draft the communicator's page reflects must not reach the public through the cache, and
    # the public's cached copy must not hide the communicator's view.
    assert cache.get(caching._key(caching.content_generation(), "page", f"testserver{TOPIC}")) is None
    reader.get(TOPIC)
    topic.summary = "Ändrad utan att gå via signalerna."
    TopicPage.objects.filter(pk=topic.pk).update(summary=topic.summary)
    assert topic.summary in staff.get(TOPIC).content.decode()
    assert topic.summary not in reader.get(TOPIC).content.decode()


def _cached_pages() -> list[str]:
    return [key for key in cache._cache if ":page:" in key]  # type: ignore[attr-defined]


def test_previews_are_not_cached(topic: TopicPage, make_staff: Callable[..., User], reader: Client) -> None:
    editor = Client(HTTP_USER_AGENT=BROWSER)
    editor.force_login(make_staff(Role.COMMUNICATOR))
    topic.summary = "Ett utkast som bara redaktören ser."
    topic.save_revision()
    for address in (f"/cms/pages/{topic.pk}/view_draft/", TOPIC):
        assert editor.get(address).status_code == 200
    assert _cached_pages() == []
    assert "Ett utkast" not in reader.get(TOPIC).content.decode()
    assert len(_cached_pages()) == 1


@pytest.mark.parametrize(
    ("query", "cached"),
    [("utm_source=facebook&utm_campaign=v12", True), ("fbclid=abc", True), ("page=2", False), ("q=arbete", False)],
)
def test_only_campaign_tags_in_the_query_string_share_the_cached_page(
    topic: TopicPage, reader: Client, django_assert_max_num_queries: Any, query: str, cached: bool
) -> None:
    reader.get(TOPIC)
    response = reader.get(f"{TOPIC}?{query}")
    assert response.status_code == 200
    assert ("Age" in response.headers) is cached


def test_not_found_and_redirects_are_not_cached(start: OmSverigeIndexPage, reader: Client) -> None:
    assert reader.get("/sv/om-sverige/finns-inte/").status_code == 404
    assert reader.get("/sv/om-sverige/finns-inte/").status_code == 404
    assert "Age" not in reader.get("/sv/om-sverige/finns-inte/").headers
    redirect = reader.get("/sv/om-sverige")
    assert redirect.status_code == 301
    assert "public" not in redirect.get("Cache-Control", "")


def test_a_response_that_sets_a_cookie_is_never_kept(topic: TopicPage, reader: Client) -> None:
    """A page with a CSRF token in a form carries one reader's token: it must not be given to the next."""
    PageViewRestriction.objects.create(page=topic, restriction_type=PageViewRestriction.PASSWORD, password="hemligt")
    first = reader.get(TOPIC)
    assert first.status_code == 200  # Wagtail's password form
    assert "csrftoken" in first.cookies
    second = Client(HTTP_USER_AGENT=BROWSER).get(TOPIC)
    assert "Age" not in second.headers
    assert "csrftoken" in second.cookies


def test_other_parts_of_the_site_are_left_alone(reader: Client) -> None:
    response = reader.get("/konto/login/")
    assert "public" not in response.get("Cache-Control", "")
    assert "Age" not in response.headers


# --- the short path ---------------------------------------------------------------------------


def test_short_path_with_a_warm_cache_writes_only_the_count(
    topic: TopicPage,
    make_channel: Callable[..., Channel],
    reader: Client,
    django_assert_num_queries: Any,
) -> None:
    make_channel(landing_path="/om-sverige/arbete/")
    assert reader.get("/k/brev", {"lang": "en"})["Location"] == TOPIC  # no English translation yet
    with django_assert_num_queries(1):
        response = reader.get("/k/brev", {"lang": "en"})
    assert response["Location"] == TOPIC
    assert response["Cache-Control"] == "no-store"


def test_short_path_follows_a_newly_published_translation(
    start: OmSverigeIndexPage, topic: TopicPage, make_channel: Callable[..., Channel], reader: Client
) -> None:
    make_channel(landing_path="/om-sverige/arbete/")
    assert reader.get("/k/brev", {"lang": "en"})["Location"] == TOPIC
    _translate(start, "en")
    _translate(topic, "en")
    assert reader.get("/k/brev", {"lang": "en"})["Location"] == "/en/om-sverige/arbete/"


def test_short_path_follows_a_channel_change_at_once(
    topic: TopicPage,
    make_channel: Callable[..., Channel],
    reader: Client,
    acting: Acting,
    django_capture_on_commit_callbacks: Any,
) -> None:
    channel = make_channel()
    assert reader.get("/k/brev")["Location"] == "/sv/om-sverige/"
    with django_capture_on_commit_callbacks(execute=True):
        channel_change(acting=acting, channel=channel, landing_path="/om-sverige/arbete/")
    assert reader.get("/k/brev")["Location"] == TOPIC
    channel_change(acting=acting, channel=channel, active=False)
    assert reader.get("/k/brev").status_code == 404


def test_unknown_codes_are_not_kept(make_channel: Callable[..., Channel], reader: Client) -> None:
    """Anyone can type codes; each unknown one would otherwise take room in the cache."""
    make_channel()
    reader.get("/k/brev")
    before = sorted(cache._cache)  # type: ignore[attr-defined]
    for number in range(20):
        assert reader.get(f"/k/okand-{number}").status_code == 404
    assert sorted(cache._cache) == before  # type: ignore[attr-defined]


def test_generation_survives_a_lost_key_without_reusing_an_old_one() -> None:
    first = caching.content_generation()
    assert caching.content_generation() == first
    cache.clear()
    assert caching.content_generation() != first


# --- a short path to one topic (/k/<code>/<slug>, used by office-screen slides) ---------------------


def test_a_short_path_to_a_topic_leads_there_and_counts_it_under_the_topic(
    make_channel: Callable[..., Channel], topic: TopicPage, reader: Client, django_assert_num_queries: Any
) -> None:
    """Each slide's code leads to the page it shows, counted in the screen's channel; warm, one query."""
    screen = make_channel(code="skarm-malmo", kind="office_screen", office="Malmö", landing_path="/om-sverige/")
    _translate(topic.get_parent().specific, "en")
    english = _translate(topic, "en")
    assert reader.get("/k/skarm-malmo/arbete", {"lang": "en"})["Location"] == english.url
    with django_assert_num_queries(1):
        response = reader.get("/k/skarm-malmo/arbete", {"lang": "en"})
    assert response["Location"] == english.url
    rows = {(r.landing_page, r.language): r.visits for r in ChannelVisitDay.objects.filter(channel=screen)}
    assert rows == {("/om-sverige/arbete/", "en"): 2}


def test_a_short_path_to_no_page_leads_to_the_channels_landing_page(
    make_channel: Callable[..., Channel], topic: TopicPage, reader: Client
) -> None:
    screen = make_channel(code="skarm-malmo", kind="office_screen", office="Malmö", landing_path="/om-sverige/")
    assert reader.get("/k/skarm-malmo/finns-inte")["Location"] == "/sv/om-sverige/"
    assert reader.get("/k/okand/arbete").status_code == 404
    rows = {(r.landing_page, r.language): r.visits for r in ChannelVisitDay.objects.filter(channel=screen)}
    assert rows == {("/om-sverige/", "sv"): 1}
