"""Who acts on the command line.

A page knows who acts from the login. A shell does not: ``--as approver`` is a name anyone can type,
so four eyes would rest on honesty. When ``settings.LIKA_COMMAND_STAFF`` maps operating-system accounts
to staff accounts (``"osuser=staffname,…"``; production sets it, empty by default), a command acts as
the staff account its shell user maps to, ``--as`` may only repeat that name, and an unmapped shell user
may not act as staff at all. Unset (development, the demo, the tests), ``--as`` is believed. Either way
the audit trail records that the act came from the command line and which shell user typed it.
"""

from __future__ import annotations

import getpass
import os

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import CommandError

from lika.audit.acting import Acting
from lika.audit.models import Channel


def shell_user() -> str:
    """The operating-system account running this process (its number when the system has no name for it)."""
    try:
        return getpass.getuser()
    except (KeyError, OSError):  # a container's user may have no entry in the password database
        return f"uid {os.getuid()}"


def command_staff_map(text: str | None) -> dict[str, str] | None:
    """``"osuser=staffname,…"`` as a mapping; None when no mapping is configured (``--as`` is believed)."""
    if text is None:
        return None
    mapping: dict[str, str] = {}
    for item in (part.strip() for part in text.split(",")):
        if not item:
            continue
        os_name, separator, staff_name = (side.strip() for side in item.partition("="))
        if not separator or not os_name or not staff_name:
            raise CommandError(f"LIKA_COMMAND_STAFF: {item!r} is not osuser=staffname.")
        mapping[os_name] = staff_name
    return mapping


def command_username(requested: str | None) -> str | None:
    """The staff account a command may act as, given ``--as`` (``requested``); None when it acts as itself.

    Refuses, naming ``--as``, a shell user who is not mapped, or who asks to act as someone else.
    """
    mapping = command_staff_map(settings.LIKA_COMMAND_STAFF)
    if mapping is None:
        return requested
    who = shell_user()
    mapped = mapping.get(who)
    if mapped is None:
        if requested is None:
            return None
        raise CommandError(
            f"--as: the shell user {who!r} is not mapped to a staff account (LIKA_COMMAND_STAFF), so it may not "
            "act as staff here. Do it on the web, or ask the administrator to map your account. Nothing was changed."
        )
    if requested is not None and requested != mapped:
        raise CommandError(
            f"--as: the shell user {who!r} acts as {mapped!r} and may not act as {requested!r}. Nothing was changed."
        )
    return mapped


def command_job(*, label: str, reason: str) -> Acting:
    """The :class:`Acting` of a command that acts as itself (a job), not as a member of staff."""
    return Acting(actor=None, reason=reason, actor_label=label, channel=Channel.COMMAND, os_user=shell_user())


def command_acting(*, username: str | None, reason: str, label: str, required: bool = True) -> Acting:
    """The :class:`Acting` of a command: the staff member it may act as (see :func:`command_username`), or,
    when ``required`` is false and no one is named, the command itself under ``label``."""
    name = command_username(username)
    if name is None:
        if required:
            raise CommandError("--as: say who acts (a staff user name).")
        return command_job(label=label, reason=reason)
    user = get_user_model().objects.filter(username=name, is_active=True).first()
    if user is None:
        raise CommandError(f"--as: no active staff user called {name!r}.")
    return Acting(actor=user, reason=reason, actor_label=label, channel=Channel.COMMAND, os_user=shell_user())
