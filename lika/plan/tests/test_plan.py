"""The plan: measures and their history, the report's texts and versions, approval and freezing, permissions,
the protection of the report's figures, and the joint plan's data packages."""

from __future__ import annotations

import datetime
import json
from collections.abc import Callable
from pathlib import Path

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.test import Client

from lika.accounts.models import User
from lika.accounts.roles import Role
from lika.audit.acting import Acting
from lika.audit.models import AuditEvent
from lika.followup.facts.build import facts_rebuild
from lika.followup.facts.export import facts_export
from lika.plan import exchange, services
from lika.plan.models import Agency, Area, ImportedPart, Measure, MeasureChange, MeasureStatus, Report, Section
from lika.plan.report import report_content, report_for, report_years
from lika.testing.pdf import open_pdf, page_text, structure_types


def test_a_measure_keeps_its_history_field_by_field(plan: dict[str, object], strategist: Acting) -> None:
    measure = plan["measure"]
    assert isinstance(measure, Measure)
    services.measure_save(
        acting=Acting(actor=strategist.actor, reason="Follow-up 2025"), measure=measure, status=MeasureStatus.DONE
    )
    changes = list(MeasureChange.objects.filter(measure=measure).order_by("id"))
    assert len(changes) == 2
    assert changes[0].fields["status"] == [None, "planned"]
    assert changes[1].fields == {"status": ["planned", "done"]}
    assert changes[1].reason == "Follow-up 2025"
    # Saving the same values again changes nothing and records nothing.
    services.measure_save(acting=strategist, measure=measure, status=MeasureStatus.DONE)
    assert MeasureChange.objects.filter(measure=measure).count() == 2


def test_not_pursued_needs_a_reason_and_nothing_is_written(plan: dict[str, object], strategist: Acting) -> None:
    measure = plan["measure"]
    assert isinstance(measure, Measure)
    before = (MeasureChange.objects.count(), AuditEvent.objects.count())
    with pytest.raises(ValidationError) as refused:
        services.measure_save(acting=strategist, measure=measure, status=MeasureStatus.NOT_PURSUED)
    assert "reason" in refused.value.message_dict
    measure.refresh_from_db()
    assert measure.status == MeasureStatus.PLANNED
    assert (MeasureChange.objects.count(), AuditEvent.objects.count()) == before


def test_a_case_officer_may_not_change_the_plan(plan: dict[str, object], make_staff: Callable[..., User]) -> None:
    officer = Acting(actor=make_staff(Role.CASE_OFFICER, username="o"), reason="Try")
    area = plan["areas"]
    assert isinstance(area, dict)
    with pytest.raises(ValidationError, match="may not"):
        services.measure_save(acting=officer, measure=None, area=area[1], code="9.9", text="x")
    assert not Measure.objects.filter(code="9.9").exists()


def test_every_save_of_a_text_is_a_version(strategist: Acting) -> None:
    first = services.narrative_save(acting=strategist, year=2025, section=Section.SUMMARY, language="sv", text="Ett")
    again = services.narrative_save(acting=strategist, year=2025, section=Section.SUMMARY, language="sv", text="Ett")
    second = services.narrative_save(acting=strategist, year=2025, section=Section.SUMMARY, language="sv", text="Två")
    assert (first.number, again.number, second.number) == (1, 1, 2)
    assert report_content(2025, "sv")["summary"] == ["Två"]
    # English falls back to the Swedish text, marked.
    assert report_content(2025, "en")["summary"][1:] == ["Två"]
    with pytest.raises(ValidationError) as refused:
        services.narrative_save(acting=strategist, year=2025, section=Section.AREA, language="sv", text="x")
    assert "section" in refused.value.message_dict


def test_the_report_protects_its_figures(plan: dict[str, object], facts: None) -> None:
    content = report_content(2025, "en")
    block = content["areas"][1]["indicators"][0]
    assert block["code"] == "own_card_couples"
    assert not block["missing"]
    years = block["headline"]["columns"][1:]
    row = dict(zip(years, block["headline"]["rows"][0][1:], strict=True))
    # 2024: 19 of 25 couples (76 %); 2025: 13 of 14 would say exactly one couple shares a card, so it is hidden.
    assert row["2024"] == "76.0 %"
    assert row["2025"] == ".. (1)"
    assert block["headline_notes"][0].startswith("(1) ")
    assert "cannot be shown" in block["progress"]
    assert "Target 2024: 93.0 %." in block["progress"]


@pytest.mark.slow
def test_approval_freezes_the_report_byte_for_byte(
    plan: dict[str, object], facts: datetime.date, strategist: Acting, manager: Acting, tmp_path: Path
) -> None:
    services.narrative_save(
        acting=strategist, year=2025, section=Section.SUMMARY, language="sv", text="Året i korthet."
    )
    with pytest.raises(ValidationError, match="may not"):
        services.report_approve(acting=strategist, year=2025)
    report = services.report_approve(acting=manager, year=2025)
    text = "\n".join(page_text(report.pdf("sv")))
    for number in range(1, 6):
        assert f"{number}. Område {number}" in text
    assert "Inget behov" in text  # the appendix says why 1.4 is not pursued
    assert "Kvinnor" in text  # the adults' indicator is split by sex
    with open_pdf(report.pdf("sv")) as document:
        assert document.open_metadata()["pdfuaid:part"] == "1"
        assert document.Root.Lang == "sv"
    tags = structure_types(report.pdf("en"))
    assert {"H1", "H2", "H3", "Table", "TH", "Figure"} <= set(tags)
    assert "Utkast" not in text
    assert "Draft" not in "\n".join(page_text(report.pdf("en")))
    # The texts are frozen; a rebuild of the facts changes nothing that was approved.
    with pytest.raises(ValidationError, match="frozen"):
        services.narrative_save(acting=strategist, year=2025, section=Section.SUMMARY, language="sv", text="Nytt")
    facts_rebuild(as_of=facts, full=True)
    facts_export(tmp_path / "facts")
    call_command(
        "plan", "report", "--year", "2025", "--language", "sv", "--format", "pdf", "--output", str(tmp_path / "r.pdf")
    )
    assert (tmp_path / "r.pdf").read_bytes() == Report.objects.get(year=2025).pdf("sv")
    content, approved = report_for(2025, "sv")
    assert approved is not None
    assert content == report.content["sv"]
    with pytest.raises(ValidationError, match="already approved"):
        services.report_approve(acting=manager, year=2025)


@pytest.mark.slow
def test_a_draft_says_so_on_every_page(plan: dict[str, object], tmp_path: Path) -> None:
    out = tmp_path / "draft.pdf"
    call_command("plan", "report", "--year", "2025", "--language", "en", "--format", "pdf", "--output", str(out))
    pages = page_text(out.read_bytes())
    assert pages
    assert all("Draft: not approved" in page for page in pages)


def test_an_export_imports_into_another_agencys_lika(
    plan: dict[str, object], facts: None, strategist: Acting, tmp_path: Path
) -> None:
    counts = exchange.package_write(acting=strategist, year=2025, directory=tmp_path / "package")
    assert counts["measures"] == 2  # the agency's own measures; the joint one is Försäkringskassan's
    descriptor = json.loads((tmp_path / "package" / "datapackage.json").read_text())
    assert {r["name"] for r in descriptor["resources"]} == {"measures", "figures"}
    figures = (tmp_path / "package" / "figures.csv").read_text()
    assert "own_card_couples,Couples where both adults have their own card,all,.." in figures
    assert "(1)" not in figures
    # The coordinator's Lika: another agency is its own, and the package comes from Migrationsverket.
    Agency.objects.filter(code="migrationsverket").update(own=False)
    Agency.objects.filter(code="forsakringskassan").update(own=True)
    parts = exchange.package_import(acting=strategist, directory=tmp_path / "package")
    assert [(p.agency.code, p.year, len(p.measures)) for p in parts] == [("migrationsverket", 2025, 2)]
    joint = report_content(2025, "en")["imported"]
    assert joint[0]["measures"][0]["status"] in {"Planned", "Not pursued"}


def test_a_wrong_value_is_refused_with_file_line_and_field(
    plan: dict[str, object], facts: None, strategist: Acting, tmp_path: Path
) -> None:
    directory = tmp_path / "package"
    exchange.package_write(acting=strategist, year=2025, directory=directory)
    measures = (directory / "measures.csv").read_text().splitlines()
    line = next(n for n, text in enumerate(measures) if "not_pursued" in text)
    measures[line] = measures[line].replace("not_pursued", "finished")
    (directory / "measures.csv").write_text("\n".join(measures) + "\n")
    Agency.objects.filter(code="migrationsverket").update(own=False)
    before = (ImportedPart.objects.count(), AuditEvent.objects.count())
    with pytest.raises(exchange.PackageRefusedError) as refused:
        exchange.package_import(acting=strategist, directory=directory)
    problems = refused.value.problems
    assert [(p.file, p.line, p.field) for p in problems] == [("measures.csv", line + 1, "status")]
    assert (ImportedPart.objects.count(), AuditEvent.objects.count()) == before


def test_an_unknown_agency_is_refused_whole(plan: dict[str, object], strategist: Acting, tmp_path: Path) -> None:
    directory = tmp_path / "package"
    directory.mkdir()
    agency = Agency.objects.get(code="forsakringskassan")
    (directory / "datapackage.json").write_text(json.dumps(exchange.package_descriptor(agency, 2025)))
    (directory / "measures.csv").write_text(
        ",".join(exchange.MEASURE_FIELDS)
        + "\nforsakringskassan,2025,F.1,1,Text,,done,\nnobody,2025,F.2,1,Text,,done,\n"
    )
    (directory / "figures.csv").write_text(",".join(exchange.FIGURE_FIELDS) + "\n")
    with pytest.raises(exchange.PackageRefusedError) as refused:
        exchange.package_import(acting=strategist, directory=directory)
    assert [(p.file, p.line, p.field) for p in refused.value.problems] == [("measures.csv", 3, "agency")]
    assert not ImportedPart.objects.exists()


def test_pages_by_role(plan: dict[str, object], make_staff: Callable[..., User], client: Client) -> None:
    measure = plan["measure"]
    assert isinstance(measure, Measure)
    officer = make_staff(Role.CASE_OFFICER, username="reader")
    client.force_login(officer)
    assert client.get("/plan/").status_code == 200
    assert client.get(f"/plan/atgard/{measure.pk}/").status_code == 200
    assert client.get(f"/plan/atgard/{measure.pk}/andra/").status_code == 403
    assert client.get("/plan/rapport/2025/godkann/").status_code == 403
    client.force_login(User.objects.get(username="strategist"))
    refused = client.post(
        f"/plan/atgard/{measure.pk}/andra/",
        {
            "area": measure.area_id,
            "code": "2.1",
            "scope": "agency",
            "agency": measure.agency_id,
            "text": "Eget kort",
            "status": "not_pursued",
            "reason": "Test",
        },
    )
    assert refused.status_code == 400
    assert "Skriv varför åtgärden inte genomförs" in refused.content.decode()
    page = client.post(
        "/plan/rapport/2025/text/area-2/sv/", {"text": "Alla vuxna fick eget kort.", "reason": "Första utkast"}
    )
    assert page.status_code == 302
    draft = client.get("/plan/rapport/2025/sv/")
    assert "Alla vuxna fick eget kort." in draft.content.decode()
    assert client.get("/plan/rapport/2025/text/area-9/sv/").status_code == 404
    # The strategist links the measure to the indicator that follows it; a reader may not.
    linked = client.post(
        f"/plan/atgard/{measure.pk}/",
        {"kind": "indicator", "target": "own_card_adults", "label": "Eget kort", "reason": "Följs av"},
    )
    assert linked.status_code == 302
    detail = client.get(f"/plan/atgard/{measure.pk}/").content.decode()
    assert 'href="/uppfoljning/own_card_adults/"' in detail
    # ... and follows area 2 with the decisions indicator, with a target; a wrong year is refused on its field.
    indicator = {"area": measure.area_id, "code": "own_decision", "direction": "up", "reason": "Följs upp"}
    refused = client.post("/plan/indikator/ny/", indicator | {"target": "100"})
    assert refused.status_code == 400
    assert "Ange vilket år siffran gäller." in refused.content.decode()
    assert client.post("/plan/indikator/ny/", indicator | {"target": "100", "target_year": "2026"}).status_code == 302
    overview = client.get("/plan/").content.decode()
    assert "100.0 (2026)" in overview or "100,0 (2026)" in overview
    assert "2026-03-31" in overview  # the final report's deadline, from the assignment's parameters
    client.force_login(officer)
    assert client.post(f"/plan/atgard/{measure.pk}/", {"kind": "part", "target": "/", "label": "x"}).status_code == 403
    assert isinstance(Area.objects.get(number=2), Area)


def test_reports_are_offered_from_the_plans_first_year(plan: dict[str, object], strategist: Acting) -> None:
    today = datetime.date(2026, 12, 6)
    assert report_years(today) == [2026]  # the measures have no start yet
    measure = plan["measure"]
    assert isinstance(measure, Measure)
    services.measure_save(acting=strategist, measure=measure, start=datetime.date(2024, 9, 1))
    assert report_years(today) == [2026, 2025, 2024]
