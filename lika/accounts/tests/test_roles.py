"""What each role may do in Wagtail's admin: communicators write, publish and translate Om Sverige; no one else."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.contrib.auth.models import Group, Permission
from django.test import Client
from django.urls import reverse
from wagtail.models import GroupPagePermission, Locale, Page

from lika.accounts.models import User
from lika.accounts.roles import COMMUNICATOR_PAGE_PERMISSIONS, Role
from lika.accounts.services import communicator_page_permissions_sync, roles_sync
from lika.audit.acting import Acting
from lika.newcomer_info.content import om_sverige_install
from lika.newcomer_info.models import OmSverigeIndexPage, TopicPage

pytestmark = pytest.mark.django_db

NOT_EDITORS = [r for r in Role if r not in {Role.COMMUNICATOR, Role.ADMINISTRATOR}]


@pytest.fixture
def start(acting: Acting) -> OmSverigeIndexPage:
    return om_sverige_install(acting=acting)


def _page_permissions(role: Role) -> set[tuple[int, str]]:
    rows = GroupPagePermission.objects.filter(group__name=role.value).select_related("permission")
    return {(row.page_id, row.permission.codename) for row in rows}


def test_communicators_may_use_wagtail_and_submit_translations(make_staff: Callable[..., User]) -> None:
    communicator = make_staff(Role.COMMUNICATOR)
    assert communicator.has_perm("wagtailadmin.access_admin")
    assert communicator.has_perm("wagtail_localize.submit_translation")


@pytest.mark.parametrize("role", NOT_EDITORS)
def test_other_roles_have_no_wagtail_access(make_staff: Callable[..., User], client: Client, role: Role) -> None:
    user = make_staff(role)
    assert not user.has_perm("wagtailadmin.access_admin")
    assert not user.has_perm("wagtail_localize.submit_translation")
    assert _page_permissions(role) == set()
    client.force_login(user)
    response = client.get("/cms/")
    assert response.status_code in {302, 403}
    # Wagtail sends a user without access_admin back to the login page (Lika's own).
    assert response.status_code == 403 or response["Location"].startswith(reverse("accounts:login"))


def test_communicators_open_the_admin(make_staff: Callable[..., User], client: Client) -> None:
    client.force_login(make_staff(Role.COMMUNICATOR))
    assert client.get("/cms/").status_code == 200


def test_communicators_add_edit_and_publish_om_sverige_in_every_language(
    make_staff: Callable[..., User], start: OmSverigeIndexPage
) -> None:
    """The grant covers the Swedish tree and the English copy wagtail-localize puts beside it."""
    communicator = make_staff(Role.COMMUNICATOR)
    topic = TopicPage(title="Arbete", slug="arbete", summary="Om arbete.")
    start.add_child(instance=topic)
    english_start = start.copy_for_translation(Locale.objects.get(language_code="en"))
    for page in (start, topic, english_start):
        permissions = page.permissions_for_user(communicator)
        assert permissions.can_edit(), page
        assert permissions.can_publish(), page
        assert permissions.can_unlock(), page
    assert start.permissions_for_user(communicator).can_add_subpage()


@pytest.mark.parametrize("role", NOT_EDITORS)
def test_other_roles_may_not_edit_the_pages(
    make_staff: Callable[..., User], start: OmSverigeIndexPage, role: Role
) -> None:
    permissions = start.permissions_for_user(make_staff(role))
    assert not permissions.can_edit()
    assert not permissions.can_publish()


def test_the_sync_puts_back_exactly_the_communicators_page_permissions(start: OmSverigeIndexPage) -> None:
    """Page permissions added or removed by hand are undone; running it again changes nothing."""
    root = Page.get_first_root_node()
    assert root is not None
    communicators = Group.objects.get(name=Role.COMMUNICATOR.value)
    analysts = Group.objects.get(name=Role.ANALYST.value)
    delete = Permission.objects.get(content_type__app_label="wagtailcore", codename="delete_page")
    GroupPagePermission.objects.create(group=communicators, page=start, permission=delete)
    GroupPagePermission.objects.create(group=analysts, page=root, permission=delete)
    GroupPagePermission.objects.filter(group=communicators, permission__codename="publish_page").delete()

    roles_sync()
    expected = {(root.pk, codename) for codename in COMMUNICATOR_PAGE_PERMISSIONS}
    assert _page_permissions(Role.COMMUNICATOR) == expected
    assert _page_permissions(Role.ANALYST) == set()
    communicator_page_permissions_sync()
    assert GroupPagePermission.objects.filter(group=communicators).count() == len(COMMUNICATOR_PAGE_PERMISSIONS)
