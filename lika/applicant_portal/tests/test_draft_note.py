"""Min Sida says, in the reader's language and in English, that its translation is a draft (issue 20)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from django.urls import reverse

from lika.core import translation_review
from lika.core.translation_review import DRAFT_NOTE_ENGLISH, DRAFT_NOTES, catalogue_draft_note
from lika.testing.portal import World, portal_client

pytestmark = pytest.mark.django_db

LANGUAGES = ["ar", "fa", "prs", "so", "ti"]


@pytest.fixture
def review_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    path = tmp_path / "translation_review.yaml"
    monkeypatch.setattr(translation_review, "REVIEW_FILE", path)
    translation_review.catalogue_reviews.cache_clear()
    yield path
    translation_review.catalogue_reviews.cache_clear()


@pytest.mark.parametrize("code", LANGUAGES)
def test_every_page_of_min_sida_says_the_translation_is_a_draft(world: World, code: str) -> None:
    client = portal_client(world.leyla, code)
    page = client.get(reverse("applicant_portal:documents")).content.decode()
    assert 'class="review-note"' in page
    assert f'lang="{code}">{DRAFT_NOTES[code]}</p>' in page
    assert f'lang="en" dir="ltr">{DRAFT_NOTE_ENGLISH}</p>' in page
    # ... with the same page in Swedish and English one press away.
    note = page[page.index('class="review-note"') : page.index("</aside>")]
    assert 'name="language" value="sv"' in note
    assert 'name="language" value="en"' in note


@pytest.mark.parametrize("code", ["sv", "en"])
def test_swedish_and_english_are_no_translation(world: World, code: str) -> None:
    page = portal_client(world.leyla, code).get(reverse("applicant_portal:documents")).content.decode()
    assert "review-note" not in page
    assert catalogue_draft_note(code) is None


def test_a_reviewed_catalogue_shows_no_note(world: World, review_file: Path) -> None:
    review_file.write_text("ar: {state: reviewed, reviewer: A. Translator, reviewed_on: 2027-01-10}", encoding="utf-8")
    assert catalogue_draft_note("ar") is None
    assert catalogue_draft_note("fa") is not None
    page = portal_client(world.leyla, "ar").get(reverse("applicant_portal:documents")).content.decode()
    assert "review-note" not in page


def test_every_note_is_written_in_its_own_words() -> None:
    assert set(DRAFT_NOTES) == set(LANGUAGES)
    assert len(set(DRAFT_NOTES.values())) == len(LANGUAGES)
    assert DRAFT_NOTE_ENGLISH not in DRAFT_NOTES.values()
