"""Every Min Sida page, requested as every other adult: nothing of anyone else's is found or shown.

Each adult of three households (a couple with children, a couple in which Sara has a protected
identity, a woman living alone) has a permit decision, the permit message, an allowance decision,
a thread with the agency with an attachment, and a thread of their own. Then every adult asks for
every other adult's objects (404 each time, as for an id that does not exist), and every adult's own
pages are searched for any other adult's name or dossier number.
"""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.urls import reverse

from lika.applicant_portal.models import Sender, Thread
from lika.applicant_portal.services.messages import Upload, portal_acting, thread_start
from lika.applicant_portal.services.permit_messages import permit_messages_send
from lika.applicant_portal.tests.factories import PDF
from lika.audit.acting import Acting
from lika.people.models import Person
from lika.testing.portal import World, permit_grant, portal_client

OWN_PAGES = (
    "applicant_portal:timeline",
    "applicant_portal:documents",
    "applicant_portal:activities",
    "applicant_portal:messages",
)


def _object_urls(world: World, person: Person) -> list[str]:
    """Every address in Min Sida that names one of the person's objects."""
    decision = world.decisions[person.pk]
    permit = person.permit_applications.get().decisions.get()
    urls = [
        reverse("applicant_portal:allowance_decision", args=[decision.pk]),
        reverse("applicant_portal:permit_decision", args=[permit.pk]),
        reverse("applicant_portal:permit_decision_pdf", args=[permit.pk]),
    ]
    urls += [
        reverse("applicant_portal:allowance_decision_pdf", args=[decision.pk, language])
        for language in decision.documents.values_list("language", flat=True)
    ]
    for thread in Thread.objects.filter(person=person):
        urls.append(reverse("applicant_portal:thread", args=[thread.pk]))
        for message in thread.messages.all():
            urls += [reverse("applicant_portal:attachment", args=[a.pk]) for a in message.attachments.all()]
    return urls


@pytest.fixture
def full_world(world: World, acting: Acting, by_officer: Acting) -> World:
    for person in world.adults:
        permit_grant(acting, world.applications[person.pk])
        thread_start(
            acting=by_officer,
            person=person,
            sender=Sender.AGENCY,
            subject=f"About your case, {person.given_name}",
            body=f"Dear {person.full_name} ({person.dossier_number}), please read the attached form.",
            uploads=[Upload("form.pdf", PDF)],
        )
        thread_start(
            acting=portal_acting(person, "Test"),
            person=person,
            sender=Sender.PERSON,
            subject=f"From {person.given_name}",
            body=f"I am {person.full_name}.",
            uploads=[Upload("me.pdf", PDF)],
        )
    permit_messages_send(acting=Acting(actor=None, actor_label="test", reason="Permit granted"))
    return world


def _identifying(person: Person) -> list[str]:
    return [person.given_name, person.family_name, person.dossier_number]


@pytest.mark.django_db
def test_every_portal_url_is_covered_by_the_matrix() -> None:
    """A new portal page must be added to this matrix: the test lists the names it knows."""
    from lika.applicant_portal import portal_urls

    known = {
        "timeline",
        "documents",
        "allowance_decision",
        "allowance_decision_pdf",
        "permit_decision",
        "permit_decision_pdf",
        "messages",
        "thread",
        "attachment",
        "activities",  # among OWN_PAGES
        # A sign-up names an activity, which is no one's own object; it enrols only the person logged in
        # (lika/partners/tests/test_min_sida.py).
        "activity_sign_up",
        # A mailing's link names the mailing, not a person's object; it leads on only for one of its recipients
        # and answers 404 to anyone else (lika/applicant_portal/tests/test_mailings.py).
        "mailing_follow",
    }
    assert {pattern.name for pattern in portal_urls.urlpatterns} == known


@pytest.mark.django_db
def test_no_adult_reaches_another_adults_objects(full_world: World) -> None:
    world = full_world
    urls = {person.pk: _object_urls(world, person) for person in world.adults}
    for viewer in world.adults:
        client = portal_client(viewer)
        for url in urls[viewer.pk]:
            assert client.get(url).status_code == 200, (viewer.given_name, url)
        for owner in world.adults:
            if owner == viewer:
                continue
            for url in urls[owner.pk]:
                response = client.get(url)
                assert response.status_code == 404, (viewer.given_name, owner.given_name, url)
                for text in _identifying(owner):
                    assert text.encode() not in response.content


@pytest.mark.django_db
def test_own_pages_never_show_another_adult(full_world: World) -> None:
    world = full_world
    for viewer in world.adults:
        client = portal_client(viewer)
        own_urls = [reverse(name) for name in OWN_PAGES] + _object_urls(world, viewer)
        pages = [client.get(url) for url in own_urls if not url.endswith(".pdf") and "/bilagor/" not in url]
        for page in pages:
            assert page.status_code == 200
            body = page.content.decode()
            for other in world.adults:
                if other == viewer:
                    continue
                for text in _identifying(other):
                    assert text not in body, (viewer.given_name, other.given_name, page.request["PATH_INFO"])
        # The pages do show the viewer's own things, so the search above looked at real content.
        everything = "".join(page.content.decode() for page in pages)
        assert f"About your case, {viewer.given_name}" in everything
        assert world.decisions[viewer.pk].number in everything


@pytest.fixture
def decision_layouts(monkeypatch: pytest.MonkeyPatch) -> list[dict[str, Any]]:
    """The content of every allowance decision PDF made from now on, as handed to Typst.

    The PDF's own bytes cannot be searched: Typst compresses the text and writes it as glyph numbers,
    so not even the addressee's own name appears in them.
    """
    from lika.documents.rendering import pdf_render as render

    recorded: list[dict[str, Any]] = []

    def recording(**kwargs: Any) -> bytes:
        recorded.append(dict(kwargs["data"]))
        return render(**kwargs)

    monkeypatch.setattr("lika.allowance.documents.pdf_render", recording)
    return recorded


@pytest.mark.django_db
def test_the_partner_of_a_protected_person_never_sees_her_in_a_decision(
    decision_layouts: list[dict[str, Any]], full_world: World
) -> None:
    """Yonas's allowance decision shares the child's allowance with Sara but never names her, even in the PDF."""
    world = full_world
    decision = world.decisions[world.yonas.pk]
    texts = " ".join(str(step) for step in decision.explanation)
    for text in _identifying(world.sara):
        assert text not in texts
    client = portal_client(world.yonas)
    for language in ("sv", "en"):
        pdf = client.get(reverse("applicant_portal:allowance_decision_pdf", args=[decision.pk, language]))
        assert pdf.status_code == 200
    layouts = [layout for layout in decision_layouts if layout["reference"] == decision.number]
    assert {layout["language"] for layout in layouts} == {"sv", "en"}
    content = json.dumps(layouts, ensure_ascii=False)
    # The PDFs' content names Yonas, so the search below reads real text.
    assert world.yonas.given_name in content
    for text in _identifying(world.sara):
        assert text not in content


@pytest.mark.django_db
def test_an_anonymous_visitor_is_sent_to_the_login(full_world: World) -> None:
    from django.test import Client

    client = Client()
    for url in [reverse(name) for name in OWN_PAGES] + _object_urls(full_world, full_world.amina):
        response = client.get(url)
        assert response.status_code == 302, url
        assert response["Location"].startswith(reverse("applicant_portal:login"))
