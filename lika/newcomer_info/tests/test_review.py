"""The review state of translations: the catalogues' file, each page's state, and the note readers get."""

from __future__ import annotations

import datetime
import unicodedata
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured, ValidationError
from django.test import Client
from wagtail.models import Locale, Page

from lika.accounts.models import User
from lika.accounts.roles import Role
from lika.audit.acting import Acting
from lika.audit.models import AuditEvent
from lika.core import translation_review
from lika.core.translation_review import REVIEW_NOTES, ReviewState, catalogue_review
from lika.newcomer_info.models import PageTranslationReview
from lika.newcomer_info.review import page_translation_review_record
from lika.testing.om_sverige import OmSverige, build_om_sverige

SCRIPTS = {"ar": "ARABIC", "fa": "ARABIC", "prs": "ARABIC", "ti": "ETHIOPIC", "so": "LATIN"}


def _scripts(text: str) -> set[str]:
    return {unicodedata.name(c).split()[0] for c in text if c.isalpha()}


def test_every_language_under_review_has_its_note_in_its_own_script() -> None:
    assert set(REVIEW_NOTES) == set(SCRIPTS)
    for language, text in REVIEW_NOTES.items():
        assert _scripts(text) == {SCRIPTS[language]}, language
        assert len(text.split()) >= 8, language
    assert REVIEW_NOTES["fa"] != REVIEW_NOTES["prs"]  # Dari has its own words (سویدنی, not سوئدی)


def test_every_catalogue_is_recorded_as_a_draft_by_the_team() -> None:
    """Nobody here is a certified translator: no catalogue may claim a review it has not had."""
    for language in SCRIPTS:
        review = catalogue_review(language)
        assert review.state == ReviewState.DRAFT, language
        assert review.reviewer == ""


@pytest.fixture
def review_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    path = tmp_path / "translation_review.yaml"
    monkeypatch.setattr(translation_review, "REVIEW_FILE", path)
    translation_review.catalogue_reviews.cache_clear()
    yield path
    translation_review.catalogue_reviews.cache_clear()


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ("ar: {state: reviewed, reviewed_on: 2027-01-10}", "names its reviewer"),
        ("ar: {state: reviewed, reviewer: A. Translator}", "says when"),
        ("ar: {state: checked}", "draft or reviewed"),
    ],
)
def test_a_review_without_reviewer_or_date_is_refused(review_file: Path, text: str, problem: str) -> None:
    review_file.write_text(text, encoding="utf-8")
    with pytest.raises(ImproperlyConfigured, match=problem):
        catalogue_review("ar")


def test_a_reviewed_catalogue_says_who_and_when(review_file: Path) -> None:
    review_file.write_text("ar: {state: reviewed, reviewer: A. Translator, reviewed_on: 2027-01-10}", encoding="utf-8")
    review = catalogue_review("ar")
    assert (review.state, review.reviewer, review.reviewed_on) == (
        "reviewed",
        "A. Translator",
        datetime.date(2027, 1, 10),
    )
    assert catalogue_review("so").state == ReviewState.DRAFT


@pytest.fixture
def om_sverige(acting: Acting, db: None) -> OmSverige:
    return build_om_sverige(acting, translations=("en", "ar"))


def _arabic_work(om_sverige: OmSverige) -> Page:
    page: Page = om_sverige.work.get_translation(Locale.objects.get(language_code="ar"))
    return page


@pytest.mark.django_db
def test_an_unreviewed_arabic_page_says_so_in_arabic_with_links_to_swedish_and_english(
    client: Client, om_sverige: OmSverige
) -> None:
    html = client.get("/ar/om-sverige/arbete/").content.decode()
    assert REVIEW_NOTES["ar"] in html
    assert 'href="/sv/om-sverige/arbete/" lang="sv"' in html
    assert 'href="/en/om-sverige/arbete/" lang="en"' in html
    for path in ("/sv/om-sverige/arbete/", "/en/om-sverige/arbete/"):
        assert 'class="review-note"' not in client.get(path).content.decode(), path


@pytest.mark.django_db
def test_a_reviewed_page_shows_no_note_and_a_draft_again_shows_it(
    client: Client, om_sverige: OmSverige, acting: Acting
) -> None:
    page = _arabic_work(om_sverige)
    page_translation_review_record(
        acting=acting, page=page, state="reviewed", reviewer="A. Translator", reviewed_on=datetime.date(2026, 1, 5)
    )
    assert REVIEW_NOTES["ar"] not in client.get("/ar/om-sverige/arbete/").content.decode()
    assert REVIEW_NOTES["ar"] in client.get("/ar/om-sverige/").content.decode()  # the start page is not reviewed
    page_translation_review_record(acting=acting, page=page, state="draft")
    assert REVIEW_NOTES["ar"] in client.get("/ar/om-sverige/arbete/").content.decode()
    review = PageTranslationReview.objects.get(page=page)
    assert (review.reviewer, review.reviewed_on) == ("", None)
    assert AuditEvent.objects.filter(action="newcomer_info.om_sverige_translation_review").count() == 2


@pytest.mark.django_db
@pytest.mark.usefixtures("english")
@pytest.mark.parametrize(
    ("review", "field"),
    [
        (("reviewed", "", datetime.date(2026, 1, 5)), "reviewer"),
        (("reviewed", "A. Translator", None), "reviewed_on"),
        (("reviewed", "A. Translator", datetime.date(2999, 1, 1)), "reviewed_on"),
        (("checked", "", None), "state"),
    ],
)
def test_a_review_that_does_not_say_who_or_when_is_refused_and_changes_nothing(
    om_sverige: OmSverige, acting: Acting, review: tuple[str, str, datetime.date | None], field: str
) -> None:
    state, reviewer, day = review
    with pytest.raises(ValidationError) as refused:
        page_translation_review_record(
            acting=acting, page=_arabic_work(om_sverige), state=state, reviewer=reviewer, reviewed_on=day
        )
    assert set(refused.value.message_dict) == {field}
    assert not PageTranslationReview.objects.exists()


@pytest.mark.django_db
@pytest.mark.usefixtures("english")
def test_a_swedish_page_has_no_review(om_sverige: OmSverige, acting: Acting) -> None:
    with pytest.raises(ValidationError, match="source text"):
        page_translation_review_record(acting=acting, page=om_sverige.work, state="draft")


@pytest.mark.django_db
def test_communicators_see_the_states_in_wagtail_and_mark_a_page_reviewed(
    client: Client, make_staff: Callable[..., User], om_sverige: OmSverige
) -> None:
    client.force_login(make_staff(Role.COMMUNICATOR))
    page = _arabic_work(om_sverige)
    report = client.get("/cms/reports/om-sverige-translation-review/", HTTP_ACCEPT_LANGUAGE="en")
    assert report.status_code == 200
    html = report.content.decode()
    assert f"/cms/reports/om-sverige-translation-review/{page.pk}/" in html
    assert "draft by the team" in html or "utkast" in html
    form = f"/cms/reports/om-sverige-translation-review/{page.pk}/"
    refused = client.post(form, {"state": "reviewed", "reviewer": "", "reviewed_on": "2026-01-05", "reason": "Report"})
    assert refused.status_code == 400
    assert not PageTranslationReview.objects.exists()
    done = client.post(
        form, {"state": "reviewed", "reviewer": "A. Translator", "reviewed_on": "2026-01-05", "reason": "Report"}
    )
    assert done.status_code == 302
    assert PageTranslationReview.objects.get(page=page).reviewer == "A. Translator"
    assert "A. Translator" in client.get("/cms/reports/om-sverige-translation-review/").content.decode()


@pytest.mark.django_db
def test_staff_who_are_not_communicators_may_not_record_a_review(
    client: Client, make_staff: Callable[..., User], om_sverige: OmSverige
) -> None:
    client.force_login(make_staff(Role.ANALYST))
    page = _arabic_work(om_sverige)
    response = client.post(
        f"/cms/reports/om-sverige-translation-review/{page.pk}/",
        {"state": "reviewed", "reviewer": "X", "reviewed_on": "2026-01-05", "reason": "r"},
    )
    assert response.status_code in (302, 403)
    assert not PageTranslationReview.objects.exists()
