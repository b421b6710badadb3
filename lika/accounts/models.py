"""Staff accounts. Roles are Django groups kept in step with :mod:`lika.accounts.roles`."""

from __future__ import annotations

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.translation import gettext_lazy as _


class User(AbstractUser):
    """A member of staff who logs in to Lika."""

    # In production the only accounts that may log in with a password, and then with a TOTP code too:
    # the administrator's way in when the agency's identity provider is down.
    break_glass = models.BooleanField(
        _("break-glass account"),
        default=False,
        help_text=_(
            "May log in with a password and a code from an authenticator app when the agency's sign-in is down."
        ),
    )

    class Meta:
        verbose_name = _("staff user")
        verbose_name_plural = _("staff users")

    def role_names(self) -> list[str]:
        from lika.accounts.roles import Role

        known = {role.value for role in Role}
        return sorted(name for name in self.groups.values_list("name", flat=True) if name in known)
