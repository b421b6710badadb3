"""Every write to Om Sverige's channels and their visit counter.

Creating and changing a channel validates everything first, runs in one transaction and records an
audit event with the acting user and the reason; a refusal raises
:class:`django.core.exceptions.ValidationError` keyed by the fields at fault and changes nothing.

Counting a visit is different: it is an anonymous counter, not a write of anyone's data, so it is
not audited. It is one SQL statement that adds to the day's row or creates it, so that visits
counted at the same moment by many server processes are all kept (no read in Python, then write).
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction
from django.utils.translation import gettext as _

from lika.audit.acting import Acting
from lika.audit.actions import Action
from lika.newcomer_info import caching
from lika.newcomer_info.models import (
    CODE_MAX_LENGTH,
    LANDING_PATH_MAX_LENGTH,
    Channel,
    ChannelKind,
    ChannelVisitDay,
)
from lika.partners.models import Organisation

NAME_MAX_LENGTH = Channel._meta.get_field("name").max_length or 100
OFFICE_MAX_LENGTH = Channel._meta.get_field("office").max_length or 60
_CODE = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
# A path on this site: segments of unreserved characters or percent escapes, one slash between them.
# Nothing that a browser could read as another host ("//", "\"), and no query or fragment.
_PATH_SEGMENT = re.compile(r"(?:[A-Za-z0-9._~-]|%[0-9A-Fa-f]{2})+")


def landing_path_problem(path: str) -> str:
    """Why ``path`` cannot be a landing page, or an empty string if it can.

    >>> landing_path_problem("/om-sverige/arbete/")
    ''
    >>> bool(landing_path_problem("//elsewhere.example/"))
    True
    """
    if not path.startswith("/"):
        return _("Write the path of a page on this site, beginning with /, e.g. /om-sverige/.")
    if len(path) > LANDING_PATH_MAX_LENGTH:
        return _("The path is longer than %(max)s characters.") % {"max": LANDING_PATH_MAX_LENGTH}
    segments = path[1:].removesuffix("/").split("/") if path != "/" else []
    if any(not _PATH_SEGMENT.fullmatch(s) or s in {".", ".."} for s in segments):
        return _(
            "Use only letters a–z, digits, hyphens and single slashes in the path, with no address of another site, "
            "no ? and no #."
        )
    return ""


def _name_problems(name: str, errors: dict[str, str]) -> None:
    if not name:
        errors["name"] = _("Give the channel a name.")
    elif len(name) > NAME_MAX_LENGTH:
        errors["name"] = _("The name is longer than %(max)s characters.") % {"max": NAME_MAX_LENGTH}


def _office_problems(kind: str, office: str, errors: dict[str, str]) -> None:
    if kind == ChannelKind.OFFICE_SCREEN and not office:
        errors["office"] = _("Say which office the screen is in.")
    elif kind == ChannelKind.STAFF_REFERRAL and not office:
        errors["office"] = _("Say which office's staff hand out this address.")
    elif len(office) > OFFICE_MAX_LENGTH:
        errors["office"] = _("The office name is longer than %(max)s characters.") % {"max": OFFICE_MAX_LENGTH}


def _organisation_problems(kind: str, organisation: Organisation | None, errors: dict[str, str]) -> None:
    if kind == ChannelKind.PARTNER and organisation is None:
        errors["kind"] = _("A partner's channel is made from the partner organisation's page.")
    elif kind != ChannelKind.PARTNER and organisation is not None:
        errors["kind"] = _("Only a partner's channel belongs to an organisation.")
    elif organisation is not None and (
        taken := Channel.objects.filter(organisation=organisation, active=True).order_by("code").first()
    ):
        errors["code"] = _("%(organisation)s already has the channel %(code)s.") % {
            "organisation": organisation.name,
            "code": taken.code,
        }


def channel_create(
    *,
    acting: Acting,
    code: str,
    kind: ChannelKind | str,
    name: str,
    landing_path: str,
    office: str = "",
    organisation: Organisation | None = None,
) -> Channel:
    """Creates a channel whose short path ``/k/<code>`` leads to ``landing_path``.

    The code is the same for everyone who uses the channel and is never changed afterwards, since
    it is printed on letters and shown on screens. Office screens name their office; a partner's
    channel names its organisation, which has one active channel at most.
    """
    acting.require("newcomer_info.add_channel")
    code = code.strip().lower()
    name = name.strip()
    landing_path = landing_path.strip()
    office = office.strip()
    errors: dict[str, str] = {}
    if not _CODE.fullmatch(code):
        errors["code"] = _("Use lower-case letters a–z, digits and single hyphens in the code, e.g. skarm-malmo.")
    elif len(code) > CODE_MAX_LENGTH:
        errors["code"] = _("The code is longer than %(max)s characters.") % {"max": CODE_MAX_LENGTH}
    elif Channel.objects.filter(code=code).exists():
        errors["code"] = _("Another channel already has this code.")
    if kind not in ChannelKind.values:
        errors["kind"] = _("Choose one of the kinds of channel.")
    _name_problems(name, errors)
    if problem := landing_path_problem(landing_path):
        errors["landing_path"] = problem
    _office_problems(str(kind), office, errors)
    _organisation_problems(str(kind), organisation, errors)
    if errors:
        raise ValidationError(errors)
    try:
        with transaction.atomic():
            channel = Channel.objects.create(
                code=code,
                kind=kind,
                name=name,
                landing_path=landing_path,
                office=office,
                organisation=organisation,
                active=True,
            )
            details: dict[str, object] = {
                "code": code,
                "kind": str(kind),
                "landing_path": landing_path,
                "office": office,
            }
            if organisation is not None:
                details["organisation"] = organisation.pk
            acting.audit(Action.CHANNEL_CREATE, channel, details)
            # Short paths are cached (caching.py); a new channel must be reachable at once.
            caching.content_changed()
    except IntegrityError as error:
        # Another communicator created the same code between the check above and this write.
        if Channel.objects.filter(code=code).exists():
            raise ValidationError({"code": _("Another channel already has this code.")}) from error
        raise
    return channel


def partner_channel_create(*, acting: Acting, organisation: Organisation, code: str) -> Channel:
    """Gives the partner ``organisation`` its own channel ``/k/<code>`` to Om Sverige's start page.

    Its posters and leaflets carry the code, so that the visits they bring are counted as the partner's.
    """
    return channel_create(
        acting=acting,
        code=code,
        kind=ChannelKind.PARTNER,
        name=organisation.name[:NAME_MAX_LENGTH],
        landing_path="/om-sverige/",
        organisation=organisation,
    )


def channel_change(
    *,
    acting: Acting,
    channel: Channel,
    name: str | None = None,
    landing_path: str | None = None,
    office: str | None = None,
    active: bool | None = None,
) -> Channel:
    """Changes what is given of a channel's name, landing page, office and whether it is active.

    The code and the kind stay as they were. A channel that is not active answers "not found" and
    counts nothing; its past counts are kept.
    """
    acting.require("newcomer_info.change_channel")
    wanted: dict[str, Any] = {}
    if name is not None:
        wanted["name"] = name.strip()
    if landing_path is not None:
        wanted["landing_path"] = landing_path.strip()
    if office is not None:
        wanted["office"] = office.strip()
    if active is not None:
        wanted["active"] = active
    with transaction.atomic():
        locked = Channel.objects.select_for_update().get(pk=channel.pk)
        errors: dict[str, str] = {}
        if "name" in wanted:
            _name_problems(wanted["name"], errors)
        if "landing_path" in wanted and (problem := landing_path_problem(wanted["landing_path"])):
            errors["landing_path"] = problem
        _office_problems(locked.kind, wanted.get("office", locked.office), errors)
        if errors:
            raise ValidationError(errors)
        changes = {field: value for field, value in wanted.items() if getattr(locked, field) != value}
        if not changes:
            return locked
        before = {field: getattr(locked, field) for field in changes}
        for field, value in changes.items():
            setattr(locked, field, value)
        locked.save(update_fields=list(changes))
        acting.audit(Action.CHANNEL_CHANGE, locked, {"before": before, "after": changes})
        # Short paths are cached (caching.py); the new landing page or deactivation applies at once.
        caching.content_changed()
    return locked


# --- the counter ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class VisitCount:
    """Visits to add for one day, channel, landing page and language."""

    day: datetime.date
    channel_id: int
    landing_page: str
    language: str
    visits: int


def _upsert_sql() -> str:
    """Adds to the row of a day, channel, landing page and language, or creates it, in one statement.

    ``INSERT ... ON CONFLICT ... DO UPDATE`` is atomic on PostgreSQL and on SQLite (3.24 or later):
    two processes counting the same new row at once both end up in it.
    """
    quote = connection.ops.quote_name
    table = quote(ChannelVisitDay._meta.db_table)
    key = ", ".join(quote(c) for c in ("day", "channel_id", "landing_page", "language"))
    visits = quote("visits")
    # The table and column names come from the model and are quoted; every value is a bound parameter.
    return (
        f"INSERT INTO {table} ({key}, {visits}) VALUES (%s, %s, %s, %s, %s) "  # noqa: S608
        f"ON CONFLICT ({key}) DO UPDATE SET {visits} = {table}.{visits} + EXCLUDED.{visits}"
    )


def _language_codes() -> set[str]:
    return {code for code, _name in settings.LANGUAGES}


def _check_count(count: VisitCount, languages: set[str]) -> None:
    """Refuses what only a programming error can produce; a visitor's input never reaches here unchecked."""
    if count.visits < 1:
        raise ValueError(f"Visits to add must be 1 or more, not {count.visits}.")
    if count.language not in languages:
        raise ValueError(f"{count.language!r} is not one of the languages in settings.LANGUAGES.")
    if landing_path_problem(count.landing_page):
        raise ValueError(f"{count.landing_page!r} is not a landing path.")


def channel_visit_count(
    *, channel: Channel, landing_page: str, language: str, day: datetime.date, visits: int = 1
) -> None:
    """Adds ``visits`` to the count of ``channel`` → ``landing_page`` in ``language`` on ``day``.

    One statement, run on its own (autocommit), so that it never waits for a lock held by a longer
    transaction and never loses a visit counted at the same moment elsewhere. Not audited: it
    records no one's data.
    """
    count = VisitCount(day=day, channel_id=channel.pk, landing_page=landing_page, language=language, visits=visits)
    _check_count(count, _language_codes())
    with connection.cursor() as cursor:
        cursor.execute(_upsert_sql(), [day, channel.pk, landing_page, language, visits])


def channel_visits_add(*, acting: Acting, counts: Iterable[VisitCount], what: str) -> int:
    """Adds many days' counts at once (the demo's history, counts moved from another system).

    All rows or none; one audit event says what was added and why. Returns the visits added.
    """
    acting.require("newcomer_info.add_channelvisitday")
    rows = list(counts)
    languages = _language_codes()
    for count in rows:
        _check_count(count, languages)
    channel_ids = {count.channel_id for count in rows}
    known = set(Channel.objects.filter(pk__in=channel_ids).values_list("pk", flat=True))
    if unknown := sorted(channel_ids - known):
        raise ValidationError(
            {"counts": _("There is no channel number %(ids)s.") % {"ids": ", ".join(map(str, unknown))}}
        )
    if not rows:
        return 0
    total = sum(count.visits for count in rows)
    days = sorted({count.day for count in rows})
    with transaction.atomic():
        with connection.cursor() as cursor:
            cursor.executemany(
                _upsert_sql(), [(c.day, c.channel_id, c.landing_page, c.language, c.visits) for c in rows]
            )
        acting.audit(
            Action.CHANNEL_VISITS_ADD,
            ("newcomer_info.channelvisitday", f"{days[0].isoformat()}/{days[-1].isoformat()}"),
            {"what": what, "channels": sorted(channel_ids), "rows": len(rows), "visits": total},
        )
    return total
