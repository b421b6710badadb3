"""The register of studies of applicants' needs: its services, its reads and its protected participant tables.

Every write is a service that takes an :class:`~lika.audit.acting.Acting`, checks the actor's
permission, refuses with a message on the field at fault before anything is written, and records an
audit event in the same transaction.

Who took part in a study is kept as counts by sex, age band and language. Those counts are shown and
exported only through :func:`participants_protect`: the two published tables (sex by age band, sex by
language) are cut from one cube and protected together with the follow-up's disclosure control
(:mod:`lika.statistics.disclosure`, thresholds from :mod:`lika.core.disclosure`), so that no total,
nor one table set against the other, reveals a hidden cell. A study's participants are few, so many of
its cells are hidden; that is the point.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils.translation import get_language_info
from django.utils.translation import gettext as _

from lika.audit.acting import Acting
from lika.audit.actions import Action
from lika.core.disclosure import disclosure_rules
from lika.people.identifiers import validate_language_code
from lika.people.models import Sex
from lika.plan.models.plan import Measure
from lika.plan.models.studies import (
    AGE_BANDS,
    AGE_UNKNOWN,
    LANGUAGE_UNKNOWN,
    OWNER_MAX_LENGTH,
    TITLE_MAX_LENGTH,
    ConsentBasis,
    Method,
    Study,
    StudyParticipants,
    StudyStatus,
)
from lika.statistics.disclosure import TOTAL, DisclosureRules, Key, Suppression, Symbol, suppress, table_complete

STUDY_FIELDS = (
    "title",
    "purpose",
    "method",
    "start_date",
    "end_date",
    "owner",
    "consent_basis",
    "consent_text",
    "findings",
    "status",
)
DIMS = ("sex", "age_band", "language")
BREAKDOWNS = ("age_band", "language")
SEXES = (Sex.FEMALE.value, Sex.MALE.value, Sex.UNKNOWN.value)
AGE_BAND_NAMES = (*(name for name, _low, _high in AGE_BANDS), AGE_UNKNOWN)
MAX_COUNT = 100_000

# --- the study itself ----------------------------------------------------------------------------


def _study_problems(values: Mapping[str, Any]) -> dict[str, str]:
    errors: dict[str, str] = {}
    if not values["title"]:
        errors["title"] = _("Give the study a title.")
    elif len(values["title"]) > TITLE_MAX_LENGTH:
        errors["title"] = _("The title is longer than %(max)s characters.") % {"max": TITLE_MAX_LENGTH}
    if not values["purpose"]:
        errors["purpose"] = _("Say what the study wants to learn, in a few plain sentences.")
    if values["method"] not in Method.values:
        errors["method"] = _("Choose one of the methods.")
    if not values["owner"]:
        errors["owner"] = _("Name the unit or person responsible for the study.")
    elif len(values["owner"]) > OWNER_MAX_LENGTH:
        errors["owner"] = _("The unit or owner is longer than %(max)s characters.") % {"max": OWNER_MAX_LENGTH}
    if values["consent_basis"] not in ConsentBasis.values:
        errors["consent_basis"] = _("Choose the basis on which people take part.")
    if not values["consent_text"]:
        errors["consent_text"] = _("Say how consent is asked and recorded, and that taking part never affects a case.")
    return errors | _period_and_status_problems(values)


def _period_and_status_problems(values: Mapping[str, Any]) -> dict[str, str]:
    """The dates in order, and a study that is done has ended and says what it found."""
    errors: dict[str, str] = {}
    start, end = values["start_date"], values["end_date"]
    if not isinstance(start, datetime.date):
        errors["start_date"] = _("Give the day the study starts, such as 2026-03-01.")
    elif end is not None and (not isinstance(end, datetime.date) or end < start):
        errors["end_date"] = _("The end date cannot come before the start date, %(start)s.") % {
            "start": start.isoformat()
        }
    if values["status"] not in StudyStatus.values:
        errors["status"] = _("Choose one of the statuses.")
    elif values["status"] == StudyStatus.DONE:
        if end is None and "end_date" not in errors:
            errors["end_date"] = _("A study that is done has an end date.")
        if not values["findings"]:
            errors["findings"] = _("A study that is done has findings: write what was learned.")
    return errors


def _study_values(**values: Any) -> dict[str, Any]:
    cleaned = dict(values)
    for name in ("title", "purpose", "owner", "consent_text", "findings"):
        cleaned[name] = str(cleaned[name] or "").strip()
    return cleaned


def study_create(
    *,
    acting: Acting,
    title: str,
    purpose: str,
    method: str,
    start_date: datetime.date,
    owner: str,
    consent_basis: str,
    consent_text: str,
    end_date: datetime.date | None = None,
    findings: str = "",
    status: str = StudyStatus.PLANNED,
    measures: Sequence[Measure] = (),
) -> Study:
    """Adds a study to the register, with the plan's measures its findings informed."""
    acting.require("plan.add_study")
    values = _study_values(
        title=title,
        purpose=purpose,
        method=method,
        start_date=start_date,
        end_date=end_date,
        owner=owner,
        consent_basis=consent_basis,
        consent_text=consent_text,
        findings=findings,
        status=status,
    )
    if errors := _study_problems(values):
        raise ValidationError(errors)
    with transaction.atomic():
        study = Study.objects.create(**values)
        study.measures.set(measures)
        acting.audit(
            Action.STUDY_CREATE,
            study,
            {"title": study.title, "method": study.method, "measures": sorted(m.code for m in measures)},
        )
    return study


def _audit_value(value: Any) -> Any:
    return value.isoformat() if isinstance(value, datetime.date) else value


def study_change(*, acting: Acting, study: Study, **changes: Any) -> Study:
    """Changes what is given of a study's fields (:data:`STUDY_FIELDS`); the rest stay."""
    acting.require("plan.change_study")
    measures = changes.pop("measures", None)
    unknown = set(changes) - set(STUDY_FIELDS)
    if unknown:
        raise TypeError(f"study_change() cannot change {sorted(unknown)}")
    with transaction.atomic():
        locked = Study.objects.select_for_update().get(pk=study.pk)
        current = {name: getattr(locked, name) for name in STUDY_FIELDS}
        values = _study_values(**(current | changes))
        if errors := _study_problems(values):
            raise ValidationError(errors)
        changed = {name: value for name, value in values.items() if current[name] != value}
        before = {name: _audit_value(current[name]) for name in changed}
        codes = sorted(m.code for m in locked.measures.all())
        if measures is not None and sorted(m.code for m in measures) != codes:
            changed["measures"] = sorted(m.code for m in measures)
            before["measures"] = codes
            locked.measures.set(measures)
        if not changed:
            return locked
        for name, value in changed.items():
            if name != "measures":
                setattr(locked, name, value)
        locked.save()
        acting.audit(Action.STUDY_CHANGE, locked, {"fields": sorted(changed), "before": before})
    return locked


# --- who took part: counts, never identities -----------------------------------------------------


@dataclass(frozen=True)
class ParticipantCount:
    """How many took part with one sex, age band and language."""

    sex: str
    age_band: str
    language: str
    count: int


def _row_problems(number: int, row: ParticipantCount) -> list[str]:
    problems = []
    where = {"row": number}
    if row.sex not in SEXES:
        problems.append(_("Group %(row)s: choose women, men or sex unknown.") % where)
    if row.age_band not in AGE_BAND_NAMES:
        problems.append(_("Group %(row)s: choose one of the age bands.") % where)
    try:
        validate_language_code(row.language)
    except ValidationError:
        problems.append(_("Group %(row)s: write the language as a code such as sv, ar, ti or prs.") % where)
    if isinstance(row.count, bool) or not isinstance(row.count, int) or not 1 <= row.count <= MAX_COUNT:
        problems.append(_("Group %(row)s: the number of participants is a whole number from 1 upwards.") % where)
    return problems


def study_participants_set(
    *, acting: Acting, study: Study, counts: Sequence[ParticipantCount]
) -> list[StudyParticipants]:
    """Replaces a study's participant counts with ``counts``, one row per sex, age band and language.

    Refused as a whole, naming each group at fault, when a group is not valid or appears twice.
    """
    acting.require("plan.change_study")
    cleaned = [ParticipantCount(row.sex, row.age_band, row.language.strip(), row.count) for row in counts]
    problems = [problem for number, row in enumerate(cleaned, start=1) for problem in _row_problems(number, row)]
    first: dict[tuple[str, str, str], int] = {}
    for number, row in enumerate(cleaned, start=1):
        key = (row.sex, row.age_band, row.language)
        if key in first:
            problems.append(
                _("Group %(row)s repeats group %(first)s: give each sex, age band and language once.")
                % {"row": number, "first": first[key]}
            )
        else:
            first[key] = number
    if problems:
        raise ValidationError({"participants": problems})
    with transaction.atomic():
        locked = Study.objects.select_for_update().get(pk=study.pk)
        before = sum(locked.participants.values_list("count", flat=True))
        locked.participants.all().delete()
        rows = StudyParticipants.objects.bulk_create(
            StudyParticipants(study=locked, sex=row.sex, age_band=row.age_band, language=row.language, count=row.count)
            for row in cleaned
        )
        acting.audit(
            Action.STUDY_PARTICIPANTS_SET,
            locked,
            {"groups": len(rows), "participants_before": before, "participants": sum(r.count for r in cleaned)},
        )
    return rows


# --- protected tables ------------------------------------------------------------------------------


@dataclass(frozen=True)
class ProtectedRow:
    """One row of a published table: a value of the breakdown (``*`` for all) and its counts by sex.

    A count that is ``None`` is hidden to protect the people behind it (printed as ``..``).
    """

    value: str
    label: str
    women: int | None
    men: int | None
    unknown: int | None
    total: int | None

    def cells(self) -> tuple[str, str, str, str]:
        """The counts as printed: ``..`` hidden, ``–`` none, else the number."""
        return (_cell_text(self.women), _cell_text(self.men), _cell_text(self.unknown), _cell_text(self.total))


@dataclass(frozen=True)
class ParticipantTable:
    """Participants by sex and one breakdown (age band or language), with every total, protected."""

    breakdown: str
    heading: str
    rows: tuple[ProtectedRow, ...]
    hidden: int  # how many of the table's cells are hidden


def _cell_text(value: int | None) -> str:
    if value is None:
        return Symbol.MASKED.value
    return Symbol.NOTHING.value if value == 0 else str(value)


def published_cell(key: Key) -> bool:
    """Whether a study's cube publishes the cell ``key``: by sex and at most one other breakdown."""
    return sum(1 for dim, value in zip(DIMS, key, strict=True) if dim != "sex" and value != TOTAL) <= 1


def participants_suppress(
    finest: Mapping[Key, int], rules: DisclosureRules | None = None
) -> tuple[dict[Key, int], Suppression]:
    """The complete cube of a study's counts (sex × age band × language) and its masks.

    Protected as one, so the age table and the language table cannot be set against each other;
    women's and men's figures are the last chosen to hide where another cell protects as well.
    """
    cube = table_complete(DIMS, dict(finest), categories={"sex": SEXES})
    result = suppress(
        {"persons": cube},
        dims=DIMS,
        rules=rules or disclosure_rules(),
        keep={"sex": {Sex.FEMALE.value, Sex.MALE.value}},
        published=published_cell,
    )
    return cube, result


def _label(breakdown: str, value: str) -> str:
    if value == TOTAL:
        return _("All ages") if breakdown == "age_band" else _("All languages")
    if breakdown == "age_band":
        return _("Age not known") if value == AGE_UNKNOWN else value
    return language_label(value)


def language_label(code: str) -> str:
    """The name of a language in the active language, or its code if Django knows no name for it."""
    if code == LANGUAGE_UNKNOWN:
        return _("Language not recorded")
    try:
        return str(get_language_info(code)["name_translated"])
    except KeyError:
        return code


def _ordered(breakdown: str, values: Iterable[str]) -> list[str]:
    present = set(values)
    if breakdown == "age_band":
        return [name for name in AGE_BAND_NAMES if name in present]
    return sorted(present, key=lambda code: (code == LANGUAGE_UNKNOWN, code))


def participants_protect(
    finest: Mapping[Key, int], rules: DisclosureRules | None = None
) -> dict[str, ParticipantTable]:
    """The two published tables of a study's counts, keyed by breakdown (``age_band``, ``language``)."""
    cube, result = participants_suppress(finest, rules)
    masked = result.masked("persons")
    headings = {"age_band": _("Participants by age and sex"), "language": _("Participants by language and sex")}
    tables = {}
    for breakdown in BREAKDOWNS:
        place = DIMS.index(breakdown)
        rows = []
        hidden = 0
        for value in [*_ordered(breakdown, (key[place] for key in finest)), TOTAL]:
            counts: list[int | None] = []
            for sex in (*SEXES, TOTAL):
                key = tuple(sex if dim == "sex" else value if dim == breakdown else TOTAL for dim in DIMS)
                if key in masked:
                    counts.append(None)
                    hidden += 1
                else:
                    counts.append(cube[key])
            rows.append(ProtectedRow(value, _label(breakdown, value), *counts))
        tables[breakdown] = ParticipantTable(breakdown, headings[breakdown], tuple(rows), hidden)
    return tables


def study_participants_finest(study: Study) -> dict[Key, int]:
    """A study's counts as the finest cells of its cube."""
    return {(row.sex, row.age_band, row.language): row.count for row in study.participants.all()}


def study_participant_tables(study: Study, rules: DisclosureRules | None = None) -> dict[str, ParticipantTable]:
    """A study's published participant tables, or none while no counts are recorded."""
    finest = study_participants_finest(study)
    return participants_protect(finest, rules) if finest else {}


def studies_csv_lines(found: Iterable[Study], rules: DisclosureRules | None = None) -> list[list[str]]:
    """The register as rows for a spreadsheet: a row per study, breakdown and value, with protected counts by sex.

    Hidden counts are ``..``, as on the pages; a study without counts has one row with its facts alone.
    """
    rules = rules or disclosure_rules()
    lines = [
        [
            _("Title"),
            _("Method"),
            _("Status"),
            _("Start date"),
            _("End date"),
            _("Unit or owner"),
            _("Breakdown"),
            _("Value"),
            _("Women"),
            _("Men"),
            _("Sex unknown"),
            _("Total"),
        ]
    ]
    breakdowns = {"age_band": _("Age"), "language": _("Language")}
    for study in found:
        facts = [
            study.title,
            str(Method(study.method).label),
            str(StudyStatus(study.status).label),
            study.start_date.isoformat(),
            study.end_date.isoformat() if study.end_date else "",
            study.owner,
        ]
        tables = study_participant_tables(study, rules)
        if not tables:
            lines.append([*facts, "", "", "", "", "", ""])
        for breakdown, table in tables.items():
            lines += [[*facts, breakdowns[breakdown], row.label, *row.cells()] for row in table.rows]
    return lines


# --- reads -------------------------------------------------------------------------------------------


def studies_list(*, method: str = "", status: str = "") -> QuerySet[Study]:
    """The register, newest first, filtered by method and status (empty: all)."""
    studies = Study.objects.all()
    if method:
        studies = studies.filter(method=method)
    if status:
        studies = studies.filter(status=status)
    return studies


def studies_active(year: int) -> QuerySet[Study]:
    """The studies under way at some time in ``year``: begun by its end and not ended before it began."""
    first, last = datetime.date(year, 1, 1), datetime.date(year, 12, 31)
    return Study.objects.filter(Q(end_date__isnull=True) | Q(end_date__gte=first), start_date__lte=last)


@dataclass(frozen=True)
class StudyOfYear:
    """A study as the yearly report lists it; plain values only, so ``dataclasses.asdict`` gives JSON.

    Labels and headings are in the language active when :func:`studies_of_year` ran. ``participants``
    is the protected table of participants by sex and age band (totals by sex in its last row), or
    ``None`` when no counts are recorded.
    """

    id: int
    title: str
    method: str
    method_label: str
    status: str
    status_label: str
    owner: str
    start_date: str
    end_date: str | None
    purpose: str
    findings: str
    consent_basis_label: str
    participants: ParticipantTable | None
    measures: tuple[str, ...] = ()  # the codes of the plan's measures the findings informed


def studies_of_year(year: int, rules: DisclosureRules | None = None) -> list[StudyOfYear]:
    """Every study active in ``year`` (see :func:`studies_active`), oldest first, with protected participant counts."""
    rules = rules or disclosure_rules()
    studies = studies_active(year).order_by("start_date", "title", "id").prefetch_related("participants", "measures")
    found = []
    for study in studies:
        tables = study_participant_tables(study, rules)
        found.append(
            StudyOfYear(
                id=study.pk,
                title=study.title,
                method=study.method,
                method_label=str(Method(study.method).label),
                status=study.status,
                status_label=str(StudyStatus(study.status).label),
                owner=study.owner,
                start_date=study.start_date.isoformat(),
                end_date=study.end_date.isoformat() if study.end_date else None,
                purpose=study.purpose,
                findings=study.findings,
                consent_basis_label=str(ConsentBasis(study.consent_basis).label),
                participants=tables.get("age_band"),
                measures=tuple(m.code for m in study.measures.all()),
            )
        )
    return found
