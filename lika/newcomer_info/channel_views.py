"""The communicators' pages that create and change Om Sverige's channels, beside the visits dashboard.

Every write goes through :func:`~lika.newcomer_info.services.channel_create` and
:func:`~lika.newcomer_info.services.channel_change`, so the rules (a code is never reused or changed, an
office screen names its office) and the audit trail are the same as on the command line.
"""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_safe

from lika.accounts.access import StaffRequest, staff_view
from lika.audit.acting import Acting
from lika.core.forms import refusal_show
from lika.newcomer_info import desk_card as cards
from lika.newcomer_info import partner_material, printing
from lika.newcomer_info.models import Channel, ChannelKind
from lika.newcomer_info.models.channels import CODE_MAX_LENGTH, LANDING_PATH_MAX_LENGTH
from lika.newcomer_info.services import (
    NAME_MAX_LENGTH,
    OFFICE_MAX_LENGTH,
    channel_change,
    channel_create,
    partner_channel_create,
)
from lika.partners.models import Organisation

REASON = forms.CharField(label=gettext_lazy("Reason"), max_length=200)


class _ChannelForm(forms.Form):
    """What every channel form asks; a new channel is active, an existing one may be retired."""

    name = forms.CharField(label=gettext_lazy("Name"), max_length=NAME_MAX_LENGTH)
    landing_path = forms.CharField(
        label=gettext_lazy("Landing page"),
        max_length=LANDING_PATH_MAX_LENGTH,
        help_text=gettext_lazy("The path of an Om Sverige page on this site, beginning with /, e.g. /om-sverige/."),
    )
    office = forms.CharField(
        label=gettext_lazy("Office"),
        max_length=OFFICE_MAX_LENGTH,
        required=False,
        help_text=gettext_lazy("For a screen or staff at an office: which office."),
    )
    reason = REASON


class ChannelChangeForm(_ChannelForm):
    active = forms.BooleanField(
        label=gettext_lazy("Active"),
        required=False,
        help_text=gettext_lazy("An inactive channel's address leads nowhere and counts nothing; its past visits stay."),
    )

    field_order = ("name", "landing_path", "office", "active", "reason")


class ChannelCreateForm(_ChannelForm):
    code = forms.CharField(
        label=gettext_lazy("Campaign code"),
        max_length=CODE_MAX_LENGTH,
        help_text=gettext_lazy(
            "Lower-case letters, digits and hyphens, e.g. skarm-malmo. It is printed in the short address and "
            "can never be changed."
        ),
    )
    # A partner's channel is made from its organisation's page (partner_channel_new).
    kind = forms.ChoiceField(
        label=gettext_lazy("Kind of channel"), choices=[c for c in ChannelKind.choices if c[0] != ChannelKind.PARTNER]
    )

    field_order = ("code", "kind", "name", "landing_path", "office", "reason")


@staff_view("newcomer_info.add_channel")
@require_http_methods(["GET", "HEAD", "POST"])
def channel_new(request: StaffRequest) -> HttpResponse:
    form = ChannelCreateForm(request.POST or None, initial={"landing_path": "/om-sverige/"})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            channel = channel_create(
                acting=Acting(actor=request.user, reason=data["reason"]),
                code=data["code"],
                kind=data["kind"],
                name=data["name"],
                landing_path=data["landing_path"],
                office=data["office"],
            )
        except ValidationError as error:
            refusal_show(form, error)
        else:
            messages.success(
                request,
                _("The channel %(code)s is ready: %(path)s.") % {"code": channel.code, "path": channel.short_path},
            )
            return redirect("om_sverige_visits:channel_change", channel_id=channel.pk)
    status = 400 if form.errors else 200
    return render(request, "newcomer_info/staff/channel_form.html", {"form": form, "channel": None}, status=status)


@staff_view("newcomer_info.change_channel")
@require_http_methods(["GET", "HEAD", "POST"])
def channel_edit(request: StaffRequest, channel_id: int) -> HttpResponse:
    channel = get_object_or_404(Channel, pk=channel_id)
    initial = {
        "name": channel.name,
        "landing_path": channel.landing_path,
        "office": channel.office,
        "active": channel.active,
    }
    form = ChannelChangeForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            channel_change(
                acting=Acting(actor=request.user, reason=data["reason"]),
                channel=channel,
                name=data["name"],
                landing_path=data["landing_path"],
                office=data["office"],
                active=data["active"],
            )
        except ValidationError as error:
            refusal_show(form, error)
        else:
            messages.success(request, _("The channel %(code)s is saved.") % {"code": channel.code})
            return redirect("om_sverige_visits:dashboard")
    status = 400 if form.errors else 200
    context = {
        "form": form,
        "channel": channel,
        "address": request.build_absolute_uri(channel.short_path),
        "card_languages": cards.DESK_CARD_LANGUAGES if channel.kind == ChannelKind.STAFF_REFERRAL else (),
    }
    return render(request, "newcomer_info/staff/channel_form.html", context, status=status)


@staff_view("newcomer_info.view_channel")
@require_safe
def desk_card(request: StaffRequest, channel_id: int, language: str) -> HttpResponse:
    """The desk card of a staff-referral channel as a PDF, to print for the office's desks."""
    channel = get_object_or_404(Channel, pk=channel_id)
    try:
        pdf = cards.desk_card_pdf(channel=channel, language=language)
    except printing.PrintError as refusal:
        messages.error(request, str(refusal))
        return redirect("om_sverige_visits:channel_change", channel_id=channel.pk)
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="om-sverige-kort-{channel.code}-{language}.pdf"'
    return response


class PartnerChannelForm(forms.Form):
    code = forms.CharField(
        label=gettext_lazy("Campaign code"),
        max_length=CODE_MAX_LENGTH,
        help_text=gettext_lazy(
            "Lower-case letters, digits and hyphens, e.g. roda-korset-gavle. It is printed on the partner's posters "
            "and leaflets and can never be changed."
        ),
    )
    reason = REASON


@staff_view("newcomer_info.add_channel", "partners.view_organisation")
@require_http_methods(["GET", "HEAD", "POST"])
def partner_channel_new(request: StaffRequest, organisation_id: int) -> HttpResponse:
    """Gives a partner organisation its own channel, then leads back to the organisation's page."""
    organisation = get_object_or_404(Organisation, pk=organisation_id)
    form = PartnerChannelForm(request.POST or None, initial={"reason": _("Material for a partner")})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            channel = partner_channel_create(
                acting=Acting(actor=request.user, reason=data["reason"]), organisation=organisation, code=data["code"]
            )
        except ValidationError as error:
            refusal_show(form, error)
        else:
            messages.success(
                request,
                _("%(organisation)s has the channel %(code)s: %(path)s.")
                % {"organisation": organisation.name, "code": channel.code, "path": channel.short_path},
            )
            return redirect("partners:organisation_detail", organisation_id=organisation.pk)
    status = 400 if form.errors else 200
    context = {"form": form, "organisation": organisation}
    return render(request, "newcomer_info/staff/partner_channel_form.html", context, status=status)


@staff_view("newcomer_info.view_channel")
@require_safe
def partner_material_download(request: StaffRequest, channel_id: int, kind: str, language: str) -> HttpResponse:
    """A partner's poster or leaflet as a PDF, or back to the organisation's page with the reason it cannot be made."""
    channel = get_object_or_404(Channel.objects.select_related("organisation"), pk=channel_id)
    try:
        pdf = partner_material.partner_material_pdf(channel=channel, language=language, kind=kind)
    except printing.PrintError as refusal:
        messages.error(request, str(refusal))
        if channel.organisation_id is not None:
            return redirect("partners:organisation_detail", organisation_id=channel.organisation_id)
        return redirect("om_sverige_visits:channel_change", channel_id=channel.pk)
    response = HttpResponse(pdf, content_type="application/pdf")
    name = "affisch" if kind == "poster" else "folder"
    response["Content-Disposition"] = f'attachment; filename="om-sverige-{name}-{channel.code}-{language}.pdf"'
    return response
