"""Units as a tree and who sees what: a manager higher up sees the protected aggregates of every unit below
theirs and never an individual dialogue outside their own staff; administrators keep units and placements
through pages, with clear refusals that change nothing."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse

from lika.accounts.models import User
from lika.accounts.roles import Role
from lika.audit.acting import Acting
from lika.audit.models import AuditEvent
from lika.competence import services
from lika.competence.models import Placement, Unit
from lika.competence.selectors import units_overseen
from lika.competence.tests.factories import Organisation
from lika.core import clock
from lika.people.models import Sex

pytestmark = pytest.mark.django_db


@pytest.fixture
def tree(org: Organisation, make_staff: Callable[..., User]) -> dict[str, Unit]:
    """An area above KC-TEST and a sister unit; the area's manager is "chef-omr", the sister's "chef-b"."""
    area_manager = make_staff(Role.MANAGER, username="chef-omr")
    area = services.unit_ensure(code="OMR", name="Område", manager=area_manager)
    org.unit.parent = area
    org.unit.save()
    sister = services.unit_ensure(code="SK-TEST", name="Servicekontor Test", manager=org.other_manager, parent=area)
    other = services.unit_ensure(code="UM-TEST", name="Ambassad Test")
    return {"area": area, "sister": sister, "other": other}


@pytest.fixture
def administrator(make_staff: Callable[..., User]) -> User:
    return make_staff(Role.ADMINISTRATOR, username="admin")


def test_a_manager_oversees_their_units_and_every_unit_below(
    org: Organisation, tree: dict[str, Unit], administrator: User
) -> None:
    area_manager = User.objects.get(username="chef-omr")
    assert units_overseen(area_manager) == {tree["area"].pk, org.unit.pk, tree["sister"].pk}
    assert units_overseen(org.manager) == {org.unit.pk}
    assert units_overseen(org.staff) == set()
    assert units_overseen(administrator) is None  # those who keep the units see them all


def test_the_overview_shows_a_higher_manager_the_units_below_but_no_dialogue(
    client: Client, org: Organisation, tree: dict[str, Unit]
) -> None:
    dialogue = services.dialogue_prepare(
        acting=Acting(actor=org.staff, reason="Self"),
        year=clock.today().year,
        self_levels={area.pk: 1 for area in org.areas},
    )
    client.force_login(User.objects.get(username="chef-omr"))
    response = client.get(reverse("competence:overview"), HTTP_ACCEPT_LANGUAGE="en")
    assert [row.unit for row in response.context["aggregates"].coverage] == ["Kontaktcenter Test", ""]
    assert "units you manage and every unit below them" in response.content.decode()
    # The staff member's manager opens the dialogue; the manager above does not find it.
    assert client.get(reverse("competence:dialogue", args=[dialogue.pk])).status_code == 404
    client.force_login(org.manager)
    assert client.get(reverse("competence:dialogue", args=[dialogue.pk])).status_code == 200
    # A manager of a sister unit sees neither the dialogue nor the sister's figures.
    client.force_login(org.other_manager)
    assert client.get(reverse("competence:dialogue", args=[dialogue.pk])).status_code == 404
    response = client.get(reverse("competence:overview"))
    assert [row.unit for row in response.context["aggregates"].coverage] == []


def test_a_manager_of_no_unit_is_told_so(client: Client, org: Organisation, make_staff: Callable[..., User]) -> None:
    client.force_login(make_staff(Role.MANAGER, username="ny-chef"))
    response = client.get(reverse("competence:overview"), HTTP_ACCEPT_LANGUAGE="en")
    assert response.context["aggregates"].coverage == []
    assert "not the manager of any unit yet" in response.content.decode()


def test_an_administrator_adds_a_unit_below_another_through_the_page(
    client: Client, org: Organisation, tree: dict[str, Unit], administrator: User
) -> None:
    client.force_login(administrator)
    assert client.get(reverse("competence:unit_list")).status_code == 200
    response = client.post(
        reverse("competence:unit_new"),
        {
            "code": "sk-ny",
            "name": "Servicekontor Ny",
            "parent": tree["area"].pk,
            "manager": org.manager.pk,
            "reason": "New office",
        },
    )
    assert response.status_code == 302
    unit = Unit.objects.get(code="SK-NY")
    assert (unit.parent, unit.manager) == (tree["area"], org.manager)
    assert AuditEvent.objects.filter(action="competence.unit_save").count() == 1
    assert unit.pk in units_overseen(User.objects.get(username="chef-omr"))  # type: ignore[operator]


@pytest.mark.parametrize(
    ("change", "field", "message"),
    [
        ({"code": "KC-TEST"}, "code", "The unit Kontaktcenter Test already has the code KC-TEST"),
        ({"code": "kc test!"}, "code", "capital letters, digits and hyphens"),
        ({"name": " "}, "name", "This field is required"),
        # The page offers managers only; the service's own refusal is tested below.
        ({"manager": "staff"}, "manager", "Select a valid choice"),
        ({"parent": "below"}, "parent", "a unit cannot be part of itself"),
    ],
)
def test_a_unit_change_that_cannot_be_made_is_refused_and_changes_nothing(
    client: Client,
    org: Organisation,
    tree: dict[str, Unit],
    *,
    administrator: User,
    english: None,
    change: dict[str, str],
    field: str,
    message: str,
) -> None:
    area = tree["area"]
    data = {"code": "OMR", "name": "Område", "parent": "", "manager": "", "reason": "Reorganising", **change}
    if data["manager"] == "staff":
        data["manager"] = str(org.staff.pk)
    if data["parent"] == "below":
        data["parent"] = str(org.unit.pk)
    client.force_login(administrator)
    response = client.post(reverse("competence:unit_edit", args=[area.pk]), data, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 400
    assert message in " ".join(response.context["form"].errors[field])
    area.refresh_from_db()
    assert (area.code, area.name, area.parent_id) == ("OMR", "Område", None)
    assert not AuditEvent.objects.filter(action="competence.unit_save").exists()


def test_the_service_refuses_a_member_of_staff_as_manager(
    org: Organisation, tree: dict[str, Unit], administrator: User, english: None
) -> None:
    with pytest.raises(ValidationError) as refused:
        services.unit_save(
            acting=Acting(actor=administrator, reason="Test"),
            unit=tree["other"],
            code="UM-TEST",
            name="Ambassad Test",
            parent=None,
            manager=org.staff,
        )
    assert "is not a manager in Lika" in str(refused.value)


def test_an_administrator_places_staff_and_the_unit_manager_is_the_default(
    client: Client, org: Organisation, tree: dict[str, Unit], administrator: User
) -> None:
    client.force_login(administrator)
    url = reverse("competence:unit_staff", args=[tree["sister"].pk])
    assert client.get(url).status_code == 200
    response = client.post(url, {"user": org.staff.pk, "sex": Sex.FEMALE, "manager": "", "reason": "Moved"})
    assert response.status_code == 302
    placement = Placement.objects.get(user=org.staff)
    assert (placement.unit, placement.manager) == (tree["sister"], org.other_manager)
    assert AuditEvent.objects.filter(action="competence.placement_change").count() == 1


def test_a_placement_without_a_manager_is_refused(
    client: Client, org: Organisation, tree: dict[str, Unit], administrator: User
) -> None:
    client.force_login(administrator)
    url = reverse("competence:unit_staff", args=[tree["other"].pk])
    response = client.post(
        url, {"user": org.staff.pk, "sex": Sex.FEMALE, "manager": "", "reason": "Moved"}, HTTP_ACCEPT_LANGUAGE="en"
    )
    assert response.status_code == 400
    assert "Ambassad Test has no manager yet" in " ".join(response.context["form"].errors["manager"])
    assert Placement.objects.get(user=org.staff).unit == org.unit
    # Nor may anyone manage themself.
    response = client.post(
        url,
        {"user": org.manager.pk, "sex": Sex.MALE, "manager": org.manager.pk, "reason": "Moved"},
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert "cannot be their own manager" in " ".join(response.context["form"].errors["manager"])


def test_only_those_who_keep_units_reach_the_pages(client: Client, org: Organisation, tree: dict[str, Unit]) -> None:
    for user in (org.staff, org.manager, org.facilitator):
        client.force_login(user)
        assert client.get(reverse("competence:unit_list")).status_code == 403
        assert client.get(reverse("competence:unit_new")).status_code == 403
        assert client.get(reverse("competence:unit_staff", args=[org.unit.pk])).status_code == 403


def test_the_units_and_their_staff_list_without_a_query_per_row(
    client: Client, org: Organisation, tree: dict[str, Unit], administrator: User, django_assert_max_num_queries: Any
) -> None:
    for number in range(10):
        unit = services.unit_ensure(code=f"SK-{number}", name=f"Kontor {number}", parent=tree["area"])
        user = User.objects.create_user(username=f"kontor-{number}")
        services.placement_set(user=user, unit=org.unit, manager=org.manager, sex=Sex.MALE)
        services.unit_ensure(code=f"SK-{number}-A", name=f"Avdelning {number}", parent=unit)
    client.force_login(administrator)
    client.get(reverse("competence:unit_list"))
    with django_assert_max_num_queries(8):
        assert client.get(reverse("competence:unit_list")).status_code == 200
    with django_assert_max_num_queries(10):
        assert client.get(reverse("competence:unit_staff", args=[org.unit.pk])).status_code == 200
