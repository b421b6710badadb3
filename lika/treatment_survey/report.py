"""The survey's report, for the page and for the PDF: the same words, figures, tables and charts.

:func:`report_build` turns an analysis into texts in one language (Swedish or English): method,
sample, reliability, a section per behaviour with its chart, its text alternative and its table,
the flags of items below the pass mark, and for each behaviour where women and men differ a link to
the case-exercise material. :func:`report_document` lays the same report out for the Typst layout
``treatment_survey_report.typ`` (PDF/UA-1). Officer codes never reach this module's output: it
reads only the analysis, which keeps none.
"""

from __future__ import annotations

import base64
from dataclasses import dataclass, field

from django.urls import reverse
from django.utils import formats, translation
from django.utils.http import urlencode
from django.utils.translation import gettext as _

from lika.documents.layouts import Table, TreatmentSurveyReport, TreatmentSurveySection
from lika.statistics import Interval
from lika.treatment_survey.analysis.model import NOT_ESTIMABLE_TEXT, SexEffect
from lika.treatment_survey.analysis.protection import REASON_TEXT, MaskReason
from lika.treatment_survey.analysis.results import (
    ALL_CHANNELS,
    BehaviourResult,
    Comparison,
    ItemReliability,
    ReliabilityStatus,
    Share,
    SurveyAnalysis,
)
from lika.treatment_survey.charts import ChartPoint, share_chart_svg
from lika.treatment_survey.models import Survey
from lika.treatment_survey.protocol.definition import channel_label, item

MASKED = ".."  # Statistics Sweden's symbol for a figure not shown
NOT_APPLICABLE = "–"


@dataclass(frozen=True)
class ResultRow:
    scope: str
    women: str
    men: str
    unknown: str
    difference: str
    odds_ratio: str
    p_adjusted: str


@dataclass(frozen=True)
class BehaviourSection:
    name: str
    title: str
    question: str
    definition: str
    confirmatory: bool
    differs: bool
    summary: str
    flags: list[str]
    chart_svg: str
    chart_alt: str
    rows: list[ResultRow]
    practice_title: str
    practice_url: str

    @property
    def chart_data_uri(self) -> str:
        """The chart for an ``img`` element, so the page needs no script and no second request."""
        return "data:image/svg+xml;base64," + base64.b64encode(self.chart_svg.encode()).decode("ascii")


@dataclass(frozen=True)
class Report:
    language: str
    title: str
    subtitle: str
    summary: list[str]
    method: list[str]
    sample_rows: list[list[str]]
    sample_notes: list[str]
    reliability_rows: list[list[str]]
    behaviours: list[BehaviourSection]
    masked_reasons: list[str] = field(default_factory=list)


# --- formatting -----------------------------------------------------------------------------------


def practice_url(behaviour_name: str) -> str:
    """The address of the case exercises that practise a behaviour, in the competence part.

    Named by URL only: the competence part reads the treatment survey, never the other way round.
    """
    return reverse("competence:exercise_list") + "?" + urlencode({"behaviour": behaviour_name})


def _number(value: float, decimals: int) -> str:
    return str(formats.number_format(value, decimals)).replace("-", "\u2212")


def _percent(value: float) -> str:
    return f"{_number(value * 100, 0)}\u00a0%"


def _range(low: str, high: str) -> str:
    return _("%(low)s to %(high)s") % {"low": low, "high": high}


def _share_text(share: Share) -> str:
    if share.masked is not None:
        return MASKED
    if share.interval is None:
        return NOT_APPLICABLE
    interval = share.interval
    return _("%(share)s (%(range)s), n = %(n)s") % {
        "share": _percent(interval.estimate),
        "range": _range(_number(interval.low * 100, 0), _number(interval.high * 100, 0)),
        "n": share.contacts,
    }


def _difference_text(difference: Interval | None) -> str:
    if difference is None:
        return NOT_APPLICABLE
    points = _number(difference.estimate * 100, 0)
    return f"{points} ({_range(_number(difference.low * 100, 0), _number(difference.high * 100, 0))})"


def _odds_text(effect: SexEffect | None) -> str:
    if effect is None:
        return NOT_APPLICABLE
    if effect.not_estimable is not None or effect.odds_ratio is None or effect.low is None or effect.high is None:
        return _("not estimable")
    return f"{_number(effect.odds_ratio, 2)} ({_range(_number(effect.low, 2), _number(effect.high, 2))})"


def _p_text(p: float | None) -> str:
    if p is None:
        return NOT_APPLICABLE
    if p < 0.001:
        return "< " + _number(0.001, 3)
    return _number(p, 3)


def _scope_label(scope: str, language: str) -> str:
    return _("All channels") if scope == ALL_CHANNELS else channel_label(scope, language)


def _item_label(name: str, language: str) -> str:
    found = item(name)
    return (found.short or found.label).get(language)


# --- sections -------------------------------------------------------------------------------------


def _row(comparison: Comparison, language: str) -> ResultRow:
    return ResultRow(
        scope=_scope_label(comparison.channel, language),
        women=_share_text(comparison.women),
        men=_share_text(comparison.men),
        unknown=_share_text(comparison.shares["unknown"]),
        difference=_difference_text(comparison.difference),
        odds_ratio=_odds_text(comparison.effect),
        p_adjusted=_p_text(comparison.p_adjusted),
    )


def _chart(result: BehaviourResult, language: str) -> tuple[str, str]:
    women, men = _("Women"), _("Men")
    short = result.behaviour.short.get(language)
    points: list[ChartPoint] = []
    described: list[str] = []
    for comparison in [result.overall, *result.channels]:
        scope = _scope_label(comparison.channel, language)
        parts = []
        for label, share in ((women, comparison.women), (men, comparison.men)):
            if share.shown and share.interval is not None:
                points.append(ChartPoint(scope, label, *_interval(share.interval)))
                parts.append(
                    _("%(group)s %(share)s (%(range)s)")
                    % {
                        "group": label.lower(),
                        "share": _percent(share.interval.estimate),
                        "range": _range(_percent(share.interval.low), _percent(share.interval.high)),
                    }
                )
            else:
                parts.append(_("%(group)s not shown") % {"group": label.lower()})
        described.append(f"{scope}: {', '.join(parts)}.")
    alt = " ".join(
        [
            _(
                "Chart of the share of contacts in which: %(behaviour)s, among women (filled circles, solid lines) and men (open squares, dashed lines), with 95 %% confidence intervals."
            )
            % {"behaviour": short.lower()},
            *described,
        ]
    )
    if not points:
        return "", alt
    svg = share_chart_svg(
        points,
        groups=(women, men),
        axis_title=_("Share of contacts: %(behaviour)s") % {"behaviour": short.lower()},
        decimal=str(formats.get_format("DECIMAL_SEPARATOR")),
    )
    return svg, alt


def _interval(interval: Interval) -> tuple[float, float, float]:
    return interval.estimate, interval.low, interval.high


def _summary_sentence(result: BehaviourResult, language: str) -> str:
    overall = result.overall
    if not (overall.women.shown and overall.men.shown) or overall.difference is None:
        return _("%(behaviour)s: too few contacts or officers to compare women and men.") % {
            "behaviour": result.behaviour.short.get(language)
        }
    women, men = overall.women.interval, overall.men.interval
    if women is None or men is None:
        return ""
    values = {
        "behaviour": result.behaviour.short.get(language),
        "women": _percent(women.estimate),
        "men": _percent(men.estimate),
        "difference": _number(overall.difference.estimate * 100, 0),
        "range": _range(_number(overall.difference.low * 100, 0), _number(overall.difference.high * 100, 0)),
    }
    if result.differs:
        return (
            _(
                "%(behaviour)s: women %(women)s, men %(men)s. The difference, %(difference)s percentage points (95 %% confidence interval %(range)s), holds after adjustment for many tests."
            )
            % values
        )
    return (
        _(
            "%(behaviour)s: women %(women)s, men %(men)s; difference %(difference)s percentage points (%(range)s). No clear difference after adjustment for many tests."
        )
        % values
    )


def _behaviour_section(result: BehaviourResult, language: str) -> BehaviourSection:
    behaviour = result.behaviour
    flags = [
        _("Below the reliability pass mark: %(item)s. Read these results with care.")
        % {"item": _item_label(name, language)}
        for name in result.flagged_by
    ]
    svg, alt = _chart(result, language)
    return BehaviourSection(
        name=behaviour.name,
        title=behaviour.short.get(language),
        question=behaviour.item.label.get(language),
        definition=behaviour.item.definition.get(language),
        confirmatory=behaviour.confirmatory,
        differs=result.differs,
        summary=_summary_sentence(result, language),
        flags=flags,
        chart_svg=svg,
        chart_alt=alt,
        rows=[_row(c, language) for c in [result.overall, *result.channels]],
        practice_title=behaviour.practice.title.get(language),
        practice_url=practice_url(behaviour.name),
    )


def _reliability_row(reliability: ItemReliability, language: str) -> list[str]:
    status = {
        ReliabilityStatus.PASSED: _("Meets the pass mark"),
        ReliabilityStatus.FAILED: _("Below the pass mark"),
        ReliabilityStatus.UNDEFINED: _("Cannot be judged: every answer the same"),
        ReliabilityStatus.TOO_FEW: _("Cannot be judged: too few double-coded contacts"),
    }[reliability.status]
    return [
        _item_label(reliability.item, language),
        str(reliability.units),
        NOT_APPLICABLE if reliability.agreement is None else _percent(reliability.agreement),
        NOT_APPLICABLE if reliability.alpha is None else _number(reliability.alpha, 3),
        status,
    ]


def _method(survey: Survey, analysis: SurveyAnalysis, language: str) -> list[str]:
    settings = analysis.settings
    return [
        _(
            "Observers followed contacts between officers and the people who contacted the agency in random time slots, drawn for each site and channel. For each contact they recorded, with the protocol's operational definitions, whether the officer behaved in each of the ways below. A behaviour that cannot occur in a contact (eye contact on the phone) is not asked and not counted."
        ),
        _(
            "The person's sex is as recorded in the case or as the observer perceived it; contacts where it is unknown are shown apart. Officers are known only by pseudonyms."
        ),
        _(
            "Shares have Wilson score intervals and differences Newcombe's hybrid score intervals (95 %%). Odds ratios for women against men come from a logistic regression with channel, site and interpreter as controls and standard errors clustered by officer. P-values for the %(count)s pre-registered behaviours are adjusted with Holm's method; those of the channels and of the exploratory behaviours with the Benjamini–Hochberg method."
        )
        % {"count": sum(1 for b in analysis.behaviours if b.behaviour.confirmatory)},
        _(
            "A planned %(share)s of the slots were observed by two observers. Each item's reliability is Krippendorff's alpha for nominal data, with %(mark)s as the pass mark fixed before fieldwork. Items below it are flagged wherever their results are shown."
        )
        % {"share": _percent(float(survey.double_coded_share)), "mark": _number(settings.pass_mark, 3)},
        _(
            "No figure rests on fewer than %(officers)s different officers or %(contacts)s contacts. Figures below that, and figures from which they could be worked out, are replaced by “..”."
        )
        % {"officers": settings.rule.min_officers, "contacts": settings.rule.min_contacts},
    ]


def report_build(survey: Survey, analysis: SurveyAnalysis, language: str) -> Report:
    """The report in ``language`` ("sv" or "en")."""
    with translation.override(language):
        sample = analysis.sample
        scopes = (ALL_CHANNELS, *analysis.channels)
        sample_rows = []
        for scope in scopes:
            counts = sample.contacts[scope]
            sample_rows.append(
                [
                    _scope_label(scope, language),
                    str(counts["female"]),
                    str(counts["male"]),
                    str(counts["unknown"]),
                    str(sum(counts.values())),
                ]
            )
        sample_notes = [
            _(
                "%(officers)s different officers, %(observers)s observers, %(sites)s sites. %(double)s contacts were observed by two observers."
            )
            % {
                "officers": sample.officers,
                "observers": sample.observers,
                "sites": sample.sites,
                "double": sample.double_coded,
            },
            _("The person's sex was recorded in %(recorded)s contacts and perceived by the observer in %(perceived)s.")
            % sample.sex_basis,
        ]
        behaviours = [_behaviour_section(result, language) for result in analysis.behaviours]
        differing = [b for b in behaviours if b.differs]
        summary = [b.summary for b in differing] or [
            _("In no behaviour did women and men differ clearly after adjustment for many tests.")
        ]
        flagged = sorted({f for b in behaviours for f in b.flags})
        reasons = [
            f"{MASKED} {_(REASON_TEXT[reason])}"
            for reason in (MaskReason.FEW_OFFICERS, MaskReason.FEW_CONTACTS, MaskReason.COMPLEMENT)
        ]
        return Report(
            language=language,
            title=_("Treatment survey: %(name)s") % {"name": survey.name},
            subtitle=_("Fieldwork %(first)s to %(last)s · %(contacts)s contacts")
            % {"first": survey.first_day.isoformat(), "last": survey.last_day.isoformat(), "contacts": sample.total},
            summary=summary + flagged,
            method=_method(survey, analysis, language),
            sample_rows=sample_rows,
            sample_notes=sample_notes,
            reliability_rows=[_reliability_row(r, language) for r in analysis.reliability],
            behaviours=behaviours,
            masked_reasons=reasons,
        )


def result_columns() -> list[str]:
    """The header of a behaviour's table (translated in the active language)."""
    return [
        _("Channel"),
        _("Women"),
        _("Men"),
        _("Sex unknown"),
        _("Difference women − men, percentage points"),
        _("Odds ratio women/men"),
        _("Adjusted p"),
    ]


def reliability_columns() -> list[str]:
    return [_("Item"), _("Double-coded contacts"), _("Agreement"), _("Krippendorff's alpha"), _("Assessment")]


def sample_columns() -> list[str]:
    return [_("Channel"), _("Women"), _("Men"), _("Sex unknown"), _("Total")]


def not_estimable_texts() -> list[str]:
    return [_(text) for text in NOT_ESTIMABLE_TEXT.values()]


def report_document(report: Report, *, link_base: str) -> TreatmentSurveyReport:
    """The report as data for ``treatment_survey_report.typ``; ``link_base`` makes the practice links absolute."""
    with translation.override(report.language):
        sections: list[TreatmentSurveySection] = [
            {"heading": _("Method"), "paragraphs": report.method},
            {
                "heading": _("Sample"),
                "paragraphs": report.sample_notes,
                "tables": [
                    Table(
                        caption=_("Contacts by channel and the person's sex"),
                        columns=sample_columns(),
                        rows=report.sample_rows,
                    )
                ],
            },
            {
                "heading": _("Reliability"),
                "paragraphs": [],
                "tables": [
                    Table(
                        caption=_("Agreement between two observers of the same contacts"),
                        columns=reliability_columns(),
                        rows=report.reliability_rows,
                    )
                ],
            },
        ]
        sections.append(
            {
                "heading": _("Results by behaviour"),
                "paragraphs": [
                    _(
                        "Each behaviour has a chart and a table. The first row of each is all channels together; the first six behaviours are the pre-registered ones."
                    )
                ],
            }
        )
        for behaviour in report.behaviours:
            section: TreatmentSurveySection = {
                "heading": behaviour.title,
                "level": 3,
                "paragraphs": [behaviour.summary, _("Question: %(question)s") % {"question": behaviour.question}],
                "notes": behaviour.flags,
                "tables": [
                    Table(
                        caption=_("%(behaviour)s, by channel (95 %% confidence intervals)")
                        % {"behaviour": behaviour.title},
                        columns=result_columns(),
                        rows=[
                            [r.scope, r.women, r.men, r.unknown, r.difference, r.odds_ratio, r.p_adjusted]
                            for r in behaviour.rows
                        ],
                    )
                ],
            }
            if behaviour.chart_svg:
                section["figure"] = {"svg": behaviour.chart_svg, "alt": behaviour.chart_alt, "caption": behaviour.title}
            if behaviour.differs:
                section["link"] = {
                    "text": _("Case exercise: %(title)s") % {"title": behaviour.practice_title},
                    "url": link_base.rstrip("/") + behaviour.practice_url,
                }
            sections.append(section)
        sections.append(
            {
                "heading": _("Symbols"),
                "paragraphs": [*report.masked_reasons, f"{NOT_APPLICABLE} {_('Nothing to show.')}"],
            }
        )
        return {
            "language": report.language,
            "title": report.title,
            "subtitle": report.subtitle,
            "summary": report.summary,
            "sections": sections,
        }
