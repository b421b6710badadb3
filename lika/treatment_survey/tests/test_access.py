"""Who may open which treatment-survey page: every URL tried with the test client for each kind of user."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.test import Client
from django.urls import reverse

from lika.accounts.models import User
from lika.accounts.roles import Role
from lika.treatment_survey import services
from lika.treatment_survey.tests.factories import Planned

pytestmark = pytest.mark.django_db

# Pages of one survey that only its lead may open, with the method used to reach them.
LEAD_ONLY = (
    ("get", "sampling_plan", ()),
    ("post", "sampling_plan", ()),
    ("get", "officer_codes_csv", ()),
    ("post", "survey_change", ("rules",)),
    ("post", "survey_change", ("codes",)),
    ("get", "observations_import", ()),
    ("post", "observations_import", ()),
    ("get", "report", ()),
    ("get", "report_pdf", ("sv",)),
)
# Pages of one survey that its own observers may open too.
OBSERVER_PAGES = (("get", "survey_detail", ()), ("get", "protocol_xlsform", ()), ("get", "session_open", ()))


def _status(client: Client, method: str, name: str, survey_id: int, extra: tuple[str, ...]) -> int:
    url = reverse(f"treatment_survey:{name}", args=[survey_id, *extra])
    response = client.post(url, {}) if method == "post" else client.get(url)
    return response.status_code


@pytest.fixture
def session_id(planned: Planned) -> int:
    session = services.session_open(
        acting=planned.acting,
        survey=planned.survey,
        observer=planned.observers["OBS-1"],
        site=planned.sites["MALMO"],
        channel="office",
        day=planned.survey.first_day,
    )
    return session.pk


@pytest.mark.parametrize(("method", "name", "extra"), LEAD_ONLY)
def test_an_observer_of_the_survey_cannot_reach_the_lead_s_pages(
    client: Client, planned: Planned, method: str, name: str, extra: tuple[str, ...]
) -> None:
    client.force_login(planned.observer_user)
    assert _status(client, method, name, planned.survey.pk, extra) == 403


@pytest.mark.parametrize("role", [Role.CASE_OFFICER, Role.APPROVER, Role.COMMUNICATOR, Role.ANALYST, Role.MANAGER])
def test_staff_of_other_roles_reach_no_survey_page(
    client: Client, planned: Planned, session_id: int, make_staff: Callable[..., User], role: Role
) -> None:
    client.force_login(make_staff(role))
    survey_id = planned.survey.pk
    for method, name, extra in (*LEAD_ONLY, *OBSERVER_PAGES):
        assert _status(client, method, name, survey_id, extra) == 403, name
    for name in ("survey_list", "survey_create", "sample_size"):
        assert client.get(reverse(f"treatment_survey:{name}")).status_code == 403, name
    session_url = reverse("treatment_survey:session", args=[survey_id, session_id])
    assert client.get(session_url).status_code == 403


def test_an_observer_of_another_survey_cannot_open_this_one(
    client: Client, planned: Planned, session_id: int, make_staff: Callable[..., User]
) -> None:
    outsider = make_staff(Role.OBSERVER, username="outsider")
    other = services.survey_create(
        acting=planned.acting,
        name="Another survey",
        first_day=planned.survey.first_day,
        last_day=planned.survey.last_day,
        channels=["phone"],
    )
    services.observer_add(acting=planned.acting, survey=other, code="OBS-9", user=outsider)
    client.force_login(outsider)
    for method, name, extra in OBSERVER_PAGES:
        assert _status(client, method, name, planned.survey.pk, extra) == 403, name
    session_url = reverse("treatment_survey:session", args=[planned.survey.pk, session_id])
    assert client.get(session_url).status_code == 403
    assert "Test survey" not in client.get(reverse("treatment_survey:survey_list")).content.decode()


def test_an_observer_s_survey_page_shows_none_of_the_lead_s_set_up(client: Client, planned: Planned) -> None:
    client.force_login(planned.observer_user)
    page = client.get(reverse("treatment_survey:survey_detail", args=[planned.survey.pk])).content.decode()
    assert reverse("treatment_survey:officer_codes_csv", args=[planned.survey.pk]) not in page
    assert reverse("treatment_survey:sampling_plan", args=[planned.survey.pk]) not in page
    assert 'name="rules-pass_mark"' not in page
    assert not any(code in page for code in planned.officers)
