"""Staff administration in the admin: audited, roles only by group, never deleted."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.contrib.auth.models import Group
from django.test import Client

from lika.accounts.models import User
from lika.accounts.roles import Role
from lika.audit.models import AuditEvent

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(client: Client, make_staff: Callable[..., User]) -> Client:
    client.force_login(make_staff(Role.ADMINISTRATOR, username="admin"))
    return client


def test_changing_roles_in_the_admin_is_audited(admin_client: Client, make_staff: Callable[..., User]) -> None:
    officer = make_staff(Role.CASE_OFFICER, username="officer")
    form = admin_client.get(f"/admin/accounts/user/{officer.pk}/change/").content.decode()
    assert 'name="user_permissions"' not in form
    assert 'name="is_superuser"' not in form
    response = admin_client.post(
        f"/admin/accounts/user/{officer.pk}/change/",
        {
            "username": "officer",
            "first_name": "",
            "last_name": "",
            "email": "",
            "is_active": "on",
            "groups": [Group.objects.get(name=Role.APPROVER.value).pk],
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    officer.refresh_from_db()
    assert officer.role_names() == [Role.APPROVER.value]
    event = AuditEvent.objects.get(action="staff_user.change", object_id=str(officer.pk))
    assert event.actor is not None
    assert event.actor.username == "admin"
    assert event.details["roles"] == [Role.APPROVER.value]


def test_staff_cannot_be_deleted_and_roles_cannot_be_edited_in_the_admin(
    admin_client: Client, make_staff: Callable[..., User]
) -> None:
    officer = make_staff(Role.CASE_OFFICER, username="officer")
    assert admin_client.post(f"/admin/accounts/user/{officer.pk}/delete/", {"post": "yes"}).status_code == 403
    assert User.objects.filter(pk=officer.pk).exists()
    group = Group.objects.get(name=Role.CASE_OFFICER.value)
    before = set(group.permissions.values_list("pk", flat=True))
    admin_client.post(f"/admin/auth/group/{group.pk}/change/", {"name": "x", "permissions": []})
    group.refresh_from_db()
    assert group.name == Role.CASE_OFFICER.value
    assert set(group.permissions.values_list("pk", flat=True)) == before
