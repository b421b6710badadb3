"""An organisation for the competence tests: roles, two managers, a member of staff, a framework and a guide."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from lika.accounts.models import User
from lika.accounts.roles import Role
from lika.audit.acting import Acting
from lika.competence import services
from lika.competence.models import Activity, Area, Format, Process, Subject
from lika.competence.tests.factories import Organisation
from lika.people.models import Sex


@pytest.fixture
def org(make_staff: Callable[..., User], case_exercises: None) -> Organisation:
    admin = make_staff(Role.COMPETENCE_ADMINISTRATOR, username="kompetens")
    facilitator = make_staff(Role.FACILITATOR, username="ledare")
    manager = make_staff(Role.MANAGER, username="chef-a")
    other_manager = make_staff(Role.MANAGER, username="chef-b")
    staff = make_staff(Role.CASE_OFFICER, username="medarbetare")
    unit = services.unit_ensure(code="KC-TEST", name="Kontaktcenter Test", manager=manager)
    services.placement_set(user=staff, unit=unit, manager=manager, sex=Sex.FEMALE)
    services.placement_set(user=facilitator, unit=unit, manager=manager, sex=Sex.MALE)
    areas = [
        Area.objects.create(name=f"Area {n}", description="d", level_1="a", level_2="b", level_3="c", order=n)
        for n in (1, 2)
    ]
    acting = Acting(actor=admin, reason="Test guide")

    def add(title: str, format_: str, subjects: list[str], processes: list[str]) -> Activity:
        return services.activity_create(
            acting=acting,
            title=title,
            description="Plain description.",
            format=format_,
            length_minutes=60,
            language="sv",
            subjects=subjects,
            processes=processes,
            audiences=["all_staff"],
            link="https://utbildning.example/" + title.replace(" ", "-").lower(),
        )

    return Organisation(
        admin=admin,
        facilitator=facilitator,
        manager=manager,
        other_manager=other_manager,
        staff=staff,
        unit=unit,
        areas=areas,
        lgbtqi_asylum=add("LGBTQI asylum grounds", Format.COURSE, [Subject.LGBTQI], [Process.ASYLUM]),
        racism_elearning=add("Racism e-learning", Format.E_LEARNING, [Subject.RACISM], []),
        telephone=add("Treatment on the phone", Format.COURSE, [Subject.MEETINGS], [Process.CONTACT_CENTRE]),
    )
