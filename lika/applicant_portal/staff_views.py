"""The staff side of Min Sida, under the registry's person page: login contacts and messages.

Case officers record and verify the phone numbers and e-mail addresses a person logs in with, and read a
person's threads, answer them and start new ones; a protected person is opened through the registry's
selector, which records the reading.
"""

from __future__ import annotations

import datetime

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from lika.accounts.access import StaffRequest, staff_view
from lika.applicant_portal import selectors
from lika.applicant_portal.forms import ContactAddForm, ContactCheckForm, StaffMessageForm
from lika.applicant_portal.models import Attachment, Mailing, PortalContact, Sender
from lika.applicant_portal.portal_views import _uploads, attachment_response
from lika.applicant_portal.services import login, mailings
from lika.applicant_portal.services.login import portal_contact_add
from lika.applicant_portal.services.messages import message_send, thread_start
from lika.applicant_portal.staff_forms import MailingForm, MailingSendForm
from lika.audit.acting import Acting
from lika.core import clock
from lika.core.forms import refusal_show
from lika.people.models import Person
from lika.people.shortcuts import person_open_or_404

PERMISSIONS = ("applicant_portal.reply_message", "people.view_person")
CONTACT_PERMISSIONS = (
    "applicant_portal.add_portalcontact",
    "applicant_portal.change_portalcontact",
    "people.view_person",
)
CHECK_SENT = _("A code was sent to %(contact)s. Ask the person to read it to you, and enter it below.")


def _contacts_page(
    request: StaffRequest,
    person: Person,
    *,
    add_form: ContactAddForm | None = None,
    check: tuple[int, ContactCheckForm] | None = None,
    status: int = 200,
) -> HttpResponse:
    contacts = list(person.portal_contacts.order_by("created_at", "pk"))
    forms = {contact.pk: ContactCheckForm(prefix=f"check-{contact.pk}") for contact in contacts}
    if check is not None:
        forms[check[0]] = check[1]
    rows = [(contact, forms[contact.pk]) for contact in contacts]
    context = {"person": person, "rows": rows, "add_form": add_form or ContactAddForm()}
    return render(request, "applicant_portal/staff/person_contacts.html", context, status=status)


@require_http_methods(["GET", "HEAD", "POST"])
@staff_view(*CONTACT_PERMISSIONS)
def person_contacts(request: StaffRequest, person_id: int) -> HttpResponse:
    """The person's login contacts; a new one is added and a check code sent to it at once."""
    person = person_open_or_404(request, person_id)
    if request.method != "POST":
        return _contacts_page(request, person)
    form = ContactAddForm(request.POST)
    if form.is_valid():
        acting = Acting(actor=request.user, reason=form.cleaned_data["reason"])
        try:
            with transaction.atomic():
                contact = portal_contact_add(acting=acting, person=person, value=form.cleaned_data["value"])
                login.contact_check_send(acting=acting, contact=contact)
        except ValidationError as error:
            refusal_show(form, error, rename={"contact": "value"})
        else:
            messages.success(request, CHECK_SENT % {"contact": contact.value})
            return redirect(f"{reverse('portal_staff:person_contacts', args=[person.pk])}#contact-{contact.pk}")
    return _contacts_page(request, person, add_form=form, status=400)


def _contact(person: Person, contact_id: int) -> PortalContact:
    return get_object_or_404(PortalContact, pk=contact_id, person=person)


@staff_view(*CONTACT_PERMISSIONS)
@require_POST
def contact_check_send(request: StaffRequest, person_id: int, contact_id: int) -> HttpResponse:
    """Sends a new check code to one of the person's contacts."""
    person = person_open_or_404(request, person_id)
    contact = _contact(person, contact_id)
    try:
        login.contact_check_send(
            acting=Acting(actor=request.user, reason="Check code for a login contact"), contact=contact
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, CHECK_SENT % {"contact": contact.value})
    return redirect(f"{reverse('portal_staff:person_contacts', args=[person.pk])}#contact-{contact.pk}")


@staff_view(*CONTACT_PERMISSIONS)
@require_POST
def contact_check_complete(request: StaffRequest, person_id: int, contact_id: int) -> HttpResponse:
    """Verifies a contact with the code the person read back."""
    person = person_open_or_404(request, person_id)
    contact = _contact(person, contact_id)
    form = ContactCheckForm(request.POST, prefix=f"check-{contact.pk}")
    if form.is_valid():
        acting = Acting(actor=request.user, reason="The person read back the check code")
        try:
            login.contact_check_complete(acting=acting, contact=contact, code=form.cleaned_data["code"])
        except ValidationError as error:
            refusal_show(form, error, rename={"contact": "code"})
        else:
            messages.success(
                request, _("%(contact)s is verified. The person can now log in with it.") % {"contact": contact.value}
            )
            return redirect("portal_staff:person_contacts", person.pk)
    return _contacts_page(request, person, check=(contact.pk, form), status=400)


def _acting(request: StaffRequest, form: StaffMessageForm) -> Acting:
    return Acting(actor=request.user, reason=form.cleaned_data["reason"])


@require_http_methods(["GET", "HEAD", "POST"])
@staff_view(*PERMISSIONS)
def person_threads(request: StaffRequest, person_id: int) -> HttpResponse:
    person = person_open_or_404(request, person_id)
    form = StaffMessageForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            message = thread_start(
                acting=_acting(request, form),
                person=person,
                sender=Sender.AGENCY,
                subject=form.cleaned_data["subject"],
                body=form.cleaned_data["body"],
                uploads=_uploads(request),
                answer_by=form.cleaned_data["answer_by"],
            )
        except ValidationError as error:
            refusal_show(form, error)
        else:
            return redirect("portal_staff:thread", person.pk, message.thread_id)
    context = {"person": person, "threads": selectors.own_threads(person), "form": form}
    return render(request, "applicant_portal/staff/person_threads.html", context, status=400 if form.errors else 200)


@require_http_methods(["GET", "HEAD", "POST"])
@staff_view(*PERMISSIONS)
def thread(request: StaffRequest, person_id: int, thread_id: int) -> HttpResponse:
    person = person_open_or_404(request, person_id)
    found = selectors.own_thread(person, thread_id)
    form = StaffMessageForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            message_send(
                acting=_acting(request, form),
                thread=found,
                sender=Sender.AGENCY,
                body=form.cleaned_data["body"],
                uploads=_uploads(request),
                answer_by=form.cleaned_data["answer_by"],
            )
        except ValidationError as error:
            refusal_show(form, error)
        else:
            return redirect("portal_staff:thread", person.pk, found.pk)
    context = {"person": person, "thread": found, "thread_messages": selectors.thread_messages(found), "form": form}
    return render(request, "applicant_portal/staff/thread.html", context, status=400 if form.errors else 200)


@require_safe
@staff_view(*PERMISSIONS)
def attachment(request: StaffRequest, person_id: int, attachment_id: int) -> HttpResponse:
    person = person_open_or_404(request, person_id)
    found: Attachment = selectors.own_attachment(person, attachment_id)
    return attachment_response(found)


# --- targeted information through Min Sida ---------------------------------------------------------

MAILING_PERMISSIONS = ("applicant_portal.view_mailing",)
SEND_PERMISSIONS = ("applicant_portal.view_mailing", "applicant_portal.send_mailing", "newcomer_info.add_channel")


@staff_view(*MAILING_PERMISSIONS)
@require_safe
def mailing_list(request: StaffRequest) -> HttpResponse:
    """The mailings, newest first, with how many each reached."""
    found = Mailing.objects.select_related("topic", "channel").annotate(reached=Count("recipients"))
    return render(request, "applicant_portal/staff/mailing_list.html", {"mailings": found[:100]})


def _last_quarter() -> tuple[datetime.date, datetime.date]:
    today = clock.today()
    first_of_quarter = datetime.date(today.year, 3 * ((today.month - 1) // 3) + 1, 1)
    end = first_of_quarter - datetime.timedelta(days=1)
    return datetime.date(end.year, end.month - 2, 1), end


@require_http_methods(["GET", "HEAD", "POST"])
@staff_view(*SEND_PERMISSIONS)
def mailing_create(request: StaffRequest) -> HttpResponse:
    """Drafts a mailing; the next page shows it in each language before anything is sent."""
    if request.method != "POST":
        start, end = _last_quarter()
        form = MailingForm(initial={"ground": "family_ties", "granted_from": start, "granted_to": end})
        return render(request, "applicant_portal/staff/mailing_form.html", {"form": form})
    form = MailingForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            mailing = mailings.mailing_create(
                acting=Acting(actor=request.user, reason=data["reason"]),
                title=data["title"],
                topic=data["topic"],
                ground=data["ground"],
                granted_from=data["granted_from"],
                granted_to=data["granted_to"],
            )
        except ValidationError as error:
            refusal_show(form, error)
        else:
            return redirect("portal_staff:mailing_detail", mailing_id=mailing.pk)
    return render(request, "applicant_portal/staff/mailing_form.html", {"form": form}, status=400)


def _mailing_page(
    request: StaffRequest, mailing: Mailing, *, form: MailingSendForm | None = None, status: int = 200
) -> HttpResponse:
    context: dict[str, object] = {"mailing": mailing, "form": form or MailingSendForm()}
    if mailing.sent_at is None:
        context["group_size"], context["previews"] = mailings.mailing_preview(mailing)
    else:
        context["results"] = mailings.mailing_results(mailing)
    return render(request, "applicant_portal/staff/mailing_detail.html", context, status=status)


@staff_view(*MAILING_PERMISSIONS)
@require_safe
def mailing_detail(request: StaffRequest, mailing_id: int) -> HttpResponse:
    """Before sending: the group's size and the message in each of its languages. After: the results by sex."""
    mailing = get_object_or_404(Mailing.objects.select_related("topic", "channel"), pk=mailing_id)
    return _mailing_page(request, mailing)


@staff_view(*SEND_PERMISSIONS)
@require_POST
def mailing_send(request: StaffRequest, mailing_id: int) -> HttpResponse:
    mailing = get_object_or_404(Mailing.objects.select_related("topic", "channel"), pk=mailing_id)
    form = MailingSendForm(request.POST)
    if form.is_valid():
        try:
            sent = mailings.mailing_send(
                acting=Acting(actor=request.user, reason=form.cleaned_data["reason"]), mailing=mailing
            )
        except ValidationError as error:
            refusal_show(form, error)
            mailing.refresh_from_db()
            if mailing.sent_at is not None:
                # A sent mailing's page has no form: the refusal is said above it.
                for text in form.errors.get("reason", ()):
                    messages.error(request, str(text))
        else:
            messages.success(
                request,
                ngettext("Sent to %(count)d person.", "Sent to %(count)d persons.", sent) % {"count": sent},
            )
            return redirect("portal_staff:mailing_detail", mailing_id=mailing.pk)
    return _mailing_page(request, mailing, form=form, status=400)
