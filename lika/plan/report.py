"""The yearly report: built from the plan, the strategist's texts and the follow-up's protected figures.

:func:`report_content` gathers everything the report says for one year in one language as plain
JSON-serialisable data; the page (:func:`report_html`) and the PDF/UA-1 document (:func:`report_pdf`)
are both laid out from that data alone. Approval stores the data, the page and the PDF
(:func:`lika.plan.services.report_approve`), so an approved report is never built again.
"""

from __future__ import annotations

import datetime
from typing import Any

from django.db.models import Min
from django.template.loader import render_to_string
from django.utils import formats, translation
from django.utils.translation import gettext as _

from lika.documents.layouts import Table, TreatmentSurveySection, YearlyReport
from lika.documents.rendering import pdf_render
from lika.plan.figures import Progress, indicator_block
from lika.plan.models import (
    Area,
    ImportedPart,
    Measure,
    MeasureStatus,
    Narrative,
    PlanIndicator,
    Report,
    Scope,
    Section,
)
from lika.plan.studies import studies_of_year
from lika.plan.surveys import surveys_of_year

AGENCY_FALLBACK = "Migrationsverket"


def _paragraphs(text: str) -> list[str]:
    return [part.strip() for part in text.replace("\r\n", "\n").split("\n\n") if part.strip()]


def _narrative(year: int, section: str, language: str, area: Area | None = None) -> list[str]:
    """The newest version of a text; in English, the Swedish one marked where none is written."""
    found = {
        narrative.language: narrative
        for narrative in Narrative.objects.filter(year=year, section=section, area=area).prefetch_related("versions")
    }
    for wanted in (language, "sv"):
        narrative = found.get(wanted)
        version = narrative.versions.order_by("-number").first() if narrative else None
        if version is not None:
            paragraphs = _paragraphs(version.text)
            if wanted != language:
                paragraphs.insert(0, _("(Not yet written in English; the Swedish text follows.)"))
            return paragraphs
    return [_("(Not written yet.)")]


def _in(language: str, swedish: str, english: str) -> str:
    return english if language == "en" and english else swedish


def measure_row(measure: Measure, year: int, language: str) -> dict[str, str]:
    texts = {entry.year: entry for entry in measure.years.all()}
    entry = texts.get(year)
    status_text = _in(language, entry.text, entry.text_en) if entry else ""
    if measure.status == MeasureStatus.NOT_PURSUED:
        reason = _in(language, measure.reason, measure.reason_en)
        status_text = f"{status_text} {reason}".strip() if reason not in status_text else status_text
    return {
        "code": measure.code,
        "text": _in(language, measure.text, measure.text_en),
        "owner": measure.owner,
        "agency": _in(language, measure.agency.name, measure.agency.name_en),
        "status": str(MeasureStatus(measure.status).label),
        "status_text": status_text,
    }


def indicator_progress(indicator: PlanIndicator) -> Progress:
    return Progress(
        baseline=indicator.baseline,
        baseline_year=indicator.baseline_year,
        target=indicator.target,
        target_year=indicator.target_year,
        direction=indicator.direction,
    )


def report_content(
    year: int, language: str, *, approval: tuple[datetime.datetime, str] | None = None
) -> dict[str, Any]:
    """Everything the report for ``year`` says in ``language`` ("sv" or "en"), as JSON-serialisable data.

    Without ``approval`` (when and by whom) the content is a draft, and says so.
    """
    with translation.override(language):
        measures = list(
            Measure.objects.select_related("area", "agency").prefetch_related("years").order_by("area__number", "id")
        )
        areas = []
        missing = False
        for area in Area.objects.all():
            blocks = []
            for indicator in PlanIndicator.objects.filter(area=area):
                block = indicator_block(
                    indicator.code,
                    year=year,
                    progress=indicator_progress(indicator),
                    chart_id=f"chart-{area.number}-{indicator.code}",
                )
                block["note"] = _in(language, indicator.note, indicator.note_en)
                missing = missing or block["missing"]
                blocks.append(block)
            areas.append(
                {
                    "number": area.number,
                    "title": _in(language, area.title, area.title_en),
                    "description": _in(language, area.description, area.description_en),
                    "narrative": _narrative(year, Section.AREA, language, area),
                    "measures": [
                        measure_row(m, year, language)
                        for m in measures
                        if m.area_id == area.pk and m.scope == Scope.AGENCY
                    ],
                    "indicators": blocks,
                }
            )
        joint = [
            measure_row(m, year, language) for m in sorted(measures, key=lambda m: m.code) if m.scope == Scope.JOINT
        ]
        imported = [
            {
                "agency": _in(language, part.agency.name, part.agency.name_en),
                "measures": [
                    {**measure, "status": str(MeasureStatus(measure["status_code"]).label)} for measure in part.measures
                ],
                "figures": part.figures,
            }
            for part in ImportedPart.objects.filter(year=year).select_related("agency")
        ]
        title = _("The plan to help foreign-born women into work: yearly report %(year)s") % {"year": year}
        approved = (
            {
                "at": formats.date_format(approval[0].date(), "DATE_FORMAT"),
                "by": approval[1],
            }
            if approval
            else None
        )
        return {
            "year": year,
            "language": language,
            "title": title,
            "subtitle": _("Follow-up of the plan's development areas and measures, with figures for women and men."),
            "draft": "" if approved else _("Draft: not approved. The figures and texts can still change."),
            "approved": approved,
            "approved_text": _("Approved on %(date)s by %(name)s.") % {"date": approved["at"], "name": approved["by"]}
            if approved
            else "",
            "summary": _narrative(year, Section.SUMMARY, language),
            "areas": areas,
            "surveys": surveys_of_year(year, language),
            "studies": _studies(year),
            "assessment": _narrative(year, Section.ASSESSMENT, language),
            "appendix": [
                {"area": a["number"], "area_title": a["title"], "measures": a["measures"]}
                for a in areas
                if a["measures"]
            ],
            "joint": joint,
            "imported": imported,
            "missing_figures": missing,
            "labels": _labels(),
        }


def _studies(year: int) -> list[dict[str, Any]]:
    """The year's studies of applicants' needs, with their protected participant tables (sex by age band)."""
    found = []
    for study in studies_of_year(year):
        table: Table | None = None
        if study.participants is not None:
            table = {
                "caption": _("%(title)s: who took part") % {"title": study.title},
                "columns": [study.participants.heading, _("Women"), _("Men"), _("Sex unknown"), _("Total")],
                "rows": [[row.label, *row.cells()] for row in study.participants.rows],
            }
        found.append(
            {
                "title": study.title,
                "method": study.method_label,
                "status": study.status_label,
                "period": study.start_date + " – " + (study.end_date or ""),
                "purpose": study.purpose,
                "findings": study.findings,
                "measures": ", ".join(study.measures),
                "table": table,
            }
        )
    return found


def _labels() -> dict[str, str]:
    return {
        "summary": _("Summary"),
        "done": _("What was done"),
        "measures": _("Measures"),
        "figures": _("Figures that follow the area"),
        "surveys": _("Treatment surveys"),
        "symbols_heading": _("Symbols"),
        "studies": _("Studies of applicants' needs and experiences"),
        "no_studies": _("No study of applicants' needs was under way this year."),
        "informed": _("Measures the findings informed"),
        "findings": _("Findings"),
        "assessment": _("Assessment"),
        "appendix": _("Appendix: the plan's measures and their status"),
        "joint": _("The joint plan across agencies"),
        "imported": _("Parts sent by other agencies"),
        "measure": _("Measure"),
        "number": _("No."),
        "owner": _("Owner"),
        "agency": _("Agency"),
        "status": _("Status"),
        "status_text": _("What was done this year"),
        "missing": _(
            "The follow-up's figures are not built yet; run the nightly job (lika nightly) before the report is approved."
        ),
        "source": _("Source"),
        "no_surveys": _("No treatment survey ended this year."),
        "symbols": _(
            "Symbols: .. hidden to protect individuals (the note says why); – nothing; . not applicable. "
            "Every figure comes from the follow-up after its disclosure control."
        ),
    }


def report_years(today: datetime.date) -> list[int]:
    """The years a report can be read for, newest first: from the plan's first year to ``today``'s.

    The first year is the earliest of a measure's start and an approved report's year; a plan with
    neither has only this year.
    """
    starts = Measure.objects.aggregate(first=Min("start"))["first"]
    first_report = Report.objects.aggregate(first=Min("year"))["first"]
    first = min(today.year, starts.year if starts else today.year, first_report or today.year)
    return list(range(today.year, first - 1, -1))


def report_html(content: dict[str, Any]) -> str:
    """The report's body as HTML (headings from H2 down; the page around it gives the H1)."""
    with translation.override(content["language"]):
        return render_to_string("plan/report_body.html", {"report": content})


def _measure_table(
    measures: list[dict[str, str]], labels: dict[str, str], *, caption: str, agency: bool = False
) -> Table:
    columns = [
        labels["number"],
        labels["measure"],
        labels["agency"] if agency else labels["owner"],
        labels["status"],
        labels["status_text"],
    ]
    rows = [
        [m["code"], m["text"], m["agency"] if agency else m["owner"], m["status"], m["status_text"]] for m in measures
    ]
    return {"caption": caption, "columns": columns, "rows": rows, "widths": ["auto", "3fr", "1.4fr", "auto", "3fr"]}


def report_document(content: dict[str, Any]) -> YearlyReport:
    """The report as data for ``templates_typst/yearly_report.typ``."""
    labels = content["labels"]
    sections: list[TreatmentSurveySection] = []
    for area in content["areas"]:
        sections.append({"heading": f"{area['number']}. {area['title']}", "paragraphs": area["narrative"]})
        for block in area["indicators"]:
            section: TreatmentSurveySection = {
                "heading": block["title"],
                "level": 3,
                "paragraphs": [p for p in (block["question"], block["note"], block["progress"]) if p],
            }
            if block["missing"]:
                section["notes"] = [labels["missing"]]
            else:
                if block["chart"]:
                    section["figure"] = {"svg": block["chart"], "alt": block["alt"], "caption": block["title"]}
                section["tables"] = [block["headline"], *block["tables"]]
                section["notes"] = [*block["headline_notes"], *block["notes"]]
                section["paragraphs"].append(f"{labels['source']}: {block['source']}")
            sections.append(section)
    sections.append({"heading": labels["surveys"], "paragraphs": [] if content["surveys"] else [labels["no_surveys"]]})
    for survey in content["surveys"]:
        sections.append(
            {"heading": survey["title"], "level": 3, "paragraphs": survey["summary"], "tables": [survey["table"]]}
        )
    sections.append({"heading": labels["studies"], "paragraphs": [] if content["studies"] else [labels["no_studies"]]})
    for study in content["studies"]:
        paragraphs = [f"{study['method']}, {study['period']} ({study['status']}).", study["purpose"]]
        if study["findings"]:
            paragraphs.append(f"{labels['findings']}: {study['findings']}")
        if study["measures"]:
            paragraphs.append(f"{labels['informed']}: {study['measures']}")
        listed: TreatmentSurveySection = {"heading": study["title"], "level": 3, "paragraphs": paragraphs}
        if study["table"]:
            listed["tables"] = [study["table"]]
        sections.append(listed)
    sections.append({"heading": labels["assessment"], "paragraphs": content["assessment"]})
    sections.append(
        {
            "heading": labels["appendix"],
            "paragraphs": [],
            "tables": [
                _measure_table(group["measures"], labels, caption=f"{group['area']}. {group['area_title']}")
                for group in content["appendix"]
            ],
        }
    )
    if content["joint"]:
        sections.append(
            {
                "heading": labels["joint"],
                "paragraphs": [],
                "tables": [_measure_table(content["joint"], labels, caption=labels["joint"], agency=True)],
            }
        )
    for part in content["imported"]:
        sections.append(
            {
                "heading": part["agency"],
                "level": 3,
                "paragraphs": [],
                "tables": [_measure_table(part["measures"], labels, caption=part["agency"], agency=True)],
            }
        )
    sections.append({"heading": labels["symbols_heading"], "paragraphs": [labels["symbols"]]})
    return {
        "language": content["language"],
        "title": content["title"],
        "subtitle": content["subtitle"],
        "draft": content["draft"],
        "approved": content["approved_text"],
        "summary": content["summary"],
        "summary_heading": labels["summary"],
        "sections": sections,
    }


def report_pdf(content: dict[str, Any]) -> bytes:
    """The report as a PDF/UA-1 document."""
    document = report_document(content)
    return pdf_render(template="yearly_report.typ", data=document, language=content["language"], title=content["title"])


def report_for(year: int, language: str) -> tuple[dict[str, Any], Report | None]:
    """The approved report's frozen content if there is one, else a draft built now."""
    report = Report.objects.filter(year=year).first()
    if report is not None:
        return report.content[language], report
    return report_content(year, language), None
