"""The declared schemas of the register extracts Lika imports: which columns each register has and
what each column may hold.

Every register has the same six columns about the person and the record, then one date and one
yes-or-no column of its own. A column's parser turns a cell, as a reader delivers it (text from
CSV; text, numbers, dates or booleans from XLSX and Parquet), into the value stored, or raises
:class:`CellError` with a message for the analyst. Nothing here touches the database or the clock.

Decisions worth knowing (see also docs/registers.md):

* **Sex** is ``female``, ``male`` or ``unknown``, as Lika records it. The Swedish words and letters the
  agencies' own systems use are accepted too (``kvinna``/``K``, ``man``/``M``, ``okänd``), in any
  case. Numeric codes are refused: they mean different things in different registers.
* **Country of birth** is an ISO 3166-1 alpha-2 code (``SY``, ``ER``), in either case.
* **Region** is the county (län) code that Statistics Sweden (SCB) uses, ``01`` to ``25``; only the
  21 codes in use since 1998 are valid. A leading zero that a spreadsheet dropped (``1``) is put back.
* **Dates** are ISO 8601 calendar dates, ``YYYY-MM-DD``; a spreadsheet's own date cells are accepted.
* **Yes or no** is one of ``true``/``false``, ``yes``/``no``, ``ja``/``nej`` or ``1``/``0``, in any case.
* **Age**: the registers carry the birth year only, so the age is the year of the event minus the
  birth year. Someone born in December is counted a year older in January than they are; the age
  group can therefore be one band too high for events early in a year. This is the registers'
  limit, the same for women and men.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django_countries.data import COUNTRIES

RECORD_ID_MAX_LENGTH = 40
EARLIEST_BIRTH_YEAR = 1900

# County (län) codes of Statistics Sweden, in use since Västra Götaland (14) and Skåne (12) were
# formed in 1997–1998; 02, 11, 15 and 16 belonged to counties that no longer exist.
COUNTIES: dict[str, str] = {
    "01": "Stockholms län",
    "03": "Uppsala län",
    "04": "Södermanlands län",
    "05": "Östergötlands län",
    "06": "Jönköpings län",
    "07": "Kronobergs län",
    "08": "Kalmar län",
    "09": "Gotlands län",
    "10": "Blekinge län",
    "12": "Skåne län",
    "13": "Hallands län",
    "14": "Västra Götalands län",
    "17": "Värmlands län",
    "18": "Örebro län",
    "19": "Västmanlands län",
    "20": "Dalarnas län",
    "21": "Gävleborgs län",
    "22": "Västernorrlands län",
    "23": "Jämtlands län",
    "24": "Västerbottens län",
    "25": "Norrbottens län",
}

SEX_VALUES: dict[str, str] = {
    "female": "female",
    "kvinna": "female",
    "k": "female",
    "male": "male",
    "man": "male",
    "m": "male",
    "unknown": "unknown",
    "okänd": "unknown",
    "okänt": "unknown",
}
BOOLEAN_VALUES: dict[str, bool] = {
    "true": True,
    "yes": True,
    "ja": True,
    "1": True,
    "false": False,
    "no": False,
    "nej": False,
    "0": False,
}

_RECORD_ID = re.compile(r"[A-Za-z0-9._:-]{1,%d}" % RECORD_ID_MAX_LENGTH)  # noqa: UP031 - a regex, not text
_RECORD_IDS = re.compile(r"(?:[A-Za-z0-9._:-]{1,%d}\n)*" % RECORD_ID_MAX_LENGTH)  # noqa: UP031 - a regex
_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
_DIGITS = re.compile(r"\d+")


class CellError(ValueError):
    """A cell that does not hold what its column declares; the message is for the analyst."""


def _text(value: object) -> str:
    """A cell as text without surrounding spaces; whole numbers from a spreadsheet lose their ``.0``."""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def record_id_parse(value: object) -> str:
    """The register's own key for the row: letters, digits and ``. _ : -``, at most 40 characters.

    >>> record_id_parse(" AU-2024:17 "), record_id_parse(12345)
    ('AU-2024:17', '12345')
    """
    if isinstance(value, bool):
        raise CellError(_("A record id is text or a number, not yes or no."))
    text = _text(value)
    if not _RECORD_ID.fullmatch(text):
        raise CellError(
            _(
                "A record id has 1 to %(max)s letters (A–Z), digits or the signs . _ : - and nothing else; "
                "%(value)s is not one."
            )
            % {"max": RECORD_ID_MAX_LENGTH, "value": _shown(text)}
        )
    return text


def sex_parse(value: object) -> str:
    """``female``, ``male`` or ``unknown``; the Swedish words and letters are accepted too.

    >>> sex_parse("K"), sex_parse("Man"), sex_parse("okänd")
    ('female', 'male', 'unknown')
    """
    found = SEX_VALUES.get(_text(value).lower()) if isinstance(value, str) else None
    if found is None:
        raise CellError(
            _("Write female, male or unknown (or kvinna, man, okänd, K, M); %(value)s is not one of them.")
            % {"value": _shown(value)}
        )
    return found


def birth_year_parse(value: object) -> int:
    """A year of birth, four digits, from 1900.

    >>> birth_year_parse("1987"), birth_year_parse(1987.0)
    (1987, 1987)
    """
    if isinstance(value, bool):
        raise CellError(_("A birth year is a number, not yes or no."))
    if isinstance(value, int):
        year = value
    else:
        text = _text(value)
        if not (_DIGITS.fullmatch(text) and len(text) == 4):
            raise CellError(
                _("Write the birth year with four digits, such as 1987; not %(value)s.") % {"value": _shown(value)}
            )
        year = int(text)
    if year < EARLIEST_BIRTH_YEAR or year > datetime.MAXYEAR:
        raise CellError(
            _("A birth year from %(first)s is expected, not %(value)s.") % {"first": EARLIEST_BIRTH_YEAR, "value": year}
        )
    return year


def country_parse(value: object) -> str:
    """An ISO 3166-1 alpha-2 country code, in capitals.

    >>> country_parse("sy")
    'SY'
    """
    code = _text(value).upper() if isinstance(value, str) else ""
    if code not in COUNTRIES:
        raise CellError(
            _("Write the country as its two-letter ISO 3166 code, such as SY or ER; %(value)s is not one.")
            % {"value": _shown(value)}
        )
    return code


def region_parse(value: object) -> str:
    """A county (län) code of Statistics Sweden, two digits.

    >>> region_parse("01"), region_parse(1), region_parse("25")
    ('01', '01', '25')
    """
    text = "" if isinstance(value, bool) else _text(value)
    code = text.zfill(2) if _DIGITS.fullmatch(text) and len(text) <= 2 else ""
    if code not in COUNTIES:
        raise CellError(
            _("Write the county (län) code of Statistics Sweden, 01 to 25, such as 01 or 14; %(value)s is not one.")
            % {"value": _shown(value)}
        )
    return code


def date_parse(value: object) -> datetime.date:
    """A calendar day, written YYYY-MM-DD (or a spreadsheet's date cell without a time of day).

    >>> date_parse("2024-03-05")
    datetime.date(2024, 3, 5)
    """
    if isinstance(value, datetime.datetime):
        if value.time() != datetime.time(0):
            raise CellError(
                _("Give the day only, without a time of day; not %(value)s.") % {"value": value.isoformat()}
            )
        return value.date()
    if isinstance(value, datetime.date):
        return value
    text = _text(value) if isinstance(value, str) else ""
    if _ISO_DATE.fullmatch(text):
        try:
            return datetime.date.fromisoformat(text)
        except ValueError:
            pass
    raise CellError(
        _("Write the day as YYYY-MM-DD, such as 2024-03-05; %(value)s is not a day.") % {"value": _shown(value)}
    )


def boolean_parse(value: object) -> bool:
    """Yes or no: true/false, yes/no, ja/nej or 1/0, in any case.

    >>> boolean_parse("Ja"), boolean_parse("0"), boolean_parse(True)
    (True, False, True)
    """
    if isinstance(value, bool):
        return value
    found = BOOLEAN_VALUES.get(_text(value).lower()) if isinstance(value, str | int) else None
    if found is None:
        raise CellError(
            _("Write true or false (or yes/no, ja/nej, 1/0); %(value)s is neither.") % {"value": _shown(value)}
        )
    return found


def _shown(value: object) -> str:
    """A cell's value as the analyst typed it, quoted, and cut short when long."""
    text = _text(value) if value is not None else ""
    if len(text) > 40:
        text = text[:39] + "…"
    return f"«{text}»"


@dataclass(frozen=True)
class Column:
    """A column of an extract: its name (in the header and in the model), its parser and what it holds."""

    name: str
    parse: Callable[[object], Any]
    description: Promise
    format: str
    # For a column of unique values (the record id): a pattern that the whole column, joined by
    # newlines and ending in one, matches when every value is already in stored form. Other columns
    # have few distinct values, which are parsed once each.
    bulk_pattern: re.Pattern[str] | None = None


@dataclass(frozen=True)
class RegisterSchema:
    """The columns of one register's extract. Every column is required and holds a value on every row."""

    kind: str
    columns: tuple[Column, ...]
    event_column: str
    flag_column: str

    @property
    def names(self) -> tuple[str, ...]:
        return tuple(column.name for column in self.columns)


def _common() -> tuple[Column, ...]:
    return (
        Column(
            "record_id",
            record_id_parse,
            gettext_lazy("The register's own key for the row; never a personal identity number."),
            "1–40 of A–Z a–z 0–9 . _ : -",
            bulk_pattern=_RECORD_IDS,
        ),
        Column("sex", sex_parse, gettext_lazy("The person's sex."), "female, male, unknown (kvinna, man, okänd, K, M)"),
        Column("birth_year", birth_year_parse, gettext_lazy("The person's year of birth."), "YYYY, from 1900"),
        Column(
            "country_of_birth",
            country_parse,
            gettext_lazy("The person's country of birth."),
            "ISO 3166-1 alpha-2 (SY, ER ...)",
        ),
        Column("region", region_parse, gettext_lazy("The county (län) the person lived in."), "SCB county code 01–25"),
    )


def _event(name: str, description: Promise) -> Column:
    return Column(name, date_parse, description, "YYYY-MM-DD")


def _flag(name: str, description: Promise) -> Column:
    return Column(name, boolean_parse, description, "true/false, yes/no, ja/nej, 1/0")


SCHEMAS: dict[str, RegisterSchema] = {
    "at_und": RegisterSchema(
        kind="at_und",
        columns=(
            *_common(),
            _event("decided_on", gettext_lazy("The day the exemption was decided.")),
            _flag("granted", gettext_lazy("Whether the exemption was granted.")),
        ),
        event_column="decided_on",
        flag_column="granted",
    ),
    "civic_introduction": RegisterSchema(
        kind="civic_introduction",
        columns=(
            *_common(),
            _event("called_on", gettext_lazy("The day the person was called to the civic introduction.")),
            _flag("attended", gettext_lazy("Whether the person took part.")),
        ),
        event_column="called_on",
        flag_column="attended",
    ),
    "employment_service": RegisterSchema(
        kind="employment_service",
        columns=(
            *_common(),
            _event("registered_on", gettext_lazy("The day the person registered with Arbetsförmedlingen.")),
            _flag("disability_reported", gettext_lazy("Whether the person made a disability known.")),
        ),
        event_column="registered_on",
        flag_column="disability_reported",
    ),
}
