"""Checking an ODK Central or KoboToolbox export against the protocol and the survey, before anything is written.

The form (see :mod:`lika.treatment_survey.protocol.xlsform`) has one submission per observation
session and a repeat, ``contact``, with one entry per contact. Exports hold them as two tables:

* **ODK Central** (and ODK Briefcase): the main table's columns are group paths joined with "-"
  (``session-observer_code``), the repeat's paths start below the repeat
  (``behaviours-offered_choice``); each main row has ``KEY`` and each repeat row a ``PARENT_KEY``
  naming its submission's ``KEY``.
* **KoboToolbox**: group paths joined with "/" (``session/observer_code``,
  ``contact/behaviours/offered_choice``), or bare names when exported without groups; the main
  table's ``_index`` and the repeat's ``_parent_index`` link them.

A column is matched by its last path part, and the parts before it must be the item's own groups
(or none), so both separators, with or without groups, are read alike. Values must be the form's
own values ("yes", "female", the site's code), not labels. Every item is checked against the
protocol's relevance: an item that applies must be answered, an item that does not apply must be
empty. Every problem names the file (and sheet), the line or row, and the column; nothing is
kept unless the whole export is right.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from enum import StrEnum

from django.utils.translation import gettext as _

from lika.treatment_survey.analysis.records import ContactRecord
from lika.treatment_survey.imports.readers import MAX_PROBLEMS, ExportError, Problem, Sheet, Unit
from lika.treatment_survey.protocol.definition import (
    CONTACT_GROUP,
    CONTACT_ITEMS,
    SESSION_ITEMS,
    Item,
    ItemKind,
)

__all__ = [
    "Dialect",
    "ParsedContact",
    "ParsedExport",
    "ParsedSession",
    "SurveyFrame",
    "export_parse",
    "same_setting_message",
    "value_problem",
]

_SEPARATORS = re.compile(r"[/-]")


class Dialect(StrEnum):
    ODK = "odk"
    KOBO = "kobo"


@dataclass(frozen=True)
class SurveyFrame:
    """What an export is checked against: the survey's observers, sites, channels, officer codes and period."""

    observers: frozenset[str]
    sites: Mapping[str, frozenset[str]]  # site code -> the channels it has
    channels: frozenset[str]
    officers: frozenset[str]
    first_day: datetime.date
    last_day: datetime.date


@dataclass(frozen=True)
class ParsedContact:
    contact_code: str
    second_observer: bool
    officer: str
    client_sex: str
    client_sex_basis: str
    answers: dict[str, str]
    source: str
    position: int
    unit: Unit = "line"


@dataclass(frozen=True)
class ParsedSession:
    """One submission: a session and its contacts. ``instance_id`` identifies the submission across exports."""

    instance_id: str
    observer: str
    site: str
    channel: str
    day: datetime.date
    contacts: list[ParsedContact] = field(default_factory=list)
    source: str = ""
    position: int = 0


@dataclass(frozen=True)
class ParsedExport:
    dialect: Dialect
    sessions: list[ParsedSession]

    def records(self) -> list[ContactRecord]:
        """The export's contacts as the analysis reads them."""
        return [
            ContactRecord(
                contact_code=contact.contact_code,
                observer=session.observer,
                second_observer=contact.second_observer,
                site=session.site,
                channel=session.channel,
                day=session.day,
                officer=contact.officer,
                client_sex=contact.client_sex,
                client_sex_basis=contact.client_sex_basis,
                answers=dict(contact.answers),
            )
            for session in self.sessions
            for contact in session.contacts
        ]


class _Problems:
    """Collects problems up to :data:`MAX_PROBLEMS`, then stops the reading."""

    def __init__(self) -> None:
        self.found: list[Problem] = []

    def add(self, sheet: Sheet | None, position: int | None, column: str, message: str) -> None:
        source = sheet.source if sheet else ""
        unit = sheet.unit if sheet else "line"
        self.found.append(Problem(source, position, unit, column, message))
        if len(self.found) >= MAX_PROBLEMS:
            raise ExportError(self.found, truncated=True)

    def raise_any(self) -> None:
        if self.found:
            raise ExportError(self.found)


# --- tables and columns ----------------------------------------------------------------------------

_PARENT_COLUMNS = {Dialect.ODK: "PARENT_KEY", Dialect.KOBO: "_parent_index"}
_KEY_COLUMNS = {Dialect.ODK: "KEY", Dialect.KOBO: "_index"}


def _is_repeat(sheet: Sheet) -> bool:
    return any(column in sheet.header for column in _PARENT_COLUMNS.values())


def _columns(
    sheet: Sheet, items: Sequence[Item], groups: Mapping[str, tuple[str, ...]], problems: _Problems
) -> dict[str, int]:
    """Each item's column position in ``sheet``; a missing, repeated or misplaced column is a problem."""
    wanted = {item.name: item for item in items}
    found: dict[str, int] = {}
    header_line = 1
    for position, column in enumerate(sheet.header):
        *path, name = _SEPARATORS.split(column)
        if name not in wanted:
            continue
        allowed = groups[name]
        if path and tuple(path) != allowed[len(allowed) - len(path) :]:
            expected = "-".join((*allowed[-1:], name))
            problems.add(
                sheet,
                header_line,
                column,
                _("This column is in the wrong group; expected %(expected)s.") % {"expected": expected},
            )
            continue
        if name in found:
            problems.add(sheet, header_line, column, _("Two columns hold %(item)s.") % {"item": name})
            continue
        found[name] = position
    for name in wanted:
        if name not in found:
            odk = "-".join((*groups[name][-1:], name))
            expected = " / ".join((odk, "/".join((*groups[name], name))))
            problems.add(
                sheet,
                None,
                name,
                _("The column for %(item)s is missing (for example %(expected)s).")
                % {"item": name, "expected": expected},
            )
    return found


def _text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime.datetime):
        return value.date().isoformat()
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def _cell(row: Sequence[object], position: int | None) -> str:
    if position is None or position >= len(row):
        return ""
    return _text(row[position])


# --- values ----------------------------------------------------------------------------------------


def _choice_problem(item: Item, value: str, frame: SurveyFrame, values: Mapping[str, str]) -> str | None:
    allowed = item.choice_values()
    if value in allowed:
        return None
    return _("%(value)s is not one of %(allowed)s. Export the form's values, not its labels.") % {
        "value": repr(value),
        "allowed": ", ".join(allowed),
    }


def _code_problem(item: Item, value: str, frame: SurveyFrame, values: Mapping[str, str]) -> str | None:
    if not re.fullmatch(item.pattern, value):
        return _("%(value)s is not a code of capital letters, digits and hyphens.") % {"value": repr(value)}
    if item.name == "observer_code" and value not in frame.observers:
        return _("%(value)s is not an observer of this survey.") % {"value": value}
    if item.name == "officer_code" and value not in frame.officers:
        return _("%(value)s is not one of this survey's officer codes.") % {"value": value}
    return None


def _channel_problem(item: Item, value: str, frame: SurveyFrame, values: Mapping[str, str]) -> str | None:
    if value not in frame.channels:
        return _("%(value)s is not a channel of this survey.") % {"value": repr(value)}
    return None


def _site_problem(item: Item, value: str, frame: SurveyFrame, values: Mapping[str, str]) -> str | None:
    if value not in frame.sites:
        return _("%(value)s is not a site of this survey.") % {"value": repr(value)}
    if values.get("channel") and values["channel"] not in frame.sites[value]:
        return _("The site %(site)s has no %(channel)s channel in this survey.") % {
            "site": value,
            "channel": values["channel"],
        }
    return None


def _date_problem(item: Item, value: str, frame: SurveyFrame, values: Mapping[str, str]) -> str | None:
    try:
        day = datetime.date.fromisoformat(value[:10])
    except ValueError:
        return _("%(value)s is not a date written YYYY-MM-DD.") % {"value": repr(value)}
    if not frame.first_day <= day <= frame.last_day:
        return _("%(day)s is outside the survey's period, %(first)s to %(last)s.") % {
            "day": day,
            "first": frame.first_day,
            "last": frame.last_day,
        }
    return None


_VALUE_CHECKS = {
    ItemKind.YES_NO: _choice_problem,
    ItemKind.CHOICE: _choice_problem,
    ItemKind.CODE: _code_problem,
    ItemKind.CHANNEL: _channel_problem,
    ItemKind.SITE: _site_problem,
    ItemKind.DATE: _date_problem,
}


def value_problem(item: Item, value: str, frame: SurveyFrame, values: Mapping[str, str]) -> str | None:
    """What is wrong with an answered item, or None; ``values`` holds the answers before it."""
    return _VALUE_CHECKS[item.kind](item, value, frame, values)


def _answers(
    items: Sequence[Item],
    *,
    sheet: Sheet,
    position: int,
    row: Sequence[object],
    columns: Mapping[str, int],
    frame: SurveyFrame,
    known: Mapping[str, str],
    problems: _Problems,
) -> dict[str, str] | None:
    """The row's answers to ``items`` after checking each against the protocol; None when any is wrong."""
    values: dict[str, str] = dict(known)
    answers: dict[str, str] = {}
    ok = True
    for item in items:
        value = _cell(row, columns.get(item.name))
        column = sheet.header[columns[item.name]] if item.name in columns else item.name
        if not item.applies(values):
            if value:
                problems.add(
                    sheet,
                    position,
                    column,
                    _("This item does not apply here and must be empty, not %(value)s.") % {"value": repr(value)},
                )
                ok = False
            continue
        if not value:
            problems.add(sheet, position, column, _("This item applies here and must be answered."))
            ok = False
            values[item.name] = ""
            continue
        problem = value_problem(item, value, frame, values)
        if problem:
            problems.add(sheet, position, column, problem)
            ok = False
        values[item.name] = value
        answers[item.name] = value
    return answers if ok else None


# --- the export ------------------------------------------------------------------------------------


def _dialect(main: Sheet) -> Dialect:
    if "KEY" in main.header:
        return Dialect.ODK
    if "_index" in main.header:
        return Dialect.KOBO
    message = _(
        "Cannot tell the export's format: the main table needs a KEY column (ODK Central) or an _index column (KoboToolbox)."
    )
    raise ExportError([Problem(main.source, 1, main.unit, "", message)])


def _instance_column(sheet: Sheet, dialect: Dialect) -> int | None:
    for name in ("meta-instanceID", "meta/instanceID", "instanceID", "_uuid" if dialect is Dialect.KOBO else "KEY"):
        if name in sheet.header:
            return sheet.header.index(name)
    return None


def _tables(sheets: Sequence[Sheet]) -> tuple[Sheet, Sheet]:
    mains = [s for s in sheets if not _is_repeat(s)]
    repeats = [s for s in sheets if _is_repeat(s)]
    if len(mains) != 1 or len(repeats) != 1:
        message = _(
            "An export needs exactly one main table and one table of contacts (the repeat %(repeat)s); found: %(names)s."
        ) % {"repeat": CONTACT_GROUP, "names": ", ".join(s.source for s in sheets) or "-"}
        raise ExportError([Problem("", None, "line", "", message)])
    return mains[0], repeats[0]


def _session_groups() -> dict[str, tuple[str, ...]]:
    return {item.name: (item.group,) for item in SESSION_ITEMS}


def _contact_groups() -> dict[str, tuple[str, ...]]:
    return {item.name: (CONTACT_GROUP, item.group) for item in CONTACT_ITEMS}


def _sessions(
    main: Sheet, dialect: Dialect, frame: SurveyFrame, problems: _Problems
) -> tuple[dict[str, ParsedSession], set[str]]:
    """The main table's sessions that pass, by key, and the keys of every submission (passing or not)."""
    columns = _columns(main, SESSION_ITEMS, _session_groups(), problems)
    key_name = _KEY_COLUMNS[dialect]
    key_column = main.header.index(key_name)
    instance_column = _instance_column(main, dialect)
    problems.raise_any()
    sessions: dict[str, ParsedSession] = {}
    seen: dict[str, int] = {}
    for position, row in main.rows:
        key = _cell(row, key_column)
        instance_id = _cell(row, instance_column) or key
        if not key:
            problems.add(main, position, key_name, _("Every submission needs its key."))
            continue
        if key in seen or instance_id in seen:
            first = seen.get(key, seen.get(instance_id))
            problems.add(
                main, position, key_name, _("This submission is there twice; see also %(first)s.") % {"first": first}
            )
            continue
        seen[key] = seen[instance_id] = position
        answers = _answers(
            SESSION_ITEMS,
            sheet=main,
            position=position,
            row=row,
            columns=columns,
            frame=frame,
            known={},
            problems=problems,
        )
        if answers is None:
            continue
        sessions[key] = ParsedSession(
            instance_id=instance_id,
            observer=answers["observer_code"],
            site=answers["site"],
            channel=answers["channel"],
            day=datetime.date.fromisoformat(answers["session_date"][:10]),
            source=main.source,
            position=position,
        )
    return sessions, set(seen)


def _check_contacts(sessions: Sequence[ParsedSession], problems: _Problems, repeat: Sheet) -> None:
    """A contact is recorded once by its first observer and at most once by a second, different one,
    at the same site, in the same channel and on the same day."""
    first: dict[tuple[str, bool], tuple[ParsedSession, ParsedContact]] = {}
    for session in sessions:
        for contact in session.contacts:
            key = (contact.contact_code, contact.second_observer)
            if key in first:
                other = first[key][1]
                problems.add(
                    repeat,
                    contact.position,
                    "contact_code",
                    _("The contact %(code)s is recorded twice for the same observer role (also at %(other)s).")
                    % {"code": contact.contact_code, "other": other.position},
                )
                continue
            first[key] = (session, contact)
    for (code, second), (session, contact) in first.items():
        if not second or (code, False) not in first:
            continue
        first_session, first_contact = first[(code, False)]
        if first_session.observer == session.observer:
            problems.add(
                repeat,
                contact.position,
                "second_observer",
                _("The second observer of contact %(code)s must be someone other than its first observer.")
                % {"code": code},
            )
        elif _setting(first_session) != _setting(session):
            where = _("line %(number)s") if repeat.unit == "line" else _("row %(number)s")
            message = same_setting_message(code, where % {"number": first_contact.position})
            problems.add(repeat, contact.position, "contact_code", message)


def _setting(session: ParsedSession) -> tuple[str, str, datetime.date]:
    return (session.site, session.channel, session.day)


def same_setting_message(code: str, other: str) -> str:
    """The refusal of a record of a double-coded contact made at another site, channel or day than the other record."""
    return _(
        "Both observers of contact %(code)s must record it at the same site, in the same channel and on the same "
        "day; the other record is at %(other)s."
    ) % {"code": code, "other": other}


def export_parse(sheets: Sequence[Sheet], frame: SurveyFrame) -> ParsedExport:
    """Checks the export's sheets and returns its sessions and contacts; raises :class:`ExportError` otherwise."""
    problems = _Problems()
    main, repeat = _tables(sheets)
    dialect = _dialect(main)
    parent_name = _PARENT_COLUMNS[dialect]
    if parent_name not in repeat.header:
        message = _("The contacts come from another kind of export than the main table: they need %(column)s.")
        raise ExportError([Problem(repeat.source, 1, repeat.unit, "", message % {"column": parent_name})])
    parsed, keys = _sessions(main, dialect, frame, problems)
    found_before = len(problems.found)
    columns = _columns(repeat, CONTACT_ITEMS, _contact_groups(), problems)
    if len(problems.found) > found_before:
        problems.raise_any()  # without its columns the contacts cannot be read; the sessions' problems come along
    parent_column = repeat.header.index(parent_name)
    for position, row in repeat.rows:
        parent = _cell(row, parent_column)
        session = parsed.get(parent)
        if session is None:
            if parent not in keys:
                message = _("No submission in the main table has the key %(key)s.") % {"key": repr(parent)}
                problems.add(repeat, position, parent_name, message)
            continue  # a contact of a submission with problems: those are reported on the submission
        known = {"channel": session.channel, "site": session.site}
        answers = _answers(
            CONTACT_ITEMS,
            sheet=repeat,
            position=position,
            row=row,
            columns=columns,
            frame=frame,
            known=known,
            problems=problems,
        )
        if answers is None:
            continue
        session.contacts.append(
            ParsedContact(
                contact_code=answers.pop("contact_code"),
                second_observer=answers.pop("second_observer") == "yes",
                officer=answers.pop("officer_code"),
                client_sex=answers.pop("client_sex"),
                client_sex_basis=answers.pop("client_sex_basis", ""),
                answers=answers,
                source=repeat.source,
                position=position,
                unit=repeat.unit,
            )
        )
    problems.raise_any()
    sessions = list(parsed.values())
    _check_contacts(sessions, problems, repeat)
    problems.raise_any()
    return ParsedExport(dialect=dialect, sessions=sessions)
