"""Writes to staff accounts and roles."""

from __future__ import annotations

from collections.abc import Iterable

from django.contrib.auth.models import Group, Permission
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from lika.accounts.models import User
from lika.accounts.roles import COMMUNICATOR_PAGE_PERMISSIONS, ROLE_PERMISSIONS, Role
from lika.audit.actions import Action
from lika.audit.services import audit_event_record


def roles_sync() -> None:
    """Makes each role's group hold exactly the permissions :data:`ROLE_PERMISSIONS` gives it."""
    with transaction.atomic():
        _submit_translation_permission_ensure()
        by_name = {
            f"{p.content_type.app_label}.{p.codename}": p for p in Permission.objects.select_related("content_type")
        }
        for role in Role:
            group, _created = Group.objects.get_or_create(name=role.value)
            if role is Role.ADMINISTRATOR:
                group.permissions.set(list(by_name.values()))
                continue
            missing = [name for name in ROLE_PERMISSIONS[role] if name not in by_name]
            if missing:
                raise LookupError(f"Role {role.value} names permissions that do not exist: {', '.join(missing)}")
            group.permissions.set([by_name[name] for name in ROLE_PERMISSIONS[role]])
        communicator_page_permissions_sync()


def _submit_translation_permission_ensure() -> None:
    """Creates wagtail-localize's "submit translation" permission where it is missing.

    wagtail-localize makes it in a data migration, not from a model's ``Meta``; a database emptied
    after the migrations (``flush``, as transactional tests do) has lost it, and Django does not
    make it again.
    """
    from django.contrib.contenttypes.models import ContentType
    from wagtail_localize.models import Translation

    Permission.objects.get_or_create(
        content_type=ContentType.objects.get_for_model(Translation),
        codename="submit_translation",
        defaults={"name": "Can submit translations"},
    )


def communicator_page_permissions_sync() -> None:
    """Gives communicators exactly :data:`COMMUNICATOR_PAGE_PERMISSIONS` on Wagtail's page tree; other roles none.

    The grant sits on the tree's root, so it covers Om Sverige in every language, including the
    copies wagtail-localize makes later. Administrators keep what was given them by hand. Does
    nothing before Wagtail's root page exists (early in the first migration).
    """
    from wagtail.models import GroupPagePermission, Page

    root = Page.get_first_root_node()
    if root is None:
        return
    wanted = list(
        Permission.objects.filter(content_type__app_label="wagtailcore", codename__in=COMMUNICATOR_PAGE_PERMISSIONS)
    )
    if len(wanted) != len(COMMUNICATOR_PAGE_PERMISSIONS):
        found = {p.codename for p in wanted}
        missing = [name for name in COMMUNICATOR_PAGE_PERMISSIONS if name not in found]
        raise LookupError(f"Wagtail page permissions that do not exist: {', '.join(missing)}")
    with transaction.atomic():
        communicators = Group.objects.get_or_create(name=Role.COMMUNICATOR.value)[0]
        others = Group.objects.filter(
            name__in=[r.value for r in Role if r not in {Role.COMMUNICATOR, Role.ADMINISTRATOR}]
        )
        GroupPagePermission.objects.filter(group__in=others).delete()
        GroupPagePermission.objects.filter(group=communicators).exclude(page=root, permission__in=wanted).delete()
        for permission in wanted:
            GroupPagePermission.objects.get_or_create(group=communicators, page=root, permission=permission)


def staff_user_create(
    *,
    actor: User | None,
    reason: str,
    username: str,
    password: str,
    roles: Iterable[Role],
    first_name: str = "",
    last_name: str = "",
    email: str = "",
    actor_label: str = "",
    check_password: bool = True,
) -> User:
    """Creates a member of staff with the given roles. Only administrators may use the admin site."""
    roles = list(roles)
    if not roles:
        raise ValidationError({"roles": _("Give the new member of staff at least one role.")})
    if User.objects.filter(username=username).exists():
        raise ValidationError({"username": _("There is already a member of staff with this user name.")})
    user = User(username=username, first_name=first_name, last_name=last_name, email=email)
    if check_password:
        validate_password(password, user)
    user.set_password(password)
    user.is_staff = Role.ADMINISTRATOR in roles
    user.full_clean()
    with transaction.atomic():
        user.save()
        user.groups.set(Group.objects.filter(name__in=[r.value for r in roles]))
        audit_event_record(
            actor=actor,
            actor_label=actor_label,
            action=Action.STAFF_USER_CREATE,
            target=user,
            reason=reason,
            details={"roles": sorted(r.value for r in roles)},
        )
    return user
