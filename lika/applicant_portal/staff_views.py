"""The staff side of Min Sida's messages: a person's threads, under the registry's person page.

Case officers read a person's threads, answer them and start new ones; a protected person is opened
through the registry's selector, which records the reading.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods, require_safe

from lika.accounts.access import StaffRequest, staff_view
from lika.applicant_portal import selectors
from lika.applicant_portal.forms import StaffMessageForm
from lika.applicant_portal.models import Attachment, Sender
from lika.applicant_portal.portal_views import _uploads, attachment_response
from lika.applicant_portal.services.messages import message_send, thread_start
from lika.audit.acting import Acting
from lika.core.forms import refusal_show
from lika.people.shortcuts import person_open_or_404

PERMISSIONS = ("applicant_portal.reply_message", "people.view_person")


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
