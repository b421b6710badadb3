"""The screens: set-up by the lead, the observer's form, imports, the report page and its PDF, planning and practice pages."""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Iterator
from typing import Any

import openpyxl
import pikepdf
import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from lika.testing.files import UNREADABLE_FILES, UnreadableFile
from lika.testing.spreadsheets import FORMULA_TEXTS, live_formulas
from lika.treatment_survey import services
from lika.treatment_survey.imports.example_files import odk_files
from lika.treatment_survey.models import Observation, Session, Site, Slot, Survey
from lika.treatment_survey.tests.factories import Planned

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _english() -> Iterator[None]:
    """Pages are read in English here, the source language of Lika's texts."""
    with translation.override("en"):
        yield


@pytest.fixture
def lead(client: Client, planned: Planned) -> Client:
    client.force_login(planned.lead)
    client.cookies["lika_language"] = "en"
    return client


@pytest.fixture
def imported(planned: Planned) -> Planned:
    services.observations_import(acting=planned.acting, survey=planned.survey, files=odk_files(planned.records(360)))
    return planned


def test_a_lead_creates_a_survey_and_lands_on_its_page(lead: Client) -> None:
    response = lead.post(
        reverse("treatment_survey:survey_create"),
        {
            "name": "Embassies, autumn 2026",
            "first_day": "2026-09-01",
            "last_day": "2026-11-30",
            "channels": ["embassy"],
            "pass_mark": "0.8",
            "double_coded_share": "0.1",
            "min_officers": "5",
            "min_contacts": "20",
            "reason": "Planned with the embassies",
        },
    )
    survey = Survey.objects.get(name="Embassies, autumn 2026")
    assert response.status_code == 302
    assert response["Location"] == reverse("treatment_survey:survey_detail", args=[survey.pk])
    assert survey.channels == ["embassy"]


def test_a_refused_set_up_is_shown_on_its_field(lead: Client, planned: Planned) -> None:
    url = reverse("treatment_survey:survey_change", args=[planned.survey.pk, "site"])
    response = lead.post(url, {"site-code": "KC", "site-name": "Again", "site-channels": ["phone"], "site-reason": "x"})
    assert response.status_code == 400
    assert "already has a site with this code" in response.content.decode()


def test_the_survey_list_takes_the_same_queries_for_one_survey_as_for_many(lead: Client, planned: Planned) -> None:
    url = reverse("treatment_survey:survey_list")
    with CaptureQueriesContext(connection) as one:
        lead.get(url)
    for number in range(5):
        services.survey_create(
            acting=planned.acting,
            name=f"Survey {number}",
            first_day=planned.survey.first_day,
            last_day=planned.survey.last_day,
            channels=["phone"],
        )
    with CaptureQueriesContext(connection) as six:
        response = lead.get(url)
    assert response.status_code == 200
    assert len(six.captured_queries) == len(one.captured_queries)


def test_the_protocol_downloads_as_an_xlsform(lead: Client, planned: Planned) -> None:
    response = lead.get(reverse("treatment_survey:protocol_xlsform", args=[planned.survey.pk]))
    assert response.status_code == 200
    names = zipfile.ZipFile(io.BytesIO(response.content)).namelist()
    assert "xl/workbook.xml" in names


def test_a_site_named_like_a_formula_is_text_in_the_xlsform_and_the_codes_file_has_no_formula(
    lead: Client, planned: Planned
) -> None:
    site = Site.objects.filter(survey=planned.survey).order_by("pk")[0]
    Site.objects.filter(pk=site.pk).update(name=FORMULA_TEXTS[0])
    response = lead.get(reverse("treatment_survey:protocol_xlsform", args=[planned.survey.pk]))
    assert live_formulas(response.content) == []
    workbook = openpyxl.load_workbook(io.BytesIO(response.content))
    texts = {cell for sheet in workbook.worksheets for row in sheet.iter_rows(values_only=True) for cell in row}
    assert FORMULA_TEXTS[0] in texts
    codes = lead.get(reverse("treatment_survey:officer_codes_csv", args=[planned.survey.pk]))
    assert codes["Content-Type"].startswith("text/csv")
    assert live_formulas(codes.content) == []


def test_the_sampling_plan_is_drawn_from_the_page(lead: Client, planned: Planned) -> None:
    site = planned.sites["NAIROBI"]
    response = lead.post(
        reverse("treatment_survey:sampling_plan", args=[planned.survey.pk]),
        {f"slots_{site.pk}_embassy": "4", "opens": "09:00", "closes": "15:00", "minutes": "60", "reason": "Plan"},
    )
    assert response.status_code == 302
    assert Slot.objects.filter(survey=planned.survey).count() == 4
    page = lead.get(reverse("treatment_survey:sampling_plan", args=[planned.survey.pk])).content.decode()
    assert "S004" in page


def test_an_import_with_a_mistake_lists_file_line_and_column_and_imports_nothing(
    lead: Client, planned: Planned
) -> None:
    files = odk_files(planned.records(60))
    main_name, main = files[0]
    broken = main.decode().replace("OBS-2", "OBS-9", 1).encode()
    uploads = [_upload(main_name, broken), _upload(*files[1])]
    response = lead.post(
        reverse("treatment_survey:observations_import", args=[planned.survey.pk]),
        {"export_files": uploads, "reason": "Week 1"},
    )
    assert response.status_code == 400
    text = response.content.decode()
    assert re.search(r"bemotande_demo\.csv, line \d+, column session-observer_code", text)
    assert not Observation.objects.exists()


def test_an_import_from_the_page_stores_the_observations(lead: Client, planned: Planned) -> None:
    records = planned.records(60)
    response = lead.post(
        reverse("treatment_survey:observations_import", args=[planned.survey.pk]),
        {"export_files": [_upload(name, data) for name, data in odk_files(records)], "reason": "Week 1"},
    )
    assert response.status_code == 302
    assert Observation.objects.count() == len(records)


@pytest.mark.parametrize("unreadable", UNREADABLE_FILES, ids=[f.case for f in UNREADABLE_FILES])
def test_an_export_lika_cannot_read_is_refused_on_the_page_naming_file_and_line(
    lead: Client, planned: Planned, unreadable: UnreadableFile
) -> None:
    """A Latin-1 or UTF-16 file, a workbook cut off, a .zip that is none: a plain refusal that says where."""
    response = lead.post(
        reverse("treatment_survey:observations_import", args=[planned.survey.pk]),
        {"export_files": [_upload(unreadable.name, unreadable.content)], "reason": "Week 1"},
    )
    assert response.status_code == 400
    [problem] = response.context["problems"]
    place = unreadable.name if unreadable.line is None else f"{unreadable.name}, line {unreadable.line}"
    assert problem.startswith(f"{place}: ")
    assert unreadable.says in problem
    assert not Observation.objects.exists()


def test_an_export_larger_than_the_limit_is_refused_on_the_page(lead: Client, planned: Planned, settings: Any) -> None:
    name, data = odk_files(planned.records(6))[0]
    settings.LIKA_FILE_MAX_BYTES = len(data) - 1
    response = lead.post(
        reverse("treatment_survey:observations_import", args=[planned.survey.pk]),
        {"export_files": [_upload(name, data)], "reason": "Week 1"},
    )
    assert response.status_code == 400
    [problem] = response.context["problems"]
    assert problem.startswith(f"{name}: ")
    assert "larger than" in problem
    assert not Observation.objects.exists()


def _upload(name: str, data: bytes) -> io.BytesIO:
    upload = io.BytesIO(data)
    upload.name = name
    return upload


def test_the_observer_form_asks_only_what_can_apply_in_the_channel(client: Client, planned: Planned) -> None:
    client.force_login(planned.observer_user)
    client.cookies["lika_language"] = "en"
    response = client.post(
        reverse("treatment_survey:session_open", args=[planned.survey.pk]),
        {"place": f"{planned.sites['KC'].pk}:phone", "day": "2026-09-14"},
    )
    session = Session.objects.get()
    assert response["Location"] == reverse("treatment_survey:session", args=[planned.survey.pk, session.pk])
    page = client.get(response["Location"]).content.decode()
    assert 'name="offered_choice"' in page
    assert 'name="told_why_leaving"' in page
    assert 'data-when="officer_left"' in page
    assert 'name="eye_contact"' not in page
    assert 'name="smiled"' not in page
    answers = {
        "contact_code": "s001-1",
        "second_observer": "no",
        "officer_code": planned.officers[3],
        "client_sex": "male",
        "client_sex_basis": "recorded",
        "interpreter": "no",
        "companion": "no",
        "officer_left": "no",
        "told_why_leaving": "yes",  # left checked in a hidden question: dropped, never stored
        "client_humour": "no",
        "client_question": "no",
        "offered_choice": "yes",
        "unrequested_information": "no",
    }
    saved = client.post(reverse("treatment_survey:session", args=[planned.survey.pk, session.pk]), answers)
    assert saved.status_code == 302
    observation = Observation.objects.get()
    assert observation.contact_code == "S001-1"
    assert "told_why_leaving" not in observation.answers
    assert observation.answers["offered_choice"] == "yes"


def test_an_observer_cannot_use_another_observer_s_session(client: Client, planned: Planned) -> None:
    session = services.session_open(
        acting=planned.acting,
        survey=planned.survey,
        observer=planned.observers["OBS-2"],
        site=planned.sites["MALMO"],
        channel="office",
        day=planned.survey.first_day,
    )
    client.force_login(planned.observer_user)
    assert client.get(reverse("treatment_survey:session", args=[planned.survey.pk, session.pk])).status_code == 403


def test_an_observer_does_not_see_the_report(client: Client, planned: Planned) -> None:
    client.force_login(planned.observer_user)
    assert client.get(reverse("treatment_survey:report", args=[planned.survey.pk])).status_code == 403


def test_the_report_shows_the_difference_its_interval_and_the_exercise_but_no_officer_code(
    lead: Client, imported: Planned
) -> None:
    response = lead.get(reverse("treatment_survey:report", args=[imported.survey.pk]))
    assert response.status_code == 200
    page = response.content.decode()
    assert "Offered a choice: women" in page
    assert "holds after adjustment for many tests" in page
    assert "/kompetens/ovningar/?behaviour=offered_choice" in page
    assert 'src="data:image/svg+xml;base64,' in page
    assert "filled circles, solid lines" in page
    assert not any(code in page for code in imported.officers)


def test_the_report_pdf_is_tagged_and_titled_in_its_language(lead: Client, imported: Planned) -> None:
    response = lead.get(reverse("treatment_survey:report_pdf", args=[imported.survey.pk, "en"]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    with pikepdf.open(io.BytesIO(response.content)) as pdf:
        assert str(pdf.Root.Lang) == "en"
        assert bool(pdf.Root.MarkInfo.Marked)
        assert str(pdf.open_metadata().get("dc:title")) == "Treatment survey: Test survey"
    assert lead.get(reverse("treatment_survey:report_pdf", args=[imported.survey.pk, "de"])).status_code == 404


def test_the_sample_size_page_computes_the_plan(lead: Client) -> None:
    response = lead.get(
        reverse("treatment_survey:sample_size"),
        {
            "share_women": "40",
            "share_men": "60",
            "power": "0.8",
            "contacts_per_officer": "1",
            "icc": "0",
            "applicable": "100",
        },
    )
    assert response.status_code == 200
    assert response.context["result"].per_group == 107


def test_the_old_case_exercise_addresses_lead_to_the_competence_exercises(client: Client, planned: Planned) -> None:
    client.force_login(planned.observer_user)
    response = client.get(reverse("treatment_survey:practice", args=["offered_choice"]))
    assert response.status_code == 302
    assert response["Location"] == "/kompetens/ovningar/?behaviour=offered_choice"
    assert client.get(reverse("treatment_survey:practice_index"))["Location"] == "/kompetens/ovningar/"
    assert client.get(reverse("treatment_survey:practice", args=["nothing"])).status_code == 404
