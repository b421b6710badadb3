"""Who may log in to Min Sida and how: e-ID links, verified contacts, one-time codes and attempts.

Written only by :mod:`lika.applicant_portal.services.login`. An applicant is a
:class:`~lika.people.models.Person`, never a Django user: staff and applicants do not share a login.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from lika.people.models import Person


class PortalIdentity(models.Model):
    """A person's account at an e-ID broker, found again by the broker's subject on the next login."""

    person = models.ForeignKey(
        Person, verbose_name=_("person"), on_delete=models.PROTECT, related_name="portal_identities"
    )
    issuer = models.CharField(_("issuer"), max_length=255)
    # The broker's stable identifier of the person (OIDC "sub"); never an e-mail address.
    subject = models.CharField(_("subject"), max_length=255)
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    last_login_at = models.DateTimeField(_("latest login at"), null=True, blank=True)

    class Meta:
        verbose_name = _("e-ID link")
        verbose_name_plural = _("e-ID links")
        constraints = (models.UniqueConstraint(fields=("issuer", "subject"), name="portal_identity_unique"),)

    def __str__(self) -> str:
        return f"{self.issuer} · {self.subject}"


class ContactKind(models.TextChoices):
    PHONE = "phone", _("Mobile phone")
    EMAIL = "email", _("E-mail")


class PortalContact(models.Model):
    """A phone number or e-mail address a one-time code may be sent to, once staff have verified it."""

    person = models.ForeignKey(
        Person, verbose_name=_("person"), on_delete=models.PROTECT, related_name="portal_contacts"
    )
    kind = models.CharField(_("kind"), max_length=5, choices=ContactKind.choices)
    # Normalised: e-mail in lower case, phone as E.164 (+46701234567).
    value = models.CharField(_("phone number or e-mail address"), max_length=254)
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    verified_at = models.DateTimeField(_("verified at"), null=True, blank=True)
    verified_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("verified by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )

    class Meta:
        verbose_name = _("login contact")
        verbose_name_plural = _("login contacts")
        constraints = (
            models.UniqueConstraint(fields=("person", "kind", "value"), name="portal_contact_unique"),
            # A code sent to a verified contact must log in exactly one adult: two people never share one.
            models.UniqueConstraint(
                fields=("kind", "value"), condition=Q(verified_at__isnull=False), name="portal_contact_verified_unique"
            ),
        )

    def __str__(self) -> str:
        return f"{self.person_id} · {self.kind}"


class OneTimeCode(models.Model):
    """A short code sent to a verified contact. Only its keyed hash is stored; it works once, briefly."""

    contact = models.ForeignKey(
        PortalContact, verbose_name=_("contact"), on_delete=models.CASCADE, related_name="one_time_codes"
    )
    code_hash = models.CharField(_("code hash"), max_length=128)
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    expires_at = models.DateTimeField(_("expires at"))
    attempts = models.PositiveSmallIntegerField(_("wrong attempts"), default=0)
    used_at = models.DateTimeField(_("used at"), null=True, blank=True)

    class Meta:
        verbose_name = _("one-time code")
        verbose_name_plural = _("one-time codes")
        indexes = (models.Index(fields=("contact", "-created_at"), name="one_time_code_contact_idx"),)

    def __str__(self) -> str:
        return f"{self.contact_id} · {self.created_at:%Y-%m-%d %H:%M}"


class AttemptScope(models.TextChoices):
    IDENTIFIER = "identifier", _("Phone number, e-mail address or personal number")
    IP = "ip", _("Network address")


class PortalLoginAttempt(models.Model):
    """A failed login or a code sent, counted to throttle guessing; the key is a keyed hash, not the value."""

    scope = models.CharField(_("scope"), max_length=10, choices=AttemptScope.choices)
    key = models.CharField(_("key"), max_length=64)
    occurred_at = models.DateTimeField(_("occurred at"), default=timezone.now)

    class Meta:
        verbose_name = _("login attempt")
        verbose_name_plural = _("login attempts")
        indexes = (models.Index(fields=("scope", "key", "occurred_at"), name="portal_attempt_key_idx"),)

    def __str__(self) -> str:
        return f"{self.scope} · {self.occurred_at:%Y-%m-%d %H:%M}"
