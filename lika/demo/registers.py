"""Synthetic register extracts for the demo, so that every register indicator has data.

From the demo population in the database it makes up three extracts, 2021 to the reference day:

* decisions on exemption from the work-permit requirement (AT-UND) for adult asylum seekers,
  written as a Swedish spreadsheet would save CSV (semicolons, ``K``/``M``, ``ja``/``nej``);
* calls to the civic introduction for adults covered by LMA, and whether they came, as XLSX;
* registrations with Arbetsförmedlingen of adults granted a permit, and whether they made a
  disability known, as Parquet.

The rates are made up, but they differ by sex the way the agency's final report describes: men are
granted AT-UND more often than women, women take part in the civic introduction somewhat less, and
fewer women register with Arbetsförmedlingen. The same population, seed and day give the same files,
byte for byte, so setting the demo up again imports nothing twice. Record ids are made from Lika's
internal person ids, never from personal identity numbers.

The extracts are *input* for the register import, written raw as the agencies' own systems write them
(typed Excel dates, a Swedish spreadsheet's CSV), not through :mod:`lika.core.formats`, whose writers
are for files Lika gives people; streaming the large workbook with xlsxwriter's constant memory is also
something the shared writer does not do.
"""

from __future__ import annotations

import datetime
import random
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq
import xlsxwriter  # type: ignore[import-untyped]

from lika.audit.shell import command_job
from lika.followup.models import RegisterImport, RegisterKind
from lika.followup.registers.services import register_import
from lika.people.ages import age_on
from lika.people.models import DecisionOutcome, EligibilityBasis, LmaEligibilityPeriod, PermitDecision, Sex
from lika.people.parameters import AGE_OF_MAJORITY

ACTOR_LABEL = "lika demo-setup"
FIRST_DAY = datetime.date(2021, 1, 1)

# Made-up rates by sex (female, male, unknown), in the direction of the agency's final report.
AT_UND_DECIDED_SHARE = 0.5  # adult asylum seekers whose exemption is tried
AT_UND_GRANTED = {Sex.FEMALE: 0.56, Sex.MALE: 0.74, Sex.UNKNOWN: 0.65}
CIVIC_CALLED_SHARE = 0.9
CIVIC_ATTENDED = {Sex.FEMALE: 0.72, Sex.MALE: 0.81, Sex.UNKNOWN: 0.76}
EMPLOYMENT_REGISTERED = {Sex.FEMALE: 0.51, Sex.MALE: 0.68, Sex.UNKNOWN: 0.6}
EMPLOYMENT_DISABILITY = {Sex.FEMALE: 0.07, Sex.MALE: 0.06, Sex.UNKNOWN: 0.06}

# Counties (län) where the demo's people live, weighted roughly like the reception's spread.
REGION_WEIGHTS = {
    "01": 22,
    "03": 5,
    "04": 3,
    "05": 5,
    "06": 4,
    "07": 2,
    "08": 2,
    "09": 1,
    "10": 2,
    "12": 15,
    "13": 3,
    "14": 17,
    "17": 2,
    "18": 3,
    "19": 3,
    "20": 3,
    "21": 3,
    "22": 2,
    "23": 1,
    "24": 2,
    "25": 2,
}
SWEDISH_SEX = {Sex.FEMALE: "K", Sex.MALE: "M", Sex.UNKNOWN: "okänd"}

Person = tuple[int, str, datetime.date, str]  # id, sex, birth date, country of birth
Start = tuple[Person, datetime.date, str]  # a person's first LMA period: the person, its first day, its basis
Grant = tuple[Person, datetime.date]  # a person's first granted permit: the person, the day of the decision
Row = dict[str, Any]


def _rng(seed: int, name: str) -> random.Random:
    """A generator of its own for each register, so that one register's draws never shift another's."""
    return random.Random(f"{seed}:{name}")  # noqa: S311 - demo data, not security


def _regions(seed: int, person_ids: Iterable[int]) -> dict[int, str]:
    rng = _rng(seed, "region")
    codes, weights = list(REGION_WEIGHTS), list(REGION_WEIGHTS.values())
    return {pk: rng.choices(codes, weights)[0] for pk in sorted(set(person_ids))}


def _in_range(day: datetime.date, today: datetime.date) -> bool:
    return FIRST_DAY <= day <= today


def _lma_starts(today: datetime.date) -> dict[int, Start]:
    """Each person's first LMA period that has started: the person, its first day and its basis."""
    first: dict[int, Start] = {}
    periods = (
        LmaEligibilityPeriod.objects.filter(start_date__lte=today)
        .order_by("person_id", "start_date")
        .values_list(
            "person_id", "person__sex", "person__birth_date", "person__country_of_birth", "start_date", "basis"
        )
    )
    for pk, sex, birth, country, start, basis in periods:
        first.setdefault(pk, ((pk, sex, birth, str(country)), start, basis))
    return first


def _first_grants(today: datetime.date) -> dict[int, Grant]:
    """Each person's first granted permit decision up to ``today``."""
    first: dict[int, Grant] = {}
    decisions = (
        PermitDecision.objects.filter(outcome=DecisionOutcome.GRANTED, decided_on__lte=today)
        .order_by("application__person_id", "decided_on", "id")
        .values_list(
            "application__person_id",
            "application__person__sex",
            "application__person__birth_date",
            "application__person__country_of_birth",
            "decided_on",
        )
    )
    for pk, sex, birth, country, decided in decisions:
        first.setdefault(pk, ((pk, sex, birth, str(country)), decided))
    return first


def _row(prefix: str, person: Person, regions: Mapping[int, str], day_column: str, day: datetime.date) -> Row:
    pk, sex, birth, country = person
    return {
        "record_id": f"{prefix}{pk:09d}",
        "sex": sex,
        "birth_year": birth.year,
        "country_of_birth": country,
        "region": regions[pk],
        day_column: day,
    }


def at_und_rows(
    starts: Mapping[int, Start], regions: Mapping[int, str], *, today: datetime.date, seed: int
) -> list[Row]:
    """AT-UND decisions for some adult asylum seekers, a few months into their LMA period."""
    rng = _rng(seed, RegisterKind.AT_UND)
    rows = []
    for pk in sorted(starts):
        person, start, basis = starts[pk]
        tried, delay, granted = rng.random(), rng.randint(30, 180), rng.random()
        decided = start + datetime.timedelta(days=delay)
        if basis != EligibilityBasis.ASYLUM_SEEKER or age_on(person[2], start) < AGE_OF_MAJORITY:
            continue
        if tried < AT_UND_DECIDED_SHARE and _in_range(decided, today):
            row = _row("AU", person, regions, "decided_on", decided)
            row["granted"] = granted < AT_UND_GRANTED[Sex(person[1])]
            rows.append(row)
    return rows


def civic_introduction_rows(
    starts: Mapping[int, Start], regions: Mapping[int, str], *, today: datetime.date, seed: int
) -> list[Row]:
    """Calls to the civic introduction for most adults covered by LMA, a few weeks after they arrive."""
    rng = _rng(seed, RegisterKind.CIVIC_INTRODUCTION)
    rows = []
    for pk in sorted(starts):
        person, start, _basis = starts[pk]
        called, delay, attended = rng.random(), rng.randint(14, 90), rng.random()
        called_on = start + datetime.timedelta(days=delay)
        if age_on(person[2], start) < AGE_OF_MAJORITY:
            continue
        if called < CIVIC_CALLED_SHARE and _in_range(called_on, today):
            row = _row("SI", person, regions, "called_on", called_on)
            row["attended"] = attended < CIVIC_ATTENDED[Sex(person[1])]
            rows.append(row)
    return rows


def employment_service_rows(
    grants: Mapping[int, Grant], regions: Mapping[int, str], *, today: datetime.date, seed: int
) -> list[Row]:
    """Registrations with Arbetsförmedlingen of adults some weeks after a permit was granted."""
    rng = _rng(seed, RegisterKind.EMPLOYMENT_SERVICE)
    rows = []
    for pk in sorted(grants):
        person, decided = grants[pk]
        registers, delay, disability = rng.random(), rng.randint(7, 120), rng.random()
        registered_on = decided + datetime.timedelta(days=delay)
        if age_on(person[2], registered_on) < AGE_OF_MAJORITY:
            continue
        sex = Sex(person[1])
        if registers < EMPLOYMENT_REGISTERED[sex] and _in_range(registered_on, today):
            row = _row("AF", person, regions, "registered_on", registered_on)
            row["disability_reported"] = disability < EMPLOYMENT_DISABILITY[sex]
            rows.append(row)
    return rows


def _csv_write(path: Path, rows: list[Row]) -> None:
    """As a Swedish spreadsheet saves CSV: semicolons, K/M/okänd and ja/nej."""
    lines = [";".join(rows[0])]
    for row in rows:
        cells = {**row, "sex": SWEDISH_SEX[Sex(row["sex"])], "granted": "ja" if row["granted"] else "nej"}
        lines.append(
            ";".join(str(value.isoformat() if isinstance(value, datetime.date) else value) for value in cells.values())
        )
    path.write_text("\r\n".join(lines) + "\r\n", encoding="utf-8")


def _xlsx_write(path: Path, rows: list[Row]) -> None:
    """One sheet, dates as Excel dates; a fixed creation time keeps the file the same from run to run."""
    workbook = xlsxwriter.Workbook(str(path), {"constant_memory": True})
    workbook.set_properties({"created": datetime.datetime(2021, 1, 1)})  # noqa: DTZ001 - a fixed, naive stamp
    sheet = workbook.add_worksheet("samhallsintroduktion")
    day_format = workbook.add_format({"num_format": "yyyy-mm-dd"})
    sheet.write_row(0, 0, list(rows[0]))
    for number, row in enumerate(rows, start=1):
        for column, value in enumerate(row.values()):
            if isinstance(value, datetime.date):
                sheet.write_datetime(number, column, datetime.datetime.combine(value, datetime.time()), day_format)
            else:
                sheet.write(number, column, value)
    workbook.close()


def _parquet_write(path: Path, rows: list[Row]) -> None:
    names = list(rows[0])
    types = {"birth_year": pa.int16(), "registered_on": pa.date32(), "disability_reported": pa.bool_()}
    table = pa.table({name: pa.array([row[name] for row in rows], types.get(name, pa.string())) for name in names})
    pq.write_table(table, path)


def demo_registers_load(*, directory: Path, today: datetime.date, seed: int) -> dict[str, RegisterImport]:
    """Writes the three synthetic extracts under ``directory`` and imports them, as a job would.

    Returns the import of each register that had rows to write (a tiny population may have none
    for a register). Run again on the same population and day, it finds the same files imported
    and changes nothing.
    """
    directory.mkdir(parents=True, exist_ok=True)
    starts = _lma_starts(today)
    grants = _first_grants(today)
    regions = _regions(seed, [*starts, *grants])
    extracts = (
        (RegisterKind.AT_UND, at_und_rows(starts, regions, today=today, seed=seed), "at-und", "csv", _csv_write),
        (
            RegisterKind.CIVIC_INTRODUCTION,
            civic_introduction_rows(starts, regions, today=today, seed=seed),
            "samhallsintroduktion",
            "xlsx",
            _xlsx_write,
        ),
        (
            RegisterKind.EMPLOYMENT_SERVICE,
            employment_service_rows(grants, regions, today=today, seed=seed),
            "arbetsformedlingen",
            "parquet",
            _parquet_write,
        ),
    )
    acting = command_job(label=ACTOR_LABEL, reason="Demo: synthetic register extracts")
    imports: dict[str, RegisterImport] = {}
    for kind, rows, stem, suffix, write in extracts:
        if not rows:
            continue
        path = directory / f"{stem}-{today.isoformat()}.{suffix}"
        write(path, rows)
        imports[kind] = register_import(acting=acting, kind=kind, path=path)
    return imports
