"""Every write to the plan: areas, measures and their yearly status texts, the indicators that follow
them, the strategist's narratives, and the manager's approval that freezes a yearly report.

Each service checks the acting member of staff's permission, refuses with a message on the field at
fault before anything is written, and records an audit event in the same transaction. A measure's
changes are also kept, field by field, in :class:`~lika.plan.models.MeasureChange`, so its history stays
readable beside it.
"""

from __future__ import annotations

import datetime
from collections.abc import Mapping
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from lika.audit.acting import Acting
from lika.audit.actions import Action
from lika.core import clock
from lika.plan.models import (
    Agency,
    Area,
    Direction,
    LinkKind,
    Measure,
    MeasureChange,
    MeasureLink,
    MeasureStatus,
    MeasureYear,
    Narrative,
    NarrativeVersion,
    PlanIndicator,
    Report,
    Scope,
    Section,
)

REPORT_LANGUAGES = ("sv", "en")
NARRATIVE_MAX_LENGTH = 20_000
CODE_MAX_LENGTH = 20

MEASURE_FIELDS = (
    "area",
    "code",
    "scope",
    "agency",
    "text",
    "text_en",
    "owner",
    "start",
    "end",
    "status",
    "reason",
    "reason_en",
)


class ReportFrozenError(ValidationError):
    """The year's report is approved; what it printed can no longer change."""


def _stripped(values: Mapping[str, Any]) -> dict[str, Any]:
    return {name: value.strip() if isinstance(value, str) else value for name, value in values.items()}


def _measure_problems(values: Mapping[str, Any], measure: Measure | None) -> dict[str, str]:
    errors: dict[str, str] = {}
    code = values["code"]
    if not code:
        errors["code"] = _("Give the measure a number, such as 1.3.")
    elif len(code) > CODE_MAX_LENGTH:
        errors["code"] = _("The number is longer than %(max)s characters.") % {"max": CODE_MAX_LENGTH}
    elif Measure.objects.filter(code=code).exclude(pk=measure.pk if measure else 0).exists():
        errors["code"] = _("Another measure already has the number %(code)s.") % {"code": code}
    if not values["text"]:
        errors["text"] = _("Say what the measure is, in a sentence or two.")
    if values["scope"] not in Scope.values:
        errors["scope"] = _("Choose the agency's own plan or the joint plan.")
    if values["status"] not in MeasureStatus.values:
        errors["status"] = _("Choose one of the statuses.")
    elif values["status"] == MeasureStatus.NOT_PURSUED and not values["reason"]:
        errors["reason"] = _("Say why the measure is not pursued; the report's appendix shows it.")
    start, end = values["start"], values["end"]
    if start and end and end < start:
        errors["end"] = _("The end is before the start (%(start)s).") % {"start": start.isoformat()}
    return errors


def _comparable(value: Any) -> Any:
    if isinstance(value, Area | Agency):
        return value.pk
    if isinstance(value, datetime.date):
        return value.isoformat()
    return value


def measure_save(*, acting: Acting, measure: Measure | None, **values: Any) -> Measure:
    """Adds a measure (``measure`` None) or changes one; every changed field is kept in its history.

    ``values`` are the fields of :data:`MEASURE_FIELDS`; on a change, fields not given stay as they are.
    """
    acting.require("plan.change_measure" if measure else "plan.add_measure")
    unknown = set(values) - set(MEASURE_FIELDS)
    if unknown:
        raise TypeError(f"measure_save() has no field {sorted(unknown)}")
    with transaction.atomic():
        locked = Measure.objects.select_for_update().get(pk=measure.pk) if measure else None
        current: dict[str, Any] = (
            {name: getattr(locked, name) for name in MEASURE_FIELDS}
            if locked
            else {"scope": Scope.AGENCY, "status": MeasureStatus.PLANNED, "start": None, "end": None}
            | dict.fromkeys(("text_en", "owner", "reason", "reason_en"), "")
        )
        merged = _stripped(current | values)
        if merged.get("agency") is None:
            merged["agency"] = Agency.objects.filter(own=True).first()
        missing = [name for name in MEASURE_FIELDS if name not in merged]
        if missing:
            raise TypeError(f"measure_save() needs {missing} for a new measure")
        if errors := _measure_problems(merged, locked):
            raise ValidationError(errors)
        if merged["agency"] is None:
            raise ValidationError({"agency": _("Say which agency is responsible; no agency is marked as this one.")})
        before = {name: _comparable(current.get(name)) for name in MEASURE_FIELDS} if locked else {}
        after = {name: _comparable(merged[name]) for name in MEASURE_FIELDS}
        changed = {name: [before.get(name), value] for name, value in after.items() if before.get(name) != value}
        if locked and not changed:
            return locked
        if locked is None:
            saved = Measure.objects.create(**{name: merged[name] for name in MEASURE_FIELDS})
        else:
            saved = locked
            for name in MEASURE_FIELDS:
                setattr(saved, name, merged[name])
            saved.save()
        MeasureChange.objects.create(
            measure=saved, at=clock.now(), by=acting.actor, reason=acting.reason.strip(), fields=changed
        )
        acting.audit(Action.PLAN_MEASURE_SAVE, saved, {"code": saved.code, "fields": sorted(changed)})
    return saved


def measure_year_save(*, acting: Acting, measure: Measure, year: int, text: str, text_en: str = "") -> MeasureYear:
    """Writes what was done with ``measure`` in ``year`` (the report's appendix); refused once that year is approved."""
    acting.require("plan.change_measure")
    text, text_en = text.strip(), text_en.strip()
    if not text:
        raise ValidationError({"text": _("Write what was done with the measure this year.")})
    with transaction.atomic():
        _refuse_frozen(year, "text")
        saved, created = MeasureYear.objects.update_or_create(
            measure=measure, year=year, defaults={"text": text, "text_en": text_en}
        )
        MeasureChange.objects.create(
            measure=measure,
            at=clock.now(),
            by=acting.actor,
            reason=acting.reason.strip(),
            fields={f"status_text_{year}": [None if created else "…", text]},
        )
        acting.audit(Action.PLAN_MEASURE_YEAR_SAVE, measure, {"year": year, "created": created})
    return saved


def measure_link_add(
    *, acting: Acting, measure: Measure, kind: str, target: str, label: str, label_en: str = ""
) -> MeasureLink:
    """Links a measure to what in Lika carries it out (a page, a channel, an indicator, a survey ...)."""
    acting.require("plan.change_measure")
    target, label = target.strip(), label.strip()
    errors = {}
    if kind not in LinkKind.values:
        errors["kind"] = _("Choose what kind of thing the link leads to.")
    if not target:
        errors["target"] = _("Give the code, slug, id or path of the thing.")
    if not label:
        errors["label"] = _("Give the link a label readers understand.")
    if errors:
        raise ValidationError(errors)
    try:
        with transaction.atomic():
            link = MeasureLink.objects.create(
                measure=measure, kind=kind, target=target, label=label, label_en=label_en.strip()
            )
            acting.audit(Action.PLAN_MEASURE_SAVE, measure, {"link": [kind, target]})
    except IntegrityError:
        raise ValidationError({"target": _("The measure already links to this.")}) from None
    return link


def area_save(*, acting: Acting, area: Area | None, **values: Any) -> Area:
    """Adds a development area or changes its title and description."""
    acting.require("plan.change_area" if area else "plan.add_area")
    fields = ("number", "title", "title_en", "description", "description_en")
    cleaned = _stripped({name: values.get(name, getattr(area, name) if area else "") for name in fields})
    errors = {}
    if not isinstance(cleaned["number"], int) or cleaned["number"] < 1:
        errors["number"] = _("Give the area a number from 1.")
    elif Area.objects.filter(number=cleaned["number"]).exclude(pk=area.pk if area else 0).exists():
        errors["number"] = _("Another area already has the number %(number)s.") % {"number": cleaned["number"]}
    if not cleaned["title"]:
        errors["title"] = _("Give the area a title.")
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        if area is None:
            saved = Area.objects.create(**cleaned)
        else:
            saved = Area.objects.select_for_update().get(pk=area.pk)
            for name, value in cleaned.items():
                setattr(saved, name, value)
            saved.save()
        acting.audit(Action.PLAN_AREA_SAVE, saved, {"number": saved.number})
    return saved


def agency_ensure(
    *, acting: Acting, code: str, name: str, name_en: str = "", own: bool = False, coordinator: bool = False
) -> Agency:
    """The agency with ``code``, created or brought up to date with the names and roles given."""
    acting.require("plan.add_measure")
    with transaction.atomic():
        agency, created = Agency.objects.update_or_create(
            code=code, defaults={"name": name, "name_en": name_en, "own": own, "coordinator": coordinator}
        )
        acting.audit(Action.PLAN_AGENCY_SAVE, agency, {"code": code, "created": created})
    return agency


def indicator_save(
    *,
    acting: Acting,
    area: Area,
    code: str,
    measure: Measure | None = None,
    **values: Any,
) -> PlanIndicator:
    """Attaches a follow-up indicator to an area (and optionally a measure) with its baseline and target."""
    from lika.plan.figures import indicator_known  # the follow-up's catalogue, read only here

    acting.require("plan.change_measure")
    errors: dict[str, str] = {}
    if not indicator_known(code):
        errors["code"] = _("The follow-up has no indicator %(code)s.") % {"code": code}
    if measure is not None and measure.area_id != area.pk:
        errors["measure"] = _("The measure belongs to another area.")
    direction = values.get("direction", Direction.UP)
    if direction not in Direction.values:
        errors["direction"] = _("Choose which way counts as progress.")
    for name in ("baseline", "target"):
        value = values.get(name)
        if value is not None and not isinstance(value, Decimal | int):
            errors[name] = _("Give a number.")
        if value is not None and values.get(f"{name}_year") is None:
            errors[f"{name}_year"] = _("Give the year the figure is for.")
    if errors:
        raise ValidationError(errors)
    fields = ("baseline", "baseline_year", "target", "target_year", "note", "note_en", "position")
    defaults = {name: values[name] for name in fields if name in values} | {"direction": direction, "measure": measure}
    with transaction.atomic():
        saved, created = PlanIndicator.objects.update_or_create(area=area, code=code, defaults=defaults)
        acting.audit(Action.PLAN_INDICATOR_SAVE, saved, {"code": code, "created": created})
    return saved


def _refuse_frozen(year: int, field: str) -> None:
    if Report.objects.filter(year=year).exists():
        raise ReportFrozenError(
            {
                field: _("The report for %(year)s is approved and frozen; its texts can no longer change.")
                % {"year": year}
            }
        )


def narrative_save(
    *, acting: Acting, year: int, section: str, language: str, text: str, area: Area | None = None
) -> NarrativeVersion:
    """Saves a new version of one of the report's texts; the earlier versions stay readable."""
    acting.require("plan.change_narrative")
    text = text.strip()
    errors: dict[str, str] = {}
    if section not in Section.values:
        errors["section"] = _("Choose the summary, an area or the assessment.")
    elif (section == Section.AREA) != (area is not None):
        errors["section"] = _("Only an area's text belongs to an area.")
    if language not in REPORT_LANGUAGES:
        errors["language"] = _("The report is written in Swedish and English.")
    if not text:
        errors["text"] = _("Write the text; an empty text would leave a hole in the report.")
    elif len(text) > NARRATIVE_MAX_LENGTH:
        errors["text"] = _("The text is longer than %(max)s characters.") % {"max": NARRATIVE_MAX_LENGTH}
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        _refuse_frozen(year, "text")
        narrative, _created = Narrative.objects.get_or_create(year=year, section=section, area=area, language=language)
        Narrative.objects.select_for_update().filter(pk=narrative.pk).get()
        latest = narrative.versions.order_by("-number").first()
        if latest is not None and latest.text == text:
            return latest
        version = NarrativeVersion.objects.create(
            narrative=narrative,
            number=(latest.number + 1) if latest else 1,
            text=text,
            at=clock.now(),
            by=acting.actor,
        )
        acting.audit(
            Action.PLAN_NARRATIVE_SAVE,
            narrative,
            {"year": year, "section": section, "language": language, "version": version.number},
        )
    return version


def report_approve(*, acting: Acting, year: int) -> Report:
    """Approves the yearly report for ``year`` and freezes it: its content, pages and PDFs in both languages.

    The manager approves what the draft shows at this moment; afterwards the report is downloaded from
    what was stored here, byte for byte, whatever happens to the facts or the templates.
    """
    from lika.plan.report import report_content, report_html, report_pdf  # the rendering, only on approval

    acting.require("plan.approve_report")
    if acting.actor is None:
        raise ValidationError({"reason": _("A person approves the report, not a job.")})
    with transaction.atomic():
        if Report.objects.select_for_update().filter(year=year).exists():
            raise ReportFrozenError({"year": _("The report for %(year)s is already approved.") % {"year": year}})
        approved_at = clock.now()
        approver = acting.actor.get_full_name() or acting.actor.get_username()
        content = {
            language: report_content(year, language, approval=(approved_at, approver)) for language in REPORT_LANGUAGES
        }
        if content["sv"]["missing_figures"]:
            raise ValidationError(
                {
                    "reason": _(
                        "The follow-up's figures are not built; run the nightly job before the report is approved."
                    )
                }
            )
        report = Report.objects.create(
            year=year,
            approved_at=approved_at,
            approved_by=acting.actor,
            content=content,
            html={language: report_html(content[language]) for language in REPORT_LANGUAGES},
            pdf_sv=report_pdf(content["sv"]),
            pdf_en=report_pdf(content["en"]),
        )
        acting.audit(Action.PLAN_REPORT_APPROVE, report, {"year": year})
    return report
