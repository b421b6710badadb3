"""Tokens that let other systems call Lika's APIs (the quote) beyond what anonymous callers may.

An administrator issues a token to a named integrating system (``lika api-token issue`` or the admin).
Lika keeps only the token's SHA-256 and a short public prefix to find it by; the token itself is shown
once, when issued. A token is never deleted — the audit trail names it — but revoked, or it expires.
"""

from __future__ import annotations

import datetime

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

PREFIX_LENGTH = 12


class ApiToken(models.Model):
    system = models.CharField(
        _("integrating system"), max_length=100, help_text=_("Which system uses the token, and whose it is.")
    )
    prefix = models.CharField(_("prefix"), max_length=PREFIX_LENGTH, unique=True, editable=False)
    # A token holds 256 random bits, so a plain hash is as hard to reverse as the token is to guess.
    key_sha256 = models.CharField(max_length=64, editable=False)
    requests_per_minute = models.PositiveIntegerField(_("requests a minute"))
    expires_on = models.DateField(_("expires on"), null=True, blank=True)
    created_at = models.DateTimeField(_("issued at"), editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
        verbose_name=_("issued by"),
    )
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True, editable=False)
    last_used_at = models.DateTimeField(_("last used at"), null=True, blank=True, editable=False)

    class Meta:
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")
        ordering = ("-created_at",)

    def __str__(self) -> str:
        return f"{self.system} (lika_{self.prefix}…)"

    def usable_on(self, day: datetime.date) -> bool:
        """Whether the token is neither revoked nor past its last day on ``day``."""
        return self.revoked_at is None and (self.expires_on is None or day <= self.expires_on)
