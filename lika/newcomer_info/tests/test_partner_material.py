"""A partner organisation's own channel, poster and leaflet: PDF/UA-1, in the published languages, and a QR
code, read back from the rasterised PDF, that leads to a visit counted as the partner's."""

from __future__ import annotations

import datetime
import io
from collections.abc import Callable
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pikepdf
import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse

from lika.accounts.roles import Role
from lika.audit.acting import Acting
from lika.audit.actions import Action
from lika.audit.models import AuditEvent
from lika.newcomer_info import partner_material, printing
from lika.newcomer_info.models import Channel, ChannelKind, ChannelVisitDay
from lika.newcomer_info.services import channel_change, partner_channel_create
from lika.partners import services as partners
from lika.partners.models import Organisation, OrganisationKind
from lika.testing.clock import Clock
from lika.testing.om_sverige import OmSverige, build_om_sverige
from lika.testing.pdf import needs_pdftoppm, page_text, qr_texts, rasterise

pytestmark = pytest.mark.django_db

BASE = "http://lika.test:8000"
FIREFOX = "Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0"
DAY = datetime.date(2026, 3, 3)


@pytest.fixture(autouse=True)
def public_base(settings: Any, clock: Clock) -> None:
    settings.LIKA_PUBLIC_BASE_URL = BASE
    clock.set_today(DAY)


@pytest.fixture
def om_sverige(acting: Acting) -> OmSverige:
    """Om Sverige published in Swedish, English and Arabic."""
    return build_om_sverige(acting)


@pytest.fixture
def organisation(acting: Acting) -> Organisation:
    return partners.organisation_create(
        acting=acting, kind=OrganisationKind.CIVIL_SOCIETY, name="Röda Korset Gävle", official_code=""
    )


@pytest.fixture
def channel(acting: Acting, organisation: Organisation) -> Channel:
    return partner_channel_create(acting=acting, organisation=organisation, code="roda-korset-gavle")


def visit(url: str) -> str:
    """Visits ``url`` as a phone's browser does after scanning; returns where it was sent."""
    parts = urlsplit(url)
    assert f"{parts.scheme}://{parts.netloc}" == BASE
    query = dict(p.split("=", 1) for p in parts.query.split("&") if p)
    response = Client(HTTP_USER_AGENT=FIREFOX).get(parts.path, query)
    assert response.status_code == 302
    return str(response["Location"])


def visits(channel: Channel) -> int:
    return sum(ChannelVisitDay.objects.filter(channel=channel).values_list("visits", flat=True))


@needs_pdftoppm
@pytest.mark.usefixtures("om_sverige")
@pytest.mark.parametrize(("kind", "language", "expected"), [("poster", "sv", ""), ("leaflet", "ar", "?lang=ar")])
def test_the_code_read_from_the_printed_material_counts_a_visit_as_the_partners(
    channel: Channel, tmp_path: Path, kind: str, language: str, expected: str
) -> None:
    pdf = partner_material.partner_material_pdf(channel=channel, language=language, kind=kind)
    pages = rasterise(pdf, tmp_path)
    assert len(pages) == (1 if kind == "poster" else 2)
    found = qr_texts(pages[0])
    assert found == [f"{BASE}/k/roda-korset-gavle{expected}"]
    before = visits(channel)
    location = visit(found[0])
    assert "/om-sverige/" in location
    assert visits(channel) == before + 1
    if language == "ar":
        assert location.startswith("/ar/")


@pytest.mark.usefixtures("om_sverige")
def test_the_material_is_pdf_ua_1_and_names_every_published_language(channel: Channel) -> None:
    for kind in partner_material.TEMPLATES:
        pdf = partner_material.partner_material_pdf(channel=channel, language="sv", kind=kind)
        with pikepdf.open(io.BytesIO(pdf)) as document:
            assert document.open_metadata()["pdfuaid:part"] == "1"
            assert str(document.Root.Lang) == "sv"
        text = "".join("".join(page_text(pdf)).split())
        assert "RödaKorsetGävle" in text
        assert "lika.test:8000/k/roda-korset-gavle" in text
        assert "svenska" in text
        assert "English" in text
        assert any("\u0600" <= character <= "\u06ff" for character in text), "Arabic is named in Arabic script"
    leaflet = "".join(page_text(partner_material.partner_material_pdf(channel=channel, language="sv", kind="leaflet")))
    assert "Arbete" in leaflet, "the leaflet lists the topics in its language"


@pytest.mark.usefixtures("om_sverige", "english")
def test_material_is_refused_in_a_language_om_sverige_is_not_published_in(channel: Channel) -> None:
    with pytest.raises(printing.PrintError, match="Om Sverige is not published in Tigrinya"):
        partner_material.partner_material_layout(channel=channel, language="ti")


@pytest.mark.usefixtures("om_sverige", "english")
def test_material_is_refused_for_an_inactive_channel_and_for_another_kind(
    channel: Channel, acting: Acting, make_channel: Callable[..., Channel]
) -> None:
    letter = make_channel(code="brev", kind=ChannelKind.PERMIT_LETTER)
    with pytest.raises(printing.PrintError, match="not “Partner organisation's posters and leaflets”"):
        partner_material.partner_material_layout(channel=letter, language="sv")
    channel_change(acting=acting, channel=channel, active=False)
    channel.refresh_from_db()
    with pytest.raises(printing.PrintError, match="inactive"):
        partner_material.partner_material_layout(channel=channel, language="sv")


@pytest.mark.usefixtures("english")
def test_a_partner_has_one_active_channel_and_a_partner_channel_needs_its_partner(
    channel: Channel, organisation: Organisation, acting: Acting, make_channel: Callable[..., Channel]
) -> None:
    assert (channel.kind, channel.organisation, channel.landing_path) == (
        ChannelKind.PARTNER,
        organisation,
        "/om-sverige/",
    )
    with pytest.raises(ValidationError) as refused:
        partner_channel_create(acting=acting, organisation=organisation, code="rk-gavle")
    assert "already has the channel roda-korset-gavle" in str(refused.value.message_dict["code"])
    with pytest.raises(ValidationError) as refused:
        make_channel(code="utan-partner", kind=ChannelKind.PARTNER)
    assert "kind" in refused.value.message_dict
    assert Channel.objects.count() == 1


@pytest.fixture
def communicator(client: Client, make_staff: Callable[..., Any]) -> Client:
    client.force_login(make_staff(Role.COMMUNICATOR, username="communicator"))
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    return client


@pytest.mark.usefixtures("om_sverige")
def test_a_communicator_gives_a_partner_its_channel_from_its_page_and_downloads_the_poster(
    communicator: Client, organisation: Organisation
) -> None:
    page = reverse("partners:organisation_detail", args=[organisation.pk])
    new = reverse("om_sverige_visits:partner_channel_new", args=[organisation.pk])
    assert new in communicator.get(page).content.decode()
    refused = communicator.post(new, {"code": "Röda Korset!", "reason": "Material for the partner"})
    assert refused.status_code == 400
    assert 'id="id_code_error"' in refused.content.decode()
    assert not Channel.objects.exists()
    response = communicator.post(new, {"code": "roda-korset-gavle", "reason": "Material for the partner"})
    assert response.status_code == 302
    assert response["Location"] == page
    channel = Channel.objects.get(organisation=organisation)
    assert AuditEvent.objects.filter(action=Action.CHANNEL_CREATE).count() == 1
    shown = communicator.get(page).content.decode()
    for code in ("sv", "en", "ar"):
        assert reverse("om_sverige_visits:partner_poster", args=[channel.pk, code]) in shown
        assert reverse("om_sverige_visits:partner_leaflet", args=[channel.pk, code]) in shown
    download = communicator.get(reverse("om_sverige_visits:partner_poster", args=[channel.pk, "ar"]))
    assert download["Content-Type"] == "application/pdf"
    assert download["Content-Disposition"] == 'attachment; filename="om-sverige-affisch-roda-korset-gavle-ar.pdf"'
    refused = communicator.get(reverse("om_sverige_visits:partner_leaflet", args=[channel.pk, "ti"]), follow=True)
    assert "Om Sverige is not published in Tigrinya" in refused.content.decode()


def test_an_officer_without_channel_rights_sees_no_way_to_make_a_channel(
    client: Client, make_staff: Callable[..., Any], organisation: Organisation
) -> None:
    client.force_login(make_staff(Role.CASE_OFFICER, username="officer"))
    page = client.get(reverse("partners:organisation_detail", args=[organisation.pk])).content.decode()
    assert reverse("om_sverige_visits:partner_channel_new", args=[organisation.pk]) not in page
    assert client.get(reverse("om_sverige_visits:partner_channel_new", args=[organisation.pk])).status_code == 403
