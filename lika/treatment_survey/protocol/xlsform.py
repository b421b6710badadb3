"""The protocol as an XLSForm: the spreadsheet that ODK Collect, KoboToolbox and Enketo read.

:func:`xlsform_sheets` lays the protocol out as the three sheets of the standard (``survey``,
``choices``, ``settings``) with Swedish and English columns (``label::Svenska (sv)``,
``label::English (en)``), and :func:`xlsform_workbook` writes them as an XLSX file. Each survey
gets its own form: its channels, its sites (each site offered only for the channels it has) and
its period are part of the form, so that a tablet cannot record what the survey does not plan.

Items that do not apply carry the protocol's relevance as the ``relevant`` expression, so the
form skips them and the export leaves them empty; they are never "no".

Pure: no Django. pyxform compiles the result in the tests (:func:`xform_compile`).
"""

from __future__ import annotations

import datetime
import io
from collections.abc import Sequence
from dataclasses import dataclass

from lika.core.formats import XlsxSheet, xlsx_file
from lika.treatment_survey.protocol.definition import (
    CHANNELS,
    CONTACT_GROUP,
    CONTACT_GROUP_LABEL,
    CONTACT_ITEMS,
    CONTACT_SUBGROUPS,
    PROTOCOL_VERSION,
    SESSION_GROUP_LABEL,
    SESSION_ITEMS,
    Bilingual,
    Item,
    ItemKind,
)

__all__ = ["FormSite", "FormSpec", "xform_compile", "xlsform_sheets", "xlsform_workbook"]

LANGUAGES = (("sv", "Svenska (sv)"), ("en", "English (en)"))
DEFAULT_LANGUAGE = "Svenska (sv)"
YES_NO_LIST = "yes_no"
YES_NO = (("yes", Bilingual(sv="Ja", en="Yes")), ("no", Bilingual(sv="Nej", en="No")))

Row = dict[str, str]


@dataclass(frozen=True)
class FormSite:
    """A site as the form offers it: its code, its name (the same in both languages) and its channels."""

    code: str
    name: str
    channels: tuple[str, ...]


@dataclass(frozen=True)
class FormSpec:
    """What makes one survey's form: its identity, channels, sites and period."""

    form_id: str
    title: Bilingual
    channels: tuple[str, ...]
    sites: tuple[FormSite, ...]
    first_day: datetime.date
    last_day: datetime.date

    @property
    def version(self) -> str:
        return PROTOCOL_VERSION


def _texts(prefix: str, text: Bilingual | None) -> Row:
    if text is None:
        return {}
    return {f"{prefix}::{name}": text.get(code) for code, name in LANGUAGES}


def _list_name(item: Item) -> str:
    if item.kind is ItemKind.YES_NO:
        return YES_NO_LIST
    if item.kind is ItemKind.CHANNEL:
        return "channel"
    if item.kind is ItemKind.SITE:
        return "site"
    return item.name


def _item_row(item: Item, spec: FormSpec) -> Row:
    row: Row = {"name": item.name, "required": "yes", **_texts("label", item.label), **_texts("hint", item.definition)}
    if item.kind in (ItemKind.YES_NO, ItemKind.CHOICE, ItemKind.CHANNEL, ItemKind.SITE):
        row["type"] = f"select_one {_list_name(item)}"
        row["appearance"] = "" if item.kind is ItemKind.SITE else "horizontal-compact"
    elif item.kind is ItemKind.DATE:
        row["type"] = "date"
        row["constraint"] = f". >= date('{spec.first_day.isoformat()}') and . <= date('{spec.last_day.isoformat()}')"
        row |= _texts(
            "constraint_message",
            Bilingual(
                sv=f"Datumet ska ligga i undersökningens period, {spec.first_day} till {spec.last_day}.",
                en=f"The date must fall in the survey's period, {spec.first_day} to {spec.last_day}.",
            ),
        )
    else:
        row["type"] = "text"
        row["constraint"] = f"regex(., '{item.pattern}')"
        row |= _texts("constraint_message", item.pattern_message)
    if item.kind is ItemKind.SITE:
        # Each site's choice lists its channels; only the sites with the session's channel are offered.
        row["choice_filter"] = "selected(channels, ${channel})"
    relevant = item.relevance.xpath()
    if relevant:
        row["relevant"] = relevant
    return row


def xlsform_sheets(spec: FormSpec) -> dict[str, list[Row]]:
    """The ``survey``, ``choices`` and ``settings`` sheets of the survey's form, as rows of named cells."""
    survey: list[Row] = [{"type": "begin_group", "name": "session", **_texts("label", SESSION_GROUP_LABEL)}]
    survey += [_item_row(item, spec) for item in SESSION_ITEMS]
    survey.append({"type": "end_group", "name": "session"})
    survey.append({"type": "begin_repeat", "name": CONTACT_GROUP, **_texts("label", CONTACT_GROUP_LABEL)})
    for group, label in CONTACT_SUBGROUPS:
        survey.append({"type": "begin_group", "name": group, **_texts("label", label)})
        survey += [_item_row(item, spec) for item in CONTACT_ITEMS if item.group == group]
        survey.append({"type": "end_group", "name": group})
    survey.append({"type": "end_repeat", "name": CONTACT_GROUP})

    choices: list[Row] = [
        {"list_name": YES_NO_LIST, "name": value, **_texts("label", label)} for value, label in YES_NO
    ]
    for item in CONTACT_ITEMS:
        if item.kind is ItemKind.CHOICE:
            choices += [
                {"list_name": item.name, "name": choice.value, **_texts("label", choice.label)}
                for choice in item.choices
            ]
    channel_labels = {choice.value: choice.label for choice in CHANNELS}
    choices += [
        {"list_name": "channel", "name": code, **_texts("label", channel_labels[code])} for code in spec.channels
    ]
    choices += [
        {
            "list_name": "site",
            "name": site.code,
            **_texts("label", Bilingual(sv=site.name, en=site.name)),
            "channels": " ".join(site.channels),
        }
        for site in spec.sites
    ]
    settings: list[Row] = [
        {
            "form_id": spec.form_id,
            "version": spec.version,
            "default_language": DEFAULT_LANGUAGE,
            "instance_name": "concat(${observer_code}, ' ', ${site}, ' ', ${session_date})",
            # The form title takes one language only; both are given, Swedish first.
            "form_title": f"{spec.title.sv} / {spec.title.en}",
        }
    ]
    return {"survey": survey, "choices": choices, "settings": settings}


def _columns(rows: Sequence[Row]) -> list[str]:
    columns: dict[str, None] = {}
    for row in rows:
        columns.update(dict.fromkeys(row))
    return list(columns)


def xlsform_workbook(spec: FormSpec) -> bytes:
    """The survey's form as an XLSX file (an XLSForm), its header rows bold and kept in view.

    Written by :func:`lika.core.formats.xlsx_file`: every text is stored as text, so an expression or a
    site's name that starts with "=" runs nowhere and reaches pyxform exactly as it is.
    """
    sheets = []
    for name, rows in xlsform_sheets(spec).items():
        columns = _columns(rows)
        lines: list[list[object]] = [list(columns)]
        lines += [[row.get(column, "") for column in columns] for row in rows]
        sheets.append(XlsxSheet(name, lines, bold_rows=1))
    return xlsx_file(sheets)


def xform_compile(xlsx: bytes) -> tuple[str, list[str]]:
    """Compiles an XLSForm with pyxform; returns the XForm (XML) and pyxform's warnings.

    Raises pyxform's ``PyXFormError`` when the form is not valid XLSForm.
    """
    from pyxform.xls2xform import convert  # type: ignore[import-untyped]

    warnings: list[str] = []
    result = convert(xlsform=io.BytesIO(xlsx), warnings=warnings, file_type=".xlsx", pretty_print=False)
    return result.xform, warnings
