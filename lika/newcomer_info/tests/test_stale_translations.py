"""The Wagtail report of translations older than their Swedish page (lika/newcomer_info/wagtail_hooks.py)."""

from __future__ import annotations

import datetime
from collections.abc import Callable

import pytest
from django.test import Client
from django.urls import reverse
from wagtail.models import Locale, Page

from lika.accounts.models import User
from lika.accounts.roles import Role
from lika.audit.acting import Acting
from lika.newcomer_info.content import om_sverige_install
from lika.newcomer_info.models import TopicPage
from lika.newcomer_info.wagtail_hooks import stale_translations

pytestmark = pytest.mark.django_db

REPORT = "/cms/reports/om-sverige-translations-to-update/"
UTC = datetime.UTC


def _at(page: Page, day: int) -> None:
    """Says ``page`` was last published on ``day`` March 2026 (publishing twice in a test is too quick to order)."""
    Page.objects.filter(pk=page.pk).update(last_published_at=datetime.datetime(2026, 3, day, 12, tzinfo=UTC))


def _translate(page: Page, language: str, *, publish: bool = True) -> Page:
    copy: Page = page.copy_for_translation(Locale.objects.get(language_code=language), copy_parents=True)
    if publish:
        copy.save_revision().publish()
    return copy


@pytest.fixture
def pages(acting: Acting) -> dict[str, Page]:
    """Work in Swedish, republished on 10 March; its translations published before, after and never."""
    start = om_sverige_install(acting=acting)
    work = TopicPage(title="Arbete", slug="arbete", summary="Om arbete i Sverige.")
    start.add_child(instance=work)
    work.save_revision().publish()
    housing = TopicPage(title="Bostad", slug="bostad", summary="Om att hitta en bostad.")
    start.add_child(instance=housing)
    housing.save_revision().publish()
    pages = {
        "work": work,
        "housing": housing,
        "work_en": _translate(work, "en"),
        "work_ar": _translate(work, "ar"),
        "work_so": _translate(work, "so", publish=False),
        "housing_en": _translate(housing, "en"),
    }
    _at(work, 10)
    _at(housing, 10)
    _at(pages["work_en"], 8)  # older than the Swedish text
    _at(pages["work_ar"], 11)  # up to date
    _at(pages["housing_en"], 10)  # published at the same moment: up to date
    return pages


def test_translations_published_before_their_swedish_page_or_never_are_listed(pages: dict[str, Page]) -> None:
    listed = {(page.source_title, page.locale.language_code, page.last_published_at) for page in stale_translations()}
    assert listed == {
        ("Arbete", "en", datetime.datetime(2026, 3, 8, 12, tzinfo=UTC)),
        ("Arbete", "so", None),
    }
    assert {page.source_id for page in stale_translations()} == {pages["work"].pk}


def test_copies_that_only_follow_the_swedish_page_are_not_translations(pages: dict[str, Page]) -> None:
    """The English start page wagtail-localize made beside the Swedish one is an alias of it, not listed."""
    english_start = Page.objects.get(depth=2, locale__language_code="en")
    assert english_start.alias_of_id is not None
    _at(Page.objects.get(depth=2, locale__language_code="sv"), 10)
    _at(english_start, 1)  # were it a translation, it would be listed
    assert english_start.pk not in {page.pk for page in stale_translations()}


def test_communicators_see_the_report_with_links_to_both_pages(
    client: Client, make_staff: Callable[..., User], pages: dict[str, Page]
) -> None:
    client.force_login(make_staff(Role.COMMUNICATOR))
    response = client.get(REPORT)
    assert response.status_code == 200
    html = response.content.decode()
    assert reverse("wagtailadmin_pages:edit", args=[pages["work_en"].pk]) in html
    assert reverse("wagtailadmin_pages:edit", args=[pages["work_so"].pk]) in html
    assert reverse("wagtailadmin_pages:edit", args=[pages["work"].pk]) in html
    assert reverse("wagtailadmin_pages:edit", args=[pages["work_ar"].pk]) not in html
    assert reverse("wagtailadmin_pages:edit", args=[pages["housing_en"].pk]) not in html
    assert REPORT in client.get("/cms/").content.decode()  # in the Reports menu


def test_staff_without_page_permissions_do_not_get_the_report(
    client: Client, make_staff: Callable[..., User], pages: dict[str, Page]
) -> None:
    client.force_login(make_staff(Role.ANALYST))
    assert client.get(REPORT).status_code == 302
