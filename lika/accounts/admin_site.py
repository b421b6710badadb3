from __future__ import annotations

from django.contrib import admin
from django.http import HttpRequest

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
