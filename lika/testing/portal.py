"""Min Sida's world: three households with a protected adult, each adult's permit application and decision.

* the Haddad–Karimi household: Amina and Omar (married, different family names so that a leak of
  one into the other's pages shows) and two children;
* the Tesfay–Bekele household: Sara, who has a protected identity, her partner Yonas and a child;
* Leyla, who lives alone.

Each adult has applied for a residence permit and gets a decision on daily allowance for December 2026.
Everything is built through the registry's and the allowance's own services; a logged-in browser is
made by Min Sida's own login function.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass, field
from importlib import import_module

from django.conf import settings
from django.http import HttpRequest
from django.test import Client

from lika.allowance import services as allowance
from lika.allowance.models import Decision
from lika.allowance.rules.month import Month
from lika.applicant_portal.session import portal_login
from lika.audit.acting import Acting
from lika.people import services
from lika.people.models import (
    AccommodationKind,
    DecisionOutcome,
    EligibilityBasis,
    GuardianKind,
    Household,
    MemberRole,
    PartnershipKind,
    PermitApplication,
    PermitDecision,
    PermitGround,
    PermitKind,
    Person,
    Sex,
)
from lika.testing.personas import START

DECEMBER = Month(2026, 12)


@dataclass
class World:
    """The households, each adult's permit application, and each adult's December decision."""

    amina: Person
    omar: Person
    sara: Person
    yonas: Person
    leyla: Person
    children: list[Person]
    households: list[Household]
    applications: dict[int, PermitApplication] = field(default_factory=dict)
    decisions: dict[int, Decision] = field(default_factory=dict)

    @property
    def adults(self) -> list[Person]:
        return [self.amina, self.omar, self.sara, self.yonas, self.leyla]


def _household(acting: Acting, adults: list[Person], children: list[Person], *, partners: bool) -> Household:
    household = services.household_create(
        acting=acting,
        start_date=START,
        members=[services.Member(p, MemberRole.ADULT) for p in adults]
        + [services.Member(c, MemberRole.CHILD) for c in children],
    )
    if partners:
        first, second = adults
        services.partnership_create(
            acting=acting,
            household=household,
            first=first,
            second=second,
            kind=PartnershipKind.MARRIED,
            start_date=START,
        )
    for child in children:
        for parent in adults:
            services.guardianship_create(
                acting=acting, child=child, guardian=parent, kind=GuardianKind.PARENT, start_date=child.birth_date
            )
    for person in [*adults, *children]:
        services.lma_eligibility_create(
            acting=acting, person=person, basis=EligibilityBasis.ASYLUM_SEEKER, start_date=START
        )
        services.accommodation_period_create(
            acting=acting, person=person, kind=AccommodationKind.OWN, food_included=False, start_date=START
        )
    return household


def world_create(make_person: Callable[..., Person], acting: Acting, by_officer: Acting) -> World:
    """Registers the three households; ``by_officer`` issues the December decisions."""

    def adult(given: str, family: str, sex: Sex, **extra: object) -> Person:
        return make_person(given_name=given, family_name=family, sex=sex, birth_date=datetime.date(1990, 4, 2), **extra)

    def child(given: str, family: str, born: datetime.date) -> Person:
        return make_person(given_name=given, family_name=family, sex=Sex.FEMALE, birth_date=born)

    amina = adult("Amina", "Haddad", Sex.FEMALE, preferred_language="en")
    omar = adult("Omar", "Karimi", Sex.MALE, preferred_language="ar")
    sara = adult("Sara", "Tesfay", Sex.FEMALE, protected_identity=True, preferred_language="ti")
    yonas = adult("Yonas", "Bekele", Sex.MALE, preferred_language="sv")
    leyla = adult("Leyla", "Ahmadi", Sex.FEMALE, preferred_language="fa")
    lina = child("Lina", "Haddad", datetime.date(2015, 3, 3))
    sami = child("Sami", "Karimi", datetime.date(2019, 6, 1))
    hanna = child("Hanna", "Bekele", datetime.date(2018, 2, 2))
    households = [
        _household(acting, [amina, omar], [lina, sami], partners=True),
        _household(acting, [sara, yonas], [hanna], partners=True),
        _household(acting, [leyla], [], partners=False),
    ]
    result = World(amina, omar, sara, yonas, leyla, [lina, sami, hanna], households)
    for person in result.adults:
        result.applications[person.pk] = services.permit_application_submit(
            acting=acting, person=person, ground=PermitGround.ASYLUM, submitted_on=START
        )
    for decision in allowance.decisions_issue(acting=by_officer, month=DECEMBER):
        result.decisions[decision.person_id] = decision
    return result


def permit_grant(acting: Acting, application: PermitApplication) -> PermitDecision:
    """Grants a temporary permit from 20 November 2026 for three years."""
    return services.permit_decision_record(
        acting=acting,
        application=application,
        decided_on=datetime.date(2026, 11, 20),
        outcome=DecisionOutcome.GRANTED,
        permit_kind=PermitKind.TEMPORARY,
        valid_from=datetime.date(2026, 11, 20),
        valid_until=datetime.date(2029, 11, 19),
    )


def portal_session_key(person: Person) -> str:
    """A new session in which ``person`` is logged in to Min Sida, made by the login's own function."""
    engine = import_module(settings.SESSION_ENGINE)
    request = HttpRequest()
    request.session = engine.SessionStore()
    portal_login(request, person, method="test")
    request.session.save()
    return str(request.session.session_key)


def portal_client(person: Person, language: str = "en") -> Client:
    """A browser logged in to Min Sida as ``person``, reading pages in ``language``."""
    client = Client()
    client.cookies[settings.SESSION_COOKIE_NAME] = portal_session_key(person)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    return client
