"""The data each Typst layout in ``templates_typst/`` reads, as typed dictionaries.

A layout holds no human-language text: every heading, label and sentence arrives here already
translated (by Django's catalogues), and figures arrive already formatted for the language
("1 891,00 kr", "2026-11-22"). The layout only places them.
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

    language: str  # "sv" or "en"
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
