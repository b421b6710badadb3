"""Min Sida in Somali and Tigrinya: the pages and the printed decision are in the reader's language."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from lika.applicant_portal.services.permit_messages import permit_messages_send
from lika.audit.acting import Acting
from lika.documents.rendering import NOTO_FOLDER
from lika.people.models import Person
from lika.testing.pdf import open_pdf, page_text
from lika.testing.portal import World, permit_grant, portal_client

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("code", "heading", "nav"),
    [
        ("so", "Kiiskaaga", ["Guud ahaan", "Dukumentiyada", "Fariimaha"]),
        ("ti", "ጉዳይኩም", ["ሓፈሻዊ", "ሰነዳት", "መልእኽትታት"]),
    ],
)
def test_the_overview_is_in_the_language(world: World, code: str, heading: str, nav: list[str]) -> None:
    html = portal_client(world.leyla, code).get(reverse("applicant_portal:timeline")).content.decode()
    assert f'<html lang="{code}" dir="ltr">' in html
    assert f"<h1>{heading}</h1>" in html
    for label in nav:
        assert label in html
    for english in ("Your case", "Next step", "Overview", "Log out"):
        assert english not in html


@pytest.mark.parametrize(
    ("code", "granted", "binding"),
    [
        (
            "so",
            "Waxaa lagu siiyay sharci deganaansho",
            "Warqaddani waa tarjumaad. Haddii ay ka duwan tahay go'aanka af-Iswiidhishka ah,",
        ),
        ("ti", "ፍቓድ መንበሪ ተዋሂቡኩም", "እዚ ደብዳቤ ትርጉም እዩ። ካብቲ ብሽወደንኛ ዘሎ ውሳነ እንተተፈልዩ፣"),
    ],
)
def test_the_permit_decision_and_its_pdf_are_in_the_language_and_name_swedish_as_binding(
    world: World, acting: Acting, code: str, granted: str, binding: str
) -> None:
    permit = permit_grant(acting, world.applications[world.leyla.pk])
    client = portal_client(world.leyla, code)
    page = client.get(reverse("applicant_portal:permit_decision", args=[permit.pk])).content.decode()
    assert granted in page
    assert "You have been granted" not in page
    pdf = client.get(reverse("applicant_portal:permit_decision_pdf", args=[permit.pk])).content
    text = " ".join(page_text(pdf))
    assert granted in text.replace("’", "'")
    assert binding in text.replace("’", "'")
    assert "\ufffd" not in text


def test_a_swedish_permit_decision_is_not_called_a_translation(world: World, acting: Acting) -> None:
    permit = permit_grant(acting, world.applications[world.leyla.pk])
    pdf = portal_client(world.leyla, "sv").get(reverse("applicant_portal:permit_decision_pdf", args=[permit.pk]))
    text = " ".join(page_text(pdf.content))
    assert "Utskrivet från Min Sida den" in text
    assert "översättning" not in text


@pytest.mark.skipif(
    not (NOTO_FOLDER / "NotoSansEthiopic-Regular.ttf").is_file(),
    reason="Debian's fonts-noto-core is not installed; .ci/run installs it",
)
def test_the_tigrinya_permit_decision_is_set_in_noto_sans_ethiopic(world: World, acting: Acting) -> None:
    permit = permit_grant(acting, world.applications[world.leyla.pk])
    pdf = portal_client(world.leyla, "ti").get(reverse("applicant_portal:permit_decision_pdf", args=[permit.pk]))
    with open_pdf(pdf.content) as document:
        fonts = {str(font.BaseFont).split("+")[-1] for page in document.pages for font in page.Resources.Font.values()}
    assert any(name.startswith("NotoSansEthiopic") for name in fonts), fonts


@pytest.mark.parametrize(
    ("code", "subject", "answer"),
    [
        ("so", "Waxaa lagu siiyay sharci deganaansho", "Jawaabtu waa haa."),
        ("ti", "ፍቓድ መንበሪ ተዋሂቡኩም", "መልሱ እወ እዩ።"),
    ],
)
def test_the_permit_message_is_in_the_persons_language_with_its_dates(
    world: World, acting: Acting, code: str, subject: str, answer: str
) -> None:
    Person.objects.filter(pk=world.yonas.pk).update(preferred_language=code)
    permit_grant(acting, world.applications[world.yonas.pk])
    (message,) = permit_messages_send(acting=Acting(actor=None, actor_label="test job", reason="Permit granted"))
    assert message.thread.subject == subject
    assert answer in message.body
    assert f"/{code}/om-sverige/" in message.body or f"lang={code}" in message.body
    # Dates in the language's own words, not "Dec. 5, 2026".
    assert not re.search(r"\b(Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)[a-z]*\.? \d", message.body)
