"""The allowance decision in the newcomers' languages: translated, and naming Swedish as the binding text."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils import translation

from lika.allowance import services as allowance
from lika.allowance.documents import binding_text_note, decision_layout, decision_pdf
from lika.allowance.models import Decision
from lika.allowance.rules.month import Month
from lika.audit.acting import Acting
from lika.core.bidi import LRI, PDI
from lika.documents.rendering import NOTO_FOLDER
from lika.people.models import Person
from lika.testing.pdf import open_pdf, page_text
from lika.testing.personas import Family
from lika.testing.portal import portal_client

pytestmark = pytest.mark.django_db

DECEMBER = Month(2026, 12)
BINDING = {
    "en": (
        "This is a translation to help you understand the decision. The decision in Swedish is the one that applies "
        "in law. You can ask us for it."
    ),
    "ti": "እዚ ደብዳቤ ትርጉም እዩ። ካብቲ ብሽወደንኛ ዘሎ ውሳነ እንተተፈልዩ፣ እቲ ብሽወደንኛ ዘሎ ውሳነ እዩ ዝሰርሕ።",
    "so": "Warqaddani waa tarjumaad. Haddii ay ka duwan tahay go'aanka af-Iswiidhishka ah, go'aanka af-Iswiidhishka ah ayaa ah kan la raacayo.",
}


@pytest.fixture
def decision(family: Family, by_officer: Acting) -> Decision:
    allowance.decisions_issue(acting=by_officer, month=DECEMBER)
    return Decision.objects.get(person=family.woman)


def test_the_swedish_decision_is_the_original_and_says_nothing_of_translation(
    decision: Decision, family: Family
) -> None:
    with translation.override("sv"):
        layout = decision_layout(decision=decision, person=family.woman, children={})
    assert layout["footer"].startswith("Vi har fattat beslutet enligt 17 §")
    assert not any(note in layout["footer"] for note in BINDING.values())


@pytest.mark.parametrize("code", sorted(BINDING))
def test_a_translated_decision_names_the_swedish_decision_as_the_one_that_counts(
    decision: Decision, family: Family, code: str
) -> None:
    with translation.override(code):
        layout = decision_layout(decision=decision, person=family.woman, children={})
    assert layout["footer"].startswith(BINDING[code] + " ")


def test_the_somali_decision_is_in_somali(decision: Decision, family: Family) -> None:
    with translation.override("so"):
        layout = decision_layout(decision=decision, person=family.woman, children={})
        pdf = decision_pdf(decision=decision, person=family.woman, children={})
    assert layout["language"] == "so"
    assert layout["title"] == "Go'aan ku saabsan lacagta maalinlaha ah"
    assert [section["heading"] for section in layout["sections"]] == [
        "Sida aan u xisaabinay",
        "Sida aad racfaan u qaadan karto",
    ]
    assert "Disembar 2026" in layout["summary"]
    text = " ".join(page_text(pdf))
    assert "Go'aan ku saabsan lacagta maalinlaha ah" in text.replace("’", "'")
    assert "Warqaddani waa tarjumaad." in text


def _font_names(pdf: bytes) -> set[str]:
    with open_pdf(pdf) as document:
        return {str(font.BaseFont).split("+")[-1] for page in document.pages for font in page.Resources.Font.values()}


def test_the_tigrinya_decision_is_set_in_ethiopic_script_with_noto_sans_ethiopic(
    decision: Decision, family: Family
) -> None:
    if not (NOTO_FOLDER / "NotoSansEthiopic-Regular.ttf").is_file():
        pytest.skip("Debian's fonts-noto-core is not installed; .ci/run installs it")
    with translation.override("ti"):
        layout = decision_layout(decision=decision, person=family.woman, children={})
        pdf = decision_pdf(decision=decision, person=family.woman, children={})
    assert layout["title"] == "ውሳነ ብዛዕባ መዓልታዊ ሓገዝ"
    text = " ".join(page_text(pdf))
    # Every letter of the title came through a font that has it: none is a missing-glyph box.
    assert "ውሳነ ብዛዕባ መዓልታዊ ሓገዝ" in text
    assert "ታሕሳስ 2026" in text
    assert BINDING["ti"] in text.replace("\n", " ")
    assert "\ufffd" not in text
    fonts = _font_names(pdf)
    assert any(name.startswith("NotoSansEthiopic") for name in fonts), fonts
    assert not any("Serif" in name for name in fonts), fonts


def test_a_person_who_reads_tigrinya_gets_the_decision_in_tigrinya_too(family: Family, by_officer: Acting) -> None:
    Person.objects.filter(pk=family.woman.pk).update(preferred_language="ti")
    allowance.decisions_issue(acting=by_officer, month=DECEMBER)
    hers = Decision.objects.get(person=family.woman)
    his = Decision.objects.get(person=family.man)
    assert sorted(hers.documents.values_list("language", flat=True)) == ["en", "sv", "ti"]
    # He reads Arabic: his decision comes in Arabic too.
    assert family.man.preferred_language == "ar"
    assert sorted(his.documents.values_list("language", flat=True)) == ["ar", "en", "sv"]
    pdf = bytes(hers.documents.get(language="ti").pdf)
    text = " ".join(page_text(pdf))
    assert "ውሳነ ብዛዕባ መዓልታዊ ሓገዝ" in text
    assert BINDING["ti"] in text.replace("\n", " ")


def test_min_sida_offers_the_decision_in_somali_to_a_person_who_reads_it(family: Family, by_officer: Acting) -> None:
    Person.objects.filter(pk=family.woman.pk).update(preferred_language="so")
    allowance.decisions_issue(acting=by_officer, month=DECEMBER)
    hers = Decision.objects.get(person=family.woman)
    client = portal_client(family.woman, "so")
    page = client.get(reverse("applicant_portal:allowance_decision", args=[hers.pk])).content.decode()
    assert "PDF ku qoran Soomaali" in page
    pdf = client.get(reverse("applicant_portal:allowance_decision_pdf", args=[hers.pk, "so"]))
    assert pdf.status_code == 200
    assert "Warqaddani waa tarjumaad." in " ".join(page_text(pdf.content))


@pytest.mark.parametrize("code", ["ar", "fa", "prs"])
def test_the_arabic_script_decisions_are_right_to_left_pdf_ua_with_every_code_intact(
    decision: Decision, family: Family, code: str
) -> None:
    """Issue 20: a decision number, a date or a legal reference must not come out reordered in right-to-left text.

    Each is set as a left-to-right box (lika.core.bidi.ltr), which keeps its characters in order in the
    page's text too; the isolate characters that mark them never reach the PDF.
    """
    if not (NOTO_FOLDER / "NotoSansArabic-Regular.ttf").is_file():
        pytest.skip("Debian's fonts-noto-core is not installed; .ci/run installs it")
    with translation.override(code):
        layout = decision_layout(decision=decision, person=family.woman, children={})
        pdf = decision_pdf(decision=decision, person=family.woman, children={})
    assert layout["language"] == code
    with open_pdf(pdf) as document:
        assert document.open_metadata()["pdfuaid:part"] == "1"
        assert document.Root.Lang == code
    text = " ".join(page_text(pdf))
    for code_like in (decision.number, decision.issued_at.date().isoformat(), family.woman.dossier_number):
        assert code_like in text
    assert "SEK 3,332.50" in text
    assert "2024-04-01/" in decision.parameters_version
    assert decision.parameters_version in text
    assert LRI not in text
    assert PDI not in text
    assert "\ufffd" not in text
    assert any(name.startswith("NotoSansArabic") for name in _font_names(pdf))


def test_a_person_who_reads_dari_gets_the_decision_in_dari_with_its_binding_note(
    family: Family, by_officer: Acting
) -> None:
    Person.objects.filter(pk=family.woman.pk).update(preferred_language="prs")
    allowance.decisions_issue(acting=by_officer, month=DECEMBER)
    hers = Decision.objects.get(person=family.woman)
    assert sorted(hers.documents.values_list("language", flat=True)) == ["en", "prs", "sv"]
    with translation.override("prs"):
        note = binding_text_note()
        layout = decision_layout(decision=hers, person=family.woman, children={})
    assert note
    assert note != BINDING["en"]
    assert layout["footer"].startswith(note + " ")
    with open_pdf(bytes(hers.documents.get(language="prs").pdf)) as document:
        assert document.Root.Lang == "prs"
