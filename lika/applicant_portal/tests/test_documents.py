"""The person's own decisions: readable and downloadable, every opening recorded, nobody else's found."""

from __future__ import annotations

import pytest
from django.urls import reverse

from lika.audit.acting import Acting
from lika.audit.actions import Action
from lika.audit.models import AuditEvent
from lika.testing.portal import World, permit_grant, portal_client


@pytest.mark.django_db
def test_the_documents_page_lists_only_own_decisions(world: World, acting: Acting) -> None:
    own = permit_grant(acting, world.applications[world.amina.pk])
    partners = permit_grant(acting, world.applications[world.omar.pk])
    page = portal_client(world.amina).get(reverse("applicant_portal:documents"))
    assert page.status_code == 200
    body = page.content.decode()
    assert world.decisions[world.amina.pk].number in body
    assert world.decisions[world.omar.pk].number not in body
    assert reverse("applicant_portal:permit_decision", args=[own.pk]) in body
    assert reverse("applicant_portal:permit_decision", args=[partners.pk]) not in body


@pytest.mark.django_db
def test_opening_a_decision_is_recorded_without_the_address(world: World) -> None:
    amina, decision = world.amina, world.decisions[world.amina.pk]
    client = portal_client(amina)
    page = client.get(reverse("applicant_portal:allowance_decision", args=[decision.pk]))
    assert page.status_code == 200
    assert decision.number in page.content.decode()
    pdf = client.get(reverse("applicant_portal:allowance_decision_pdf", args=[decision.pk, "sv"]))
    assert pdf.status_code == 200
    assert pdf.content.startswith(b"%PDF-")
    assert pdf["Content-Disposition"] == f'attachment; filename="{decision.number}-sv.pdf"'
    events = list(AuditEvent.objects.filter(action=Action.PORTAL_DECISION_OPEN).order_by("id"))
    assert [(e.object_type, e.object_id, e.details["form"]) for e in events] == [
        ("allowance.decision", str(decision.pk), "html"),
        ("allowance.decision", str(decision.pk), "pdf"),
    ]
    for event in events:
        assert event.actor_label == f"min-sida:person:{amina.pk}"
        assert event.details["person"] == amina.pk
        assert "127.0.0.1" not in str(event.details)
        assert event.occurred_at is not None


@pytest.mark.django_db
def test_a_language_without_a_document_is_not_found(world: World) -> None:
    decision = world.decisions[world.amina.pk]
    response = portal_client(world.amina).get(
        reverse("applicant_portal:allowance_decision_pdf", args=[decision.pk, "ti"])
    )
    assert response.status_code == 404
    assert not AuditEvent.objects.filter(action=Action.PORTAL_DECISION_OPEN).exists()


@pytest.mark.django_db
def test_the_permit_decision_is_a_page_and_a_pdf(world: World, acting: Acting) -> None:
    permit = permit_grant(acting, world.applications[world.leyla.pk])
    client = portal_client(world.leyla)
    page = client.get(reverse("applicant_portal:permit_decision", args=[permit.pk]))
    assert "You have been granted a residence permit from" in page.content.decode()
    pdf = client.get(reverse("applicant_portal:permit_decision_pdf", args=[permit.pk]))
    assert pdf.status_code == 200
    assert pdf.content.startswith(b"%PDF-")
    assert (
        AuditEvent.objects.filter(
            action=Action.PORTAL_DECISION_OPEN, object_type="people.permitdecision", object_id=str(permit.pk)
        ).count()
        == 2
    )


@pytest.mark.django_db
def test_a_partners_decision_is_not_found_and_not_recorded(world: World, acting: Acting) -> None:
    """Another adult's decision answers 404, the same as a decision that does not exist."""
    partner_decision = world.decisions[world.sara.pk]
    permit = permit_grant(acting, world.applications[world.sara.pk])
    client = portal_client(world.yonas)
    for url in (
        reverse("applicant_portal:allowance_decision", args=[partner_decision.pk]),
        reverse("applicant_portal:allowance_decision_pdf", args=[partner_decision.pk, "sv"]),
        reverse("applicant_portal:permit_decision", args=[permit.pk]),
        reverse("applicant_portal:permit_decision_pdf", args=[permit.pk]),
        reverse("applicant_portal:allowance_decision", args=[999_999]),
    ):
        assert client.get(url).status_code == 404, url
    assert not AuditEvent.objects.filter(action=Action.PORTAL_DECISION_OPEN).exists()
