"""Writes to staff accounts and roles, and the records of staff logins."""

from __future__ import annotations

from collections.abc import Iterable

from django.contrib.auth.models import Group, Permission
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from django_otp.plugins.otp_totp.models import TOTPDevice

from lika.accounts.models import User
from lika.accounts.roles import COMMUNICATOR_PAGE_PERMISSIONS, ROLE_PERMISSIONS, Role
from lika.audit.acting import Acting
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


# Sign-in ------------------------------------------------------------------------------------------


def staff_login_acting() -> Acting:
    """The acting of a login: nobody is logged in yet, so the login names itself."""
    return Acting(actor=None, reason="Staff sign-in", actor_label="staff-login")


def staff_login_failure_record(*, acting: Acting, method: str, reason: str, username: str | None = None) -> None:
    """Records a refused staff login in the audit trail (what was refused and why, never a password or code)."""
    acting.require_reason()
    details = {"method": method, "reason": reason, **({"username": username} if username else {})}
    with transaction.atomic():
        acting.audit(Action.STAFF_LOGIN_FAILED, ("accounts.login", method), details)


def staff_identity_login(*, acting: Acting, username: str | None, issuer: str, acr: str | None) -> User:
    """The active member of staff the agency's identity provider vouches for; refuses anyone else.

    Roles stay in Lika: the provider says who logged in, and only an existing, active account is
    let in. Nobody is created here.
    """
    user = User.objects.filter(username=username).first() if username else None
    if user is None or not user.is_active:
        reason = "no_username" if not username else "unknown_user" if user is None else "inactive_user"
        staff_login_failure_record(acting=acting, method="oidc", reason=reason, username=username)
        raise ValidationError(
            _(
                "Your agency account works, but it has no active account in Lika. "
                "Ask a Lika administrator to give you access."
            ),
            code=reason,
        )
    with transaction.atomic():
        acting.audit(Action.STAFF_LOGIN, user, {"method": "oidc", "issuer": issuer, "acr": acr or ""})
    return user


def break_glass_refusal() -> ValidationError:
    """The one answer to every refused break-glass login, so that it tells nothing about which part was wrong."""
    return ValidationError(
        _(
            "Enter the user name, password and code of the break-glass account. "
            "Other staff sign in with the agency's account."
        ),
        code="invalid_login",
    )


def staff_password_login_check(*, acting: Acting, user: User, code: str, break_glass_only: bool) -> TOTPDevice | None:
    """Refuses a right password that is not enough: a break-glass account without its right TOTP code, or
    (with ``break_glass_only``, as in production) any account that is not a break-glass account.

    Returns the break-glass account's TOTP device the code was right for, or None for an ordinary account.
    """
    if not user.break_glass and not break_glass_only:
        return None
    device = TOTPDevice.objects.filter(user=user, confirmed=True).first() if user.break_glass else None
    if not user.break_glass:
        reason = "not_break_glass"
    elif device is None:
        reason = "no_totp_device"
    elif not code.strip():
        reason = "totp_missing"
    elif not device.verify_token(code.strip()):
        reason = "totp_wrong"
    else:
        return device
    staff_login_failure_record(acting=acting, method="password", reason=reason, username=user.get_username())
    raise break_glass_refusal()


def break_glass_login_record(*, acting: Acting, user: User) -> None:
    """Records that the break-glass account logged in with its password and TOTP code."""
    with transaction.atomic():
        acting.audit(Action.STAFF_LOGIN, user, {"method": "password", "break_glass": True})


def break_glass_enrol(*, acting: Acting, user: User) -> TOTPDevice:
    """Makes ``user`` a break-glass account with a new, unconfirmed TOTP device (any old one is removed).

    The account cannot log in with its password until the device is confirmed with a code from the
    app (:func:`break_glass_confirm`).
    """
    acting.require("accounts.change_user")
    if not user.is_active:
        raise ValidationError(_("%(user)s is not active.") % {"user": user.get_username()})
    with transaction.atomic():
        TOTPDevice.objects.filter(user=user).delete()
        device = TOTPDevice.objects.create(user=user, name="break-glass", confirmed=False)
        user.break_glass = True
        user.save(update_fields=["break_glass"])
        acting.audit(Action.STAFF_BREAK_GLASS_ENROL, user, {"step": "device_created"})
    return device


def break_glass_confirm(*, acting: Acting, user: User, code: str) -> TOTPDevice:
    """Confirms the break-glass account's new TOTP device with a code from the app."""
    acting.require("accounts.change_user")
    device = TOTPDevice.objects.filter(user=user, confirmed=False).first()
    if device is None:
        raise ValidationError(_("%(user)s has no TOTP device waiting to be confirmed.") % {"user": user.get_username()})
    if not device.verify_token(code.strip()):
        raise ValidationError(_("That code is not right. Enter the code the app shows now."))
    with transaction.atomic():
        device.confirmed = True
        device.save(update_fields=["confirmed"])
        acting.audit(Action.STAFF_BREAK_GLASS_ENROL, user, {"step": "device_confirmed"})
    return device
