"""Min Sida's pages for the logged-in person: timeline, own documents and secure messages.

Every view receives the person from :func:`portal_view` and reads only through
:mod:`lika.applicant_portal.selectors`, which answer 404 for anything that is not the person's own.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import formats
from django.utils.http import content_disposition_header
from django.utils.translation import get_language, gettext_noop
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from lika.allowance.explanations import money, step_text
from lika.allowance.models import DecisionDocument
from lika.allowance.selectors import child_names
from lika.applicant_portal import selectors
from lika.applicant_portal.forms import ReplyForm, ThreadStartForm
from lika.applicant_portal.models import Attachment, Sender
from lika.applicant_portal.services import mailings
from lika.applicant_portal.services.documents import (
    decision_open_record,
    permit_decision_paragraphs,
    permit_decision_pdf,
)
from lika.applicant_portal.services.messages import Upload, message_send, portal_acting, thread_read_mark, thread_start
from lika.applicant_portal.session import portal_view
from lika.applicant_portal.timeline import Actor, Event, EventKind, NextStep, StepKind, next_step, timeline_order
from lika.core import clock
from lika.core.forms import refusal_show
from lika.core.periods import month_text
from lika.partners import selectors as partners
from lika.partners.models import Activity
from lika.partners.services import activity_sign_up as sign_up
from lika.people.models import Person


@dataclass(frozen=True)
class TimelineRow:
    at: str
    text: str
    url: str


# Each kind of event in words; only the row's own text is translated (an allowance decision names its month).
_EVENT_TEXTS = {
    EventKind.APPLICATION_SUBMITTED: gettext_noop("You applied for a residence permit."),
    EventKind.PERMIT_DECIDED: gettext_noop("The agency decided on your residence permit."),
    EventKind.ALLOWANCE_DECIDED: gettext_noop("Decision on your daily allowance for %(month)s."),
    EventKind.CARD_ORDERED: gettext_noop("Your payment card was ordered."),
    EventKind.CARD_ACTIVATED: gettext_noop("Your payment card was activated."),
    EventKind.CARD_BLOCKED: gettext_noop("Your payment card was blocked."),
    EventKind.MESSAGE_RECEIVED: gettext_noop("You got a message from the agency."),
    EventKind.MESSAGE_SENT: gettext_noop("You sent a message to the agency."),
}
_EVENT_URLS = {
    EventKind.PERMIT_DECIDED: "applicant_portal:permit_decision",
    EventKind.ALLOWANCE_DECIDED: "applicant_portal:allowance_decision",
    EventKind.MESSAGE_RECEIVED: "applicant_portal:thread",
    EventKind.MESSAGE_SENT: "applicant_portal:thread",
}


def _event_row(event: Event) -> TimelineRow:
    text = _(_EVENT_TEXTS[event.kind])
    if event.kind == EventKind.ALLOWANCE_DECIDED:
        text %= {"month": month_text(event.detail) if event.detail else ""}
    url = reverse(_EVENT_URLS[event.kind], args=[event.ref]) if event.kind in _EVENT_URLS else ""
    return TimelineRow(at=formats.date_format(event.at.date(), "DATE_FORMAT"), text=text, url=url)


def _step_texts(step: NextStep) -> tuple[str, str, str]:
    """Who acts, what should happen, and the link to do it."""
    who = {
        Actor.PERSON: _("You"),
        Actor.AGENCY: _("The Swedish Migration Agency"),
        Actor.NOBODY: _("Nobody right now"),
    }[step.actor]
    due = formats.date_format(step.due, "DATE_FORMAT") if step.due else ""
    what, url = {
        StepKind.ANSWER_MESSAGE: (
            _("Answer the message from your case officer by %(date)s.") % {"date": due},
            "applicant_portal:thread",
        ),
        StepKind.READ_PERMIT_DECISION: (
            _("Read your decision on your residence permit."),
            "applicant_portal:permit_decision",
        ),
        StepKind.READ_ALLOWANCE_DECISION: (
            _("Read your decision on daily allowance."),
            "applicant_portal:allowance_decision",
        ),
        StepKind.READ_MESSAGE: (_("Read the new message from the agency."), "applicant_portal:thread"),
        StepKind.AGENCY_DECIDING: (
            _("The Swedish Migration Agency is deciding your application. You do not need to do anything."),
            "",
        ),
        StepKind.NOTHING: (_("You do not need to do anything right now."), ""),
    }[step.kind]
    return who, what, reverse(url, args=[step.ref]) if url and step.ref is not None else ""


@require_safe
@portal_view
def timeline(request: HttpRequest, person: Person) -> HttpResponse:
    events = selectors.timeline_events(person)
    who, what, url = _step_texts(next_step(events))
    rows = [_event_row(event) for event in timeline_order(events)]
    context = {"person": person, "rows": rows, "step_who": who, "step_what": what, "step_url": url}
    return render(request, "applicant_portal/timeline.html", context)


@require_safe
@portal_view
def documents(request: HttpRequest, person: Person) -> HttpResponse:
    context = {
        "person": person,
        "permit_decisions": selectors.own_permit_decisions(person),
        "allowance_decisions": selectors.own_allowance_decisions(person).only("pk", "month", "number", "sequence"),
    }
    return render(request, "applicant_portal/documents.html", context)


def _language() -> str:
    return (get_language() or "sv").split("-")[0]


@require_safe
@portal_view
def allowance_decision(request: HttpRequest, person: Person, decision_id: int) -> HttpResponse:
    decision, languages = selectors.own_allowance_decision_page(person, decision_id)
    decision_open_record(person=person, decision=decision, form="html", language=_language())
    names = child_names(decision.explanation)
    context = {
        "person": person,
        "decision": decision,
        "payout": money(decision.payout_ore),
        "steps": [step_text(step, names.get(step.get("child", 0))) for step in decision.explanation],
        "languages": languages,
    }
    return render(request, "applicant_portal/allowance_decision.html", context)


def _pdf(content: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = content_disposition_header(True, filename) or "attachment"
    response["Cache-Control"] = "no-store"
    return response


@require_safe
@portal_view
def allowance_decision_pdf(request: HttpRequest, person: Person, decision_id: int, language: str) -> HttpResponse:
    decision = selectors.own_allowance_decision(person, decision_id)
    document = DecisionDocument.objects.filter(decision=decision, language=language).first()
    if document is None:
        raise Http404
    decision_open_record(person=person, decision=decision, form="pdf", language=language)
    return _pdf(bytes(document.pdf), f"{decision.number}-{language}.pdf")


@require_safe
@portal_view
def permit_decision(request: HttpRequest, person: Person, decision_id: int) -> HttpResponse:
    decision = selectors.own_permit_decision(person, decision_id)
    decision_open_record(person=person, decision=decision, form="html", language=_language())
    summary, paragraphs = permit_decision_paragraphs(decision)
    context = {"person": person, "decision": decision, "summary": summary, "paragraphs": paragraphs}
    return render(request, "applicant_portal/permit_decision.html", context)


@require_safe
@portal_view
def permit_decision_download(request: HttpRequest, person: Person, decision_id: int) -> HttpResponse:
    decision = selectors.own_permit_decision(person, decision_id)
    language = _language()
    content = permit_decision_pdf(decision=decision, person=person)
    decision_open_record(person=person, decision=decision, form="pdf", language=language)
    return _pdf(content, f"UT-{decision.pk:08d}-{language}.pdf")


def _activities_page(request: HttpRequest, person: Person, *, refusal: str = "", status: int = 200) -> HttpResponse:
    today = clock.today()
    context = {
        "person": person,
        "enrolments": partners.activities_of(person, today),
        "open_activities": partners.activities_open_to(person, today),
        "invitations": partners.civic_invitations_of(person, today),
        "refusal": refusal,
    }
    return render(request, "applicant_portal/activities.html", context, status=status)


@require_safe
@portal_view
def activities(request: HttpRequest, person: Person) -> HttpResponse:
    """The person's own activities and civic-introduction invitations, and the activities they can join."""
    return _activities_page(request, person)


# Login first, then the method: someone logged out is sent to the login whatever they asked with.
@portal_view
@require_http_methods(["POST"])
def activity_sign_up(request: HttpRequest, person: Person, activity_id: int) -> HttpResponse:
    activity = Activity.objects.filter(pk=activity_id).first()
    if activity is None:
        raise Http404
    try:
        sign_up(person=person, activity=activity)
    except ValidationError as error:
        return _activities_page(request, person, refusal=" ".join(error.messages), status=400)
    return redirect("applicant_portal:activities")


def _uploads(request: HttpRequest) -> list[Upload]:
    return [Upload(name=f.name or "", content=f.read()) for f in request.FILES.getlist("attachments")]


@require_http_methods(["GET", "HEAD", "POST"])
@portal_view
def messages(request: HttpRequest, person: Person) -> HttpResponse:
    form = ThreadStartForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            message = thread_start(
                acting=portal_acting(person, "Message from the applicant"),
                person=person,
                sender=Sender.PERSON,
                subject=form.cleaned_data["subject"],
                body=form.cleaned_data["body"],
                uploads=_uploads(request),
            )
        except ValidationError as error:
            refusal_show(form, error)
        else:
            return redirect("applicant_portal:thread", message.thread_id)
    context = {"person": person, "threads": selectors.own_threads(person), "form": form}
    return render(request, "applicant_portal/messages.html", context, status=400 if form.errors else 200)


@require_http_methods(["GET", "HEAD", "POST"])
@portal_view
def thread(request: HttpRequest, person: Person, thread_id: int) -> HttpResponse:
    found = selectors.own_thread(person, thread_id)
    form = ReplyForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            message_send(
                acting=portal_acting(person, "Message from the applicant"),
                thread=found,
                sender=Sender.PERSON,
                body=form.cleaned_data["body"],
                uploads=_uploads(request),
            )
        except ValidationError as error:
            refusal_show(form, error)
        else:
            return redirect("applicant_portal:thread", found.pk)
    if request.method != "POST":
        thread_read_mark(thread=found)
    context = {"person": person, "thread": found, "thread_messages": selectors.thread_messages(found), "form": form}
    return render(request, "applicant_portal/thread.html", context, status=400 if form.errors else 200)


def attachment_response(attachment: Attachment) -> HttpResponse:
    """The file as a download that no browser renders or sniffs in place."""
    with attachment.file.open("rb") as stored:
        response = HttpResponse(stored.read(), content_type=attachment.content_type)
    response["Content-Disposition"] = content_disposition_header(True, attachment.filename) or "attachment"
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "no-store"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return response


@require_safe
@portal_view
def attachment(request: HttpRequest, person: Person, attachment_id: int) -> HttpResponse:
    return attachment_response(selectors.own_attachment(person, attachment_id))


@require_safe
@portal_view
def mailing_follow(request: HttpRequest, person: Person, mailing_id: int) -> HttpResponse:
    """The link in a mailing's message: notes that its reader followed it, and goes on to Om Sverige through
    the mailing's channel (which counts the visit). Someone else's mailing is not found."""
    destination = mailings.mailing_follow(person=person, mailing_id=mailing_id)
    if destination is None:
        raise Http404
    return redirect(destination)
