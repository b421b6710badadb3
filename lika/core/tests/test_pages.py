from __future__ import annotations

import datetime
import re
from collections.abc import Callable
from io import StringIO

import pytest
from django.contrib.auth.models import Permission
from django.core.management import CommandError, call_command
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation

from lika.accounts.models import User
from lika.accounts.roles import Role
from lika.audit.acting import Acting
from lika.audit.models import AuditEvent
from lika.people import services
from lika.people.models import EligibilityBasis, MemberRole, Person, RegistrySnapshot, Sex
from lika.people.selectors import person_search, registry_summary

pytestmark = pytest.mark.django_db


@pytest.fixture
def registry(make_person: Callable[..., Person], acting: Acting) -> dict[str, Person]:
    """A couple with a child, a single mother of two, a single man, and a person of unknown sex."""
    today = timezone.localdate()
    start = today - datetime.timedelta(days=100)
    people = {
        "wife": make_person(sex=Sex.FEMALE),
        "husband": make_person(sex=Sex.MALE),
        "child": make_person(sex=Sex.MALE, birth_date=datetime.date(2020, 1, 1)),
        "mother": make_person(sex=Sex.FEMALE),
        "girl": make_person(sex=Sex.FEMALE, birth_date=datetime.date(2019, 1, 1)),
        "boy": make_person(sex=Sex.MALE, birth_date=datetime.date(2021, 1, 1)),
        "single": make_person(sex=Sex.MALE),
        "unknown": make_person(sex=Sex.UNKNOWN),
    }
    adult, child = MemberRole.ADULT, MemberRole.CHILD
    for members in (
        [("wife", adult), ("husband", adult), ("child", child)],
        [("mother", adult), ("girl", child), ("boy", child)],
        [("single", adult)],
        [("unknown", adult)],
    ):
        services.household_create(
            acting=acting, start_date=start, members=[services.Member(people[name], role) for name, role in members]
        )
    for name in ("wife", "husband", "child", "single"):
        services.lma_eligibility_create(
            acting=acting, person=people[name], basis=EligibilityBasis.ASYLUM_SEEKER, start_date=start
        )
    # An LMA period that has ended does not count today.
    services.lma_eligibility_create(
        acting=acting,
        person=people["mother"],
        basis=EligibilityBasis.ASYLUM_SEEKER,
        start_date=start,
        end_date=today - datetime.timedelta(days=1),
    )
    return people


def test_registry_summary_splits_every_figure_by_sex(registry: dict[str, Person]) -> None:
    summary = registry_summary(on=timezone.localdate())
    assert (summary.persons.female, summary.persons.male, summary.persons.unknown) == (3, 4, 1)
    assert (summary.lma_recipients.female, summary.lma_recipients.male, summary.lma_recipients.unknown) == (1, 3, 0)
    households = summary.households
    assert (households.women_and_men, households.women_only, households.men_only, households.other) == (1, 1, 1, 1)


def test_start_page_shows_the_latest_snapshot_to_staff_with_statistics(
    client: Client, make_staff: Callable[..., User], registry: dict[str, Person]
) -> None:
    client.force_login(make_staff(Role.ANALYST))
    before = client.get(reverse("core:start"))
    assert before.context["summary"] is None
    assert "registry-snapshot" in before.content.decode()
    call_command("registry_snapshot", stdout=StringIO())
    response = client.get(reverse("core:start"))
    assert response.status_code == 200
    summary = response.context["summary"]
    live = registry_summary(on=timezone.localdate())
    assert (summary.persons, summary.lma_recipients, summary.households) == (
        live.persons,
        live.lma_recipients,
        live.households,
    )
    assert (summary.persons.female, summary.persons.male, summary.persons.unknown) == (3, 4, 1)
    assert (summary.lma_recipients.female, summary.lma_recipients.male) == (1, 3)
    assert summary.households.total == 4
    assert summary.taken_at is not None
    cells = re.findall(r'<td class="number">(\d+)</td>', response.content.decode())
    assert cells[:8] == ["3", "4", "1", "8", "1", "3", "0", "4"]  # persons, then LMA: women, men, unknown, total


def test_registry_snapshot_job_refuses_a_bad_date() -> None:
    with pytest.raises(CommandError, match="YYYY-MM-DD"):
        call_command("registry_snapshot", "--on", "22/11/2026")
    assert not RegistrySnapshot.objects.exists()


def test_health_answers_without_login(client: Client) -> None:
    response = client.get(reverse("core:health"))
    assert response.status_code == 200
    assert response.json()["status"] == "ok"


def test_person_list_uses_a_fixed_number_of_queries(
    client: Client, make_staff: Callable[..., User], registry: dict[str, Person], make_person: Callable[..., Person]
) -> None:
    client.force_login(make_staff(Role.CASE_OFFICER))
    with CaptureQueriesContext(connection) as few:
        client.get(reverse("people:person_list"))
    for _extra in range(10):
        make_person()
    with CaptureQueriesContext(connection) as many:
        response = client.get(reverse("people:person_list"))
    assert response.context["page"].paginator.count == 18
    assert len(many) == len(few)


def test_person_search_finds_by_dossier_number(
    client: Client, make_staff: Callable[..., User], registry: dict[str, Person]
) -> None:
    client.force_login(make_staff(Role.CASE_OFFICER))
    wanted = registry["mother"]
    response = client.post(reverse("people:person_list"), {"q": wanted.dossier_number}, follow=True)
    assert list(response.context["page"].object_list) == [wanted]


def test_person_search_by_number_prefix_and_name(make_person: Callable[..., Person]) -> None:
    first = make_person(dossier_number="55500001", family_name="Haile")
    second = make_person(
        dossier_number="55500099",
        family_name="Hassan",
        personal_number="19811228-9874",
        birth_date=datetime.date(1981, 12, 28),
    )
    make_person(dossier_number="55600000", family_name="Yusuf")
    make_person(dossier_number="555900", family_name="Other")
    assert set(person_search(query="555000")) == {first, second}
    assert list(person_search(query="19811228-9874")) == [second]
    assert list(person_search(query="198112")) == [second]
    assert set(person_search(query="ha")) == {first, second}
    assert list(person_search(query="has 555")) == [second]
    assert list(person_search(query="999")) == []
    nines = make_person(dossier_number="9999999001", family_name="Nine")
    assert list(person_search(query="9999")) == [nines]
    assert list(person_search(query="²")) == []  # a superscript two is not a digit of a number


def test_reading_a_protected_person_is_recorded(
    client: Client, make_staff: Callable[..., User], make_person: Callable[..., Person]
) -> None:
    person = make_person(protected_identity=True, given_name="Hidden")
    officer = make_staff(Role.CASE_OFFICER)
    client.force_login(officer)
    listing = client.get(reverse("people:person_list")).content.decode()
    assert "Hidden" not in listing
    assert client.get(reverse("people:person_detail", args=[person.pk])).status_code == 200
    event = AuditEvent.objects.get(action="person.read_protected")
    assert (event.actor, event.object_id) == (officer, str(person.pk))


def test_reading_an_ordinary_person_is_not_recorded(
    client: Client, make_staff: Callable[..., User], make_person: Callable[..., Person]
) -> None:
    person = make_person()
    client.force_login(make_staff(Role.CASE_OFFICER))
    client.get(reverse("people:person_detail", args=[person.pk]))
    assert not AuditEvent.objects.filter(action="person.read_protected").exists()


def test_household_page_lists_every_adult_without_a_head(
    client: Client, make_staff: Callable[..., User], registry: dict[str, Person]
) -> None:
    client.force_login(make_staff(Role.APPROVER))
    household_id = registry["wife"].memberships.get().household_id
    page = client.get(reverse("people:household_detail", args=[household_id])).content.decode()
    assert registry["wife"].full_name in page
    assert registry["husband"].full_name in page
    assert client.get(reverse("people:household_detail", args=[999999])).status_code == 404


def test_person_form_registers_through_the_service(client: Client, make_staff: Callable[..., User]) -> None:
    client.force_login(make_staff(Role.CASE_OFFICER))
    data = {
        "dossier_number": "12345678",
        "given_name": "Sara",
        "family_name": "Haile",
        "birth_date": "1995-06-01",
        "sex": "female",
        "country_of_birth": "ER",
        "citizenship": "ER",
        "preferred_language": "ti",
        "personal_number": "",
        "reason": "New application",
    }
    response = client.post(reverse("people:person_create"), data)
    person = Person.objects.get(dossier_number="12345678")
    assert response["Location"] == reverse("people:person_detail", args=[person.pk])
    assert AuditEvent.objects.filter(action="person.create", object_id=str(person.pk)).exists()


def test_person_form_shows_service_errors_on_the_field(client: Client, make_staff: Callable[..., User]) -> None:
    client.force_login(make_staff(Role.CASE_OFFICER))
    data = {
        "dossier_number": "12345679",
        "given_name": "Sara",
        "family_name": "Haile",
        "birth_date": "1981-12-28",
        "sex": "female",
        "country_of_birth": "ER",
        "preferred_language": "ti",
        "personal_number": "19811228-9875",
        "reason": "New application",
    }
    response = client.post(reverse("people:person_create"), data)
    assert response.status_code == 400
    assert response.context["form"].errors["personal_number"]
    assert not Person.objects.filter(dossier_number="12345679").exists()


def test_a_search_by_personal_number_never_stands_in_an_address(
    client: Client, make_staff: Callable[..., User], make_person: Callable[..., Person]
) -> None:
    """Issue 16, defect 8: the search was a GET form, so numbers went to access logs and browser history."""
    wanted = make_person(personal_number="198507099805", given_name="Wanted", birth_date=datetime.date(1985, 7, 9))
    for number in range(60):
        make_person(given_name=f"Other{number}", family_name="Many")
    client.force_login(make_staff(Role.CASE_OFFICER))
    url = reverse("people:person_list")
    sent = client.post(url, {"q": "198507099805"})
    assert (sent.status_code, sent["Location"]) == (302, url)
    shown = client.get(url)
    assert list(shown.context["page"].object_list) == [wanted]
    assert "198507099805" in shown.content.decode()  # the box still shows what was asked
    client.post(url, {"q": "Many"})
    page_two = client.get(url, {"page": 2})
    assert page_two.context["page"].number == 2
    assert all(person.family_name == "Many" for person in page_two.context["page"].object_list)
    assert 'href="?page=1"' in page_two.content.decode()
    assert 'method="post"' in page_two.content.decode()
    ignored = client.get(url, {"q": "198507099805"})
    assert wanted not in ignored.context["page"].object_list, "a number in the address is not a search"


def test_protected_person_is_found_only_by_their_whole_number(
    client: Client, make_staff: Callable[..., User], make_person: Callable[..., Person]
) -> None:
    hidden = make_person(protected_identity=True, given_name="Secret", family_name="Person", dossier_number="30000077")
    make_person(given_name="Open", family_name="Person")
    client.force_login(make_staff(Role.CASE_OFFICER))
    for query in ("", "Secret", "Person", "3000007"):
        page = client.post(reverse("people:person_list"), {"q": query}, follow=True)
        assert hidden not in page.context["page"].object_list, query
        assert "Protected identity" not in page.content.decode()
    found = client.post(reverse("people:person_list"), {"q": "30000077"}, follow=True)
    assert list(found.context["page"].object_list) == [hidden]
    assert "Secret" not in found.content.decode()
    with translation.override("en"):
        assert str(hidden) == "Protected identity (30000077)"


def test_household_page_records_showing_a_protected_member(
    client: Client, make_staff: Callable[..., User], make_person: Callable[..., Person], acting: Acting
) -> None:
    hidden = make_person(protected_identity=True, given_name="Secret")
    partner = make_person(given_name="Known")
    household = services.household_create(
        acting=acting,
        start_date=datetime.date(2025, 1, 1),
        members=[services.Member(hidden, MemberRole.ADULT), services.Member(partner, MemberRole.ADULT)],
    )
    officer = make_staff(Role.CASE_OFFICER)
    client.force_login(officer)
    page = client.get(reverse("people:household_detail", args=[household.pk])).content.decode()
    assert "Secret" not in page
    assert "Known" in page
    event = AuditEvent.objects.get(action="person.read_protected")
    assert (event.actor, event.object_id) == (officer, str(hidden.pk))


def test_viewer_without_the_right_is_refused_and_the_attempt_recorded(
    client: Client, make_person: Callable[..., Person], acting: Acting
) -> None:
    hidden = make_person(protected_identity=True)
    household = services.household_create(
        acting=acting, start_date=datetime.date(2025, 1, 1), members=[services.Member(hidden, MemberRole.ADULT)]
    )
    viewer = User.objects.create_user(username="reader", password="x")
    viewer.user_permissions.set(
        Permission.objects.filter(content_type__app_label="people", codename__in=["view_person", "view_household"])
    )
    client.force_login(viewer)
    assert client.get(reverse("people:person_detail", args=[hidden.pk])).status_code == 403
    assert client.get(reverse("people:household_detail", args=[household.pk])).status_code == 403
    assert AuditEvent.objects.filter(action="person.read_protected_refused", actor=viewer).count() == 2
    assert not AuditEvent.objects.filter(action="person.read_protected").exists()


def test_admin_lists_no_protected_person(
    client: Client, make_staff: Callable[..., User], make_person: Callable[..., Person]
) -> None:
    make_person(protected_identity=True, given_name="Secret")
    make_person(given_name="Open")
    client.force_login(make_staff(Role.ADMINISTRATOR))
    page = client.get("/admin/people/person/").content.decode()
    assert "Open" in page
    assert "Secret" not in page


@pytest.mark.parametrize(
    ("role", "shown"), [(Role.SURVEY_LEAD, True), (Role.OBSERVER, True), (Role.CASE_OFFICER, False)]
)
def test_the_menu_leads_survey_leads_and_observers_to_the_treatment_surveys(
    client: Client, make_staff: Callable[..., User], role: Role, shown: bool
) -> None:
    """Issue 15: their start page said the tools were in the menu, and the menu had no link to them."""
    client.force_login(make_staff(role))
    link = f'href="{reverse("treatment_survey:survey_list")}"'
    assert (link in client.get(reverse("core:start")).content.decode()) is shown
