from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest, HttpResponse

from lika.accounts.roles import Role


class LikaAdminSite(admin.AdminSite):
    """Django's admin, open to administrators only, whatever other flags a user has."""

    site_header = "Lika"
    site_title = "Lika"

    def has_permission(self, request: HttpRequest) -> bool:
        user = request.user
        if not (user.is_active and user.is_staff):
            return False
        return bool(user.is_superuser or user.groups.filter(name=Role.ADMINISTRATOR.value).exists())

    def login(self, request: HttpRequest, extra_context: dict[str, Any] | None = None) -> HttpResponse:
        """Sends administrators to Lika's own login page: the admin's would take a password alone."""
        # Imported here: the views bring the login providers, which every command would otherwise load.
        from lika.accounts.views import login_redirect

        return login_redirect(request)
