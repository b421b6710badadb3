"""Staff in Django's admin. Roles are set in code (lika/accounts/roles.py) and given by group.

The admin may create staff, change their details and roles, and deactivate them (never delete);
each change is written to the audit trail in the admin's own transaction. Permissions are never given to a user
directly, and the role groups are read-only here.
"""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.contrib.auth.admin import GroupAdmin, UserAdmin
from django.contrib.auth.models import Group
from django.forms import ModelForm
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from lika.accounts.models import User
from lika.audit.actions import Action
from lika.audit.admin import ReadOnlyAdmin
from lika.audit.services import audit_event_record


@admin.register(User)
class StaffUserAdmin(UserAdmin):  # type: ignore[type-arg]
    fieldsets = (
        (None, {"fields": ("username", "password")}),
        (_("Personal info"), {"fields": ("first_name", "last_name", "email")}),
        (_("Roles and access"), {"fields": ("is_active", "is_staff", "groups", "break_glass")}),
        (_("Important dates"), {"fields": ("last_login", "date_joined")}),
    )
    # A break-glass account is made with its TOTP device by ``lika staff-break-glass``, never by a tick here.
    readonly_fields = ("last_login", "date_joined", "break_glass")
    list_display = ("username", "first_name", "last_name", "is_active", "is_staff")
    list_filter = ("is_active", "is_staff", "break_glass", "groups")
    filter_horizontal = ("groups",)

    def save_related(self, request: HttpRequest, form: ModelForm[User], formsets: Any, change: bool) -> None:
        super().save_related(request, form, formsets, change)
        user = form.instance
        audit_event_record(
            actor=request.user if isinstance(request.user, User) else None,
            actor_label="admin",
            action=Action.STAFF_USER_CHANGE if change else Action.STAFF_USER_CREATE,
            target=user,
            reason="Changed in the admin",
            details={"fields": sorted(form.changed_data), "roles": user.role_names()},
        )

    def has_delete_permission(self, request: HttpRequest, obj: User | None = None) -> bool:
        # Staff are deactivated (is_active), never deleted: the audit trail refers to them.
        return False


admin.site.unregister(Group)


@admin.register(Group)
class RoleAdmin(ReadOnlyAdmin, GroupAdmin):
    """Roles are shown, not edited: what each may do is set in lika/accounts/roles.py."""
