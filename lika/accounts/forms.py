"""The staff login form: user name and password, and a TOTP code for the break-glass account."""

from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings
from django.contrib.auth.forms import AuthenticationForm
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from django_otp.plugins.otp_totp.models import TOTPDevice

from lika.accounts import lockout
from lika.accounts.services import break_glass_refusal, staff_login_acting, staff_password_login_check

BREAK_GLASS_ONLY = "break_glass"


def break_glass_only() -> bool:
    """Whether only break-glass accounts may log in with a password here (production)."""
    return bool(settings.LIKA_STAFF_PASSWORD_LOGIN == BREAK_GLASS_ONLY)


class StaffLoginForm(AuthenticationForm):
    otp_token = forms.CharField(
        label=_("Code from the authenticator app"),
        required=False,
        max_length=12,
        help_text=_("Six digits. Only the break-glass account needs it."),
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric"}),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # Autofocus would jump past the page's heading and skip link, which confuses screen readers.
        self.fields["username"].widget.attrs.pop("autofocus", None)
        self.totp_device: TOTPDevice | None = None

    def clean(self) -> dict[str, Any]:
        try:
            cleaned = super().clean()
        except ValidationError:
            if break_glass_only():
                raise break_glass_refusal() from None
            raise
        if self.user_cache is None:  # no user name or password: the fields say what is missing
            return cleaned
        user = self.get_user()
        try:
            self.totp_device = staff_password_login_check(
                acting=staff_login_acting(),
                user=user,
                code=str(cleaned.get("otp_token") or ""),
                break_glass_only=break_glass_only(),
            )
        except ValidationError:
            # A right password with a wrong or missing code counts towards the lockout like a wrong password.
            lockout.failure_count(self.request, user.get_username())
            raise
        return cleaned
