"""The data each Typst layout in ``templates_typst/`` reads, as typed dictionaries.

A layout holds no human-language text: every heading, label and sentence arrives here already
translated (by Django's catalogues), and figures arrive already formatted for the language
("1 891,00 kr", "2026-11-22"). The layout only places them. In a right-to-left language a code or
figure that must keep its order arrives isolated (:func:`lika.core.bidi.ltr`), and every layout sets
it as one left-to-right box (``_document.typ``).
"""

from __future__ import annotations

from typing import NotRequired, TypedDict


class Table(TypedDict):
    """A table of figures: the first column is text, the others line up on the right.

    Every row, and the footer, has one cell per column; an empty string leaves a cell blank. The
    header row becomes TH cells in the PDF's tag tree, so a screen reader announces them with each cell.
    """

    caption: NotRequired[str]  # shown above the table, as its figure caption
    columns: list[str]  # header row
    rows: list[list[str]]
    footer: NotRequired[list[str]]  # e.g. a sum row, set in bold under a rule
    widths: NotRequired[list[str]]  # a table of texts: each column's width ("auto", "2fr"), all set to the start


class Section(TypedDict):
    """A part of the document under its own heading (H2), in the order given."""

    heading: str
    paragraphs: list[str]
    table: NotRequired[Table]  # after the paragraphs


class AllowanceDecision(TypedDict):
    """An individual decision on LMA daily allowance, for ``templates_typst/allowance_decision.typ``.

    ``title`` and ``language`` must equal the arguments given to ``pdf_render``: the title is both
    the PDF's document title and the main heading (H1), and the language is the PDF's ``/Lang``.
    """

    language: str  # "sv", "en", or a translation: "ar", "fa", "prs" (set right to left), "so", "ti"
    title: str  # e.g. "Beslut om dagersättning"
    agency: str  # sender line, e.g. "Migrationsverket"
    reference_label: str  # e.g. "Beslut"
    reference: str  # e.g. "LMA-2026-12-000123"
    date_label: str  # e.g. "Datum"
    date: str  # already formatted, e.g. "2026-11-22"
    addressee_label: str  # e.g. "Till"
    addressee: list[str]  # one line each
    summary: str  # a paragraph, set apart under the main heading
    sections: list[Section]
    footer: NotRequired[str]  # small print at the end, e.g. the legal basis and rule version


class TreatmentSurveyFigure(TypedDict):
    """A chart as SVG text, with the text alternative a screen reader reads instead (PDF/UA requires one)."""

    svg: str
    alt: str
    caption: str


class TreatmentSurveyLink(TypedDict):
    text: str
    url: str


class TreatmentSurveySection(TypedDict):
    """A part of a treatment survey's report: a heading (H2, or H3 with ``level`` 3) and what follows it."""

    heading: str
    level: NotRequired[int]
    paragraphs: list[str]
    notes: NotRequired[list[str]]  # warnings set apart, e.g. items below the reliability pass mark
    figure: NotRequired[TreatmentSurveyFigure]
    tables: NotRequired[list[Table]]
    link: NotRequired[TreatmentSurveyLink]


class TreatmentSurveyReport(TypedDict):
    """A treatment survey's report, for ``templates_typst/treatment_survey_report.typ``.

    ``title`` and ``language`` must equal the arguments given to ``pdf_render``.
    """

    language: str
    title: str
    subtitle: str
    summary: list[str]  # the main findings, set apart under the title
    sections: list[TreatmentSurveySection]


class YearlyReport(TypedDict):
    """The plan's yearly report, for ``templates_typst/yearly_report.typ``; its sections are laid out like a survey's.

    ``draft`` is set (a sentence) until a manager approves the report; it is then printed on every page.
    ``title`` and ``language`` must equal the arguments given to ``pdf_render``.
    """

    language: str
    title: str
    subtitle: str
    draft: str  # "" once approved
    approved: str  # "Approved on … by …", or ""
    summary_heading: str
    summary: list[str]
    sections: list[TreatmentSurveySection]


class QrCode(TypedDict):
    """A QR code as SVG text (vector, so it stays sharp in print), with the text alternative a screen reader reads."""

    svg: str
    alt: str


class PermitLetterSection(TypedDict):
    """A part of the permit-card letter under its own heading (H2): paragraphs, then a list if there is one."""

    heading: str
    paragraphs: list[str]
    items: NotRequired[list[str]]


class PermitLetter(TypedDict):
    """The letter that comes with the permit card, for ``templates_typst/permit_letter.typ``.

    It is the same for everyone who gets it (no name, no per-person code). ``title`` and
    ``language`` must equal the arguments given to ``pdf_render``.
    """

    language: str  # one of lika.newcomer_info.printing.LETTER_LANGUAGES
    direction: str  # "ltr" or "rtl"
    title: str  # the main heading (H1) and the PDF's title
    agency: str  # sender line
    intro: list[str]  # paragraphs under the title
    way_heading: str  # heading (H2) of the box with the code and the address
    scan: str  # e.g. "Scan the code with the camera on your phone."
    type_address: str  # e.g. "Or write this address in your web browser:"
    short_address: str  # printed in large type, e.g. "lika.example/k/brev"
    qr: QrCode
    sections: list[PermitLetterSection]


class OfficeSlide(TypedDict):
    """A topic page as a 16:9 slide for an office's waiting-room screen, for ``templates_typst/office_slide.typ``.

    ``title`` (the page's title in the slide's language) and ``language`` must equal the arguments
    given to ``pdf_render`` or ``png_render``.
    """

    language: str
    direction: str  # "ltr" or "rtl"; Typst does not know every language's direction (Dari, "prs")
    title: str
    summary: str
    site: str  # the name of the pages, e.g. "Om Sverige"
    scan: str  # e.g. "Scan the code to read more"
    short_address: str  # e.g. "lika.example/k/skarm-malmo"
    qr: QrCode
    sender: str  # e.g. "Swedish Migration Agency · Malmö"


class CivicSlides(TypedDict):
    """The presenter's slides for a civic-introduction session, for ``templates_typst/civic_slides.typ``.

    A title slide (``title`` as H1, ``subtitle``, the modules under ``modules_heading``), then each of
    ``slides`` with its title as H2. ``title`` and ``language`` must equal the arguments given to
    ``pdf_render``.
    """

    language: str
    direction: str
    site: str
    title: str
    subtitle: str  # e.g. "Gävle, 2026-03-03"
    modules_heading: str
    modules: list[str]
    slides: list[OfficeSlide]


class LanguageName(TypedDict):
    """A language as its speakers name it, e.g. {"code": "ar", "name": "العربيّة", "direction": "rtl"}."""

    code: str
    name: str
    direction: str


class DeskCard(TypedDict):
    """An A6 card for a service-office desk, for ``templates_typst/desk_card.typ``.

    ``title`` and ``language`` must equal the arguments given to ``pdf_render``.
    """

    language: str
    direction: str
    title: str
    text: str
    site: str
    languages_heading: str
    languages: list[LanguageName]
    scan: str
    short_address: str
    qr: QrCode
    sender: str


class PartnerMaterial(TypedDict):
    """A partner organisation's poster (``partner_poster.typ``, A4) or leaflet (``partner_leaflet.typ``, A5, two pages).

    Both lead to Om Sverige through the partner's own channel. The poster reads every key but
    ``topics_heading``, ``topics``, ``privacy_heading`` and ``privacy``. ``title`` and ``language`` must
    equal the arguments given to ``pdf_render``.
    """

    language: str
    direction: str
    title: str
    text: str
    site: str
    languages_heading: str
    languages: list[LanguageName]
    scan: str
    type_address: str
    short_address: str
    qr: QrCode
    topics_heading: str
    topics: list[str]
    privacy_heading: str
    privacy: str
    sender: str  # e.g. "Swedish Migration Agency together with Röda Korset Gävle"


class MunicipalityBriefing(TypedDict):
    """The quarterly briefing for municipalities, for ``templates_typst/municipality_briefing.typ``.

    Every figure is already protected: a withheld one arrives as "..".
    """

    title: str
    subtitle: str
    sections: list[Section]
