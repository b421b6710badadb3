"""Every write behind the Min Sida login: e-ID links, login contacts, one-time codes, throttling.

A refusal raises :class:`django.core.exceptions.ValidationError` keyed by the field at fault (or
``__all__``) with a message the person can act on. The one thing a refusal does write is the count
of the failed attempt (and its audit event): that is what throttling and the audit trail need. No
audit event ever holds a code, a token or a personal number.
"""

from __future__ import annotations

import datetime
import math
import re
import secrets
from typing import TYPE_CHECKING

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import formats, timezone
from django.utils.crypto import constant_time_compare, salted_hmac
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from lika.applicant_portal.models import (
    AttemptScope,
    ContactKind,
    OneTimeCode,
    PortalContact,
    PortalIdentity,
    PortalLoginAttempt,
)
from lika.audit.acting import Acting
from lika.audit.actions import Action
from lika.core import clock
from lika.people.identifiers import personal_number_normalize
from lika.people.models import Person

if TYPE_CHECKING:
    from lika.applicant_portal.notify import Notifier

CODE_DIGITS = 6
_PHONE = re.compile(r"^\+[1-9][0-9]{6,14}$")
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")


def login_acting() -> Acting:
    """The actor of a login: the person is not yet known, so the portal names itself."""
    return Acting(actor=None, actor_label="Min Sida", reason="Login to Min Sida")


# Normalising --------------------------------------------------------------------------------------


def contact_normalize(value: str) -> tuple[str, str]:
    """The kind and normal form of a phone number or e-mail address; an error names the field ``contact``.

    >>> contact_normalize(" 070-123 45 67 ")
    ('phone', '+46701234567')
    >>> contact_normalize("Amina@Example.org")
    ('email', 'amina@example.org')
    """
    raw = value.strip()
    if "@" in raw:
        email = raw.lower()
        if not _EMAIL.match(email):
            raise ValidationError({"contact": _("This e-mail address is not complete. Write it as name@example.se.")})
        return ContactKind.EMAIL.value, email
    phone = re.sub(r"[\s\-().]", "", raw)
    if phone.startswith("00"):
        phone = "+" + phone[2:]
    elif phone.startswith("0"):
        # A Swedish number written the Swedish way: 070... is +4670...
        phone = "+46" + phone[1:]
    if not _PHONE.match(phone):
        raise ValidationError(
            {"contact": _("Write a mobile number such as 070-123 45 67 or +46 70 123 45 67, or an e-mail address.")}
        )
    return ContactKind.PHONE.value, phone


def _attempt_key(scope: str, value: str) -> str:
    # Keyed hash: the table of attempts reveals no phone number, address or personal number.
    return salted_hmac("lika.applicant_portal.attempts", f"{scope}:{value}", algorithm="sha256").hexdigest()


def _code_hash(contact_id: int, code: str) -> str:
    return salted_hmac("lika.applicant_portal.one_time_code", f"{contact_id}:{code}", algorithm="sha256").hexdigest()


# Throttling ---------------------------------------------------------------------------------------


def _window() -> datetime.timedelta:
    return datetime.timedelta(minutes=settings.LIKA_PORTAL_THROTTLE_MINUTES)


def _blocked_until(scope: str, key: str, limit: int, now: datetime.datetime) -> datetime.datetime | None:
    """When the oldest of the latest ``limit`` attempts leaves the window, if there are that many in it."""
    times = list(
        PortalLoginAttempt.objects.filter(scope=scope, key=key, occurred_at__gt=now - _window())
        .order_by("-occurred_at")
        .values_list("occurred_at", flat=True)[:limit]
    )
    if len(times) < limit:
        return None
    return times[-1] + _window()


def _keys(identifier: str | None, ip: str | None) -> list[tuple[str, str, int]]:
    keys: list[tuple[str, str, int]] = []
    if identifier:
        keys.append(
            (
                AttemptScope.IDENTIFIER,
                _attempt_key(AttemptScope.IDENTIFIER, identifier),
                settings.LIKA_PORTAL_THROTTLE_PER_IDENTIFIER,
            )
        )
    if ip:
        keys.append((AttemptScope.IP, _attempt_key(AttemptScope.IP, ip), settings.LIKA_PORTAL_THROTTLE_PER_IP))
    return keys


def throttle_check(*, identifier: str | None, ip: str | None) -> None:
    """Refuses, saying when to try again, if this identifier or address has used up its attempts."""
    now = clock.now()
    blocked = [
        until for scope, key, limit in _keys(identifier, ip) if (until := _blocked_until(scope, key, limit, now))
    ]
    if not blocked:
        return
    # Round up to the minute, so that "after 14:32" is never a moment too early.
    until = max(blocked)
    seconds = math.ceil(until.timestamp() / 60) * 60
    when = timezone.localtime(datetime.datetime.fromtimestamp(seconds, tz=datetime.UTC))
    raise ValidationError(
        _("Too many attempts to log in. For your safety, wait and try again after %(time)s.")
        % {"time": formats.time_format(when, "H:i")},
        code="throttled",
    )


def _attempt_record(*, identifier: str | None, ip: str | None) -> None:
    now = clock.now()
    PortalLoginAttempt.objects.bulk_create(
        PortalLoginAttempt(scope=scope, key=key, occurred_at=now) for scope, key, _limit in _keys(identifier, ip)
    )
    # Attempts older than the window count for nothing any more.
    PortalLoginAttempt.objects.filter(occurred_at__lte=now - _window()).delete()


def _attempts_forget(identifier: str) -> None:
    PortalLoginAttempt.objects.filter(
        scope=AttemptScope.IDENTIFIER, key=_attempt_key(AttemptScope.IDENTIFIER, identifier)
    ).delete()


def portal_login_failure_record(
    *, acting: Acting, method: str, reason: str, identifier: str | None = None, ip: str | None = None
) -> None:
    """Counts a failed login towards throttling and records it in the audit trail (without what was typed)."""
    acting.require_reason()
    with transaction.atomic():
        _attempt_record(identifier=identifier, ip=ip)
        acting.audit(
            Action.PORTAL_LOGIN_FAILED, ("applicant_portal.login", method), {"method": method, "reason": reason}
        )


def _login_succeeded(*, acting: Acting, person: Person, method: str, identifier: str | None) -> None:
    if identifier:
        _attempts_forget(identifier)
    acting.audit(Action.PORTAL_LOGIN, person, {"method": method})


# Contacts -----------------------------------------------------------------------------------------


def portal_contact_add(*, acting: Acting, person: Person, value: str, verified: bool = False) -> PortalContact:
    """Adds a phone number or e-mail address for one-time codes; ``verified`` when staff checked it with the person."""
    acting.require("applicant_portal.add_portalcontact")
    kind, normal = contact_normalize(value)
    with transaction.atomic():
        contact, _created = PortalContact.objects.get_or_create(person=person, kind=kind, value=normal)
        acting.audit(Action.PORTAL_CONTACT_ADD, contact, {"person": person.pk, "kind": kind})
    if verified:
        return portal_contact_verify(acting=acting, contact=contact)
    return contact


def portal_contact_verify(*, acting: Acting, contact: PortalContact) -> PortalContact:
    """Marks a contact as checked with its person; refuses one that another person already logs in with."""
    acting.require("applicant_portal.change_portalcontact")
    try:
        with transaction.atomic():
            locked = PortalContact.objects.select_for_update().get(pk=contact.pk)
            if locked.verified_at is None:
                locked.verified_at = clock.now()
                locked.verified_by = acting.actor
                locked.save(update_fields=["verified_at", "verified_by"])
                acting.audit(Action.PORTAL_CONTACT_VERIFY, locked, {"person": locked.person_id, "kind": locked.kind})
    except IntegrityError as error:
        raise ValidationError(
            {
                "contact": _(
                    "Another person already logs in with this phone number or e-mail address. "
                    "Each adult needs their own."
                )
            }
        ) from error
    return locked


def contact_check_send(*, acting: Acting, contact: PortalContact, notifier: Notifier | None = None) -> None:
    """Sends a code to a contact not yet verified, for the person to read back to the member of staff.

    This is how staff verify a phone number or e-mail address: only the person who holds the phone or
    the inbox can read the code back (:func:`contact_check_complete`).
    """
    acting.require("applicant_portal.change_portalcontact")
    if contact.verified_at is not None:
        raise ValidationError({"contact": _("This phone number or e-mail address is already verified.")})
    with transaction.atomic():
        _code_issue(contact, notifier)
        acting.audit(Action.PORTAL_CONTACT_CHECK_SEND, contact, {"person": contact.person_id, "kind": contact.kind})


def contact_check_complete(*, acting: Acting, contact: PortalContact, code: str) -> PortalContact:
    """Verifies the contact when ``code`` is the one :func:`contact_check_send` sent; a wrong code counts."""
    acting.require("applicant_portal.change_portalcontact")
    with transaction.atomic():
        left = _code_try(contact, code)
    if left is not None:
        raise wrong_code_error(left)
    return portal_contact_verify(acting=acting, contact=contact)


# One-time codes -----------------------------------------------------------------------------------


def one_time_code_send(
    *, acting: Acting, value: str, ip: str | None, notifier: Notifier | None = None
) -> PortalContact | None:
    """Sends a new one-time code to a verified contact and returns it; earlier codes for it stop working.

    An unknown or unverified contact gets no code and None, recorded as a failed attempt; the views
    answer it exactly as they answer a known contact, so the form reveals nobody's contacts (someone
    looking for a person at risk cannot learn whether she uses Min Sida).
    """
    acting.require_reason()
    kind, normal = contact_normalize(value)
    throttle_check(identifier=normal, ip=ip)
    contact = PortalContact.objects.filter(kind=kind, value=normal, verified_at__isnull=False).first()
    if contact is None:
        portal_login_failure_record(
            acting=acting, method="code", reason="contact_not_verified", identifier=normal, ip=ip
        )
        return None
    with transaction.atomic():
        _code_issue(contact, notifier)
        # Each code sent counts like an attempt, so that nobody can flood a person's phone with messages.
        _attempt_record(identifier=normal, ip=None)
        acting.audit(Action.PORTAL_CODE_SEND, contact, {"person": contact.person_id, "kind": contact.kind})
    return contact


def _code_issue(contact: PortalContact, notifier: Notifier | None) -> None:
    """Makes a new code for ``contact`` (earlier ones stop working) and sends it once the transaction commits."""
    from lika.applicant_portal.notify import Notifier

    code = f"{secrets.randbelow(10**CODE_DIGITS):0{CODE_DIGITS}d}"
    now = clock.now()
    OneTimeCode.objects.filter(contact=contact, used_at__isnull=True).update(used_at=now)
    OneTimeCode.objects.create(
        contact=contact,
        code_hash=_code_hash(contact.pk, code),
        created_at=now,
        expires_at=now + datetime.timedelta(minutes=settings.LIKA_PORTAL_CODE_MINUTES),
    )
    sender = notifier or Notifier()
    transaction.on_commit(lambda: sender.send_code(kind=contact.kind, address=contact.value, code=code))


def _code_try(contact: PortalContact, code: str) -> int | None:
    """Tries ``code`` against the contact's latest code, in the caller's transaction: None when it is right
    (the code is then used up), otherwise how many tries are left (the wrong try is counted).

    Refuses, keyed ``code``, when there is no code, it has expired or it is blocked.
    """
    entered = re.sub(r"\s", "", code)
    now = clock.now()
    latest = (
        OneTimeCode.objects.select_for_update()
        .filter(contact=contact, used_at__isnull=True)
        .order_by("-created_at", "-pk")
        .first()
    )
    if latest is None:
        raise ValidationError({"code": _("This code no longer works. Ask for a new one.")})
    if latest.expires_at <= now:
        raise ValidationError(
            {
                "code": _("The code has expired: it works for %(minutes)d minutes. Ask for a new one.")
                % {"minutes": settings.LIKA_PORTAL_CODE_MINUTES}
            }
        )
    limit = settings.LIKA_PORTAL_CODE_ATTEMPTS
    if latest.attempts >= limit:
        raise ValidationError({"code": _("This code is blocked after too many wrong tries. Ask for a new one.")})
    if constant_time_compare(latest.code_hash, _code_hash(contact.pk, entered)):
        latest.used_at = now
        latest.save(update_fields=["used_at"])
        return None
    latest.attempts += 1
    latest.save(update_fields=["attempts"])
    return limit - latest.attempts


def one_time_code_verify(*, acting: Acting, contact_id: int, code: str, ip: str | None) -> Person:
    """The person whose latest code for this contact is ``code``; the code then stops working.

    A wrong code counts against the code (``LIKA_PORTAL_CODE_ATTEMPTS`` tries) and towards throttling.
    """
    acting.require_reason()
    contact = PortalContact.objects.filter(pk=contact_id, verified_at__isnull=False).select_related("person").first()
    if contact is None:
        raise ValidationError(_("Ask for a new code first."), code="no_code")
    throttle_check(identifier=contact.value, ip=ip)
    with transaction.atomic():
        left = _code_try(contact, code)
        if left is None:
            _login_succeeded(acting=acting, person=contact.person, method="code", identifier=contact.value)
            return contact.person
    # The wrong try is committed above (it must count); the failure is recorded in its own transaction.
    portal_login_failure_record(acting=acting, method="code", reason="wrong_code", identifier=contact.value, ip=ip)
    raise wrong_code_error(left)


def wrong_code_error(left: int) -> ValidationError:
    """What a wrong code is told: how many tries are left, or that the code is now blocked."""
    if left <= 0:
        return ValidationError({"code": _("The code is wrong, and it is now blocked. Ask for a new one.")})
    return ValidationError(
        {
            "code": ngettext(
                "The code is wrong. Check the message and try again: you can try %(left)d more time.",
                "The code is wrong. Check the message and try again: you can try %(left)d more times.",
                left,
            )
            % {"left": left}
        }
    )


def unknown_contact_code_try(*, acting: Acting, identifier: str, tries: int, ip: str | None) -> ValidationError:
    """The answer to a code entered for a contact that got none, the same as for a wrong code.

    ``tries`` is how many codes were entered so far, this one included. Each counts towards throttling.
    """
    acting.require_reason()
    throttle_check(identifier=identifier, ip=ip)
    portal_login_failure_record(acting=acting, method="code", reason="wrong_code", identifier=identifier, ip=ip)
    limit = settings.LIKA_PORTAL_CODE_ATTEMPTS
    if tries > limit:
        return ValidationError({"code": _("This code is blocked after too many wrong tries. Ask for a new one.")})
    return wrong_code_error(limit - tries)


# E-ID ---------------------------------------------------------------------------------------------


def portal_identity_login(
    *, acting: Acting, issuer: str, subject: str, personal_number: str | None, ip: str | None
) -> Person:
    """The person the broker vouches for: by the stored link to its subject, else by personal number.

    A first login by personal number stores the link, so later logins find the person by subject
    alone. An e-mail address is never used to find anyone.
    """
    acting.require_reason()
    normal: str | None = None
    if personal_number:
        try:
            normal = personal_number_normalize(personal_number)
        except ValidationError:
            normal = None
    now = clock.now()
    with transaction.atomic():
        identity = PortalIdentity.objects.select_for_update().filter(issuer=issuer, subject=subject).first()
        person: Person | None = None
        if identity is not None:
            person = identity.person
            identity.last_login_at = now
            identity.save(update_fields=["last_login_at"])
        elif normal is not None:
            person = Person.objects.filter(personal_number=normal).first()
            if person is not None:
                identity = PortalIdentity.objects.create(
                    person=person, issuer=issuer, subject=subject, created_at=now, last_login_at=now
                )
                acting.audit(Action.PORTAL_IDENTITY_LINK, identity, {"person": person.pk, "issuer": issuer})
        if person is not None:
            _login_succeeded(acting=acting, person=person, method="oidc", identifier=None)
            return person
    portal_login_failure_record(
        acting=acting,
        method="oidc",
        reason="unknown_person" if normal or not personal_number else "invalid_personal_number",
        ip=ip,
    )
    raise ValidationError(
        _(
            "Your e-ID works, but we cannot find you among the people the agency knows. If the agency has "
            "not registered your personal number yet, log in with a code instead, or contact your case officer."
        ),
        code="unknown_person",
    )
