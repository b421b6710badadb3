"""The page on which an officer records the conversation with an adult granted a residence permit.

The protocol was updated so that, among other things, people with a disability learn why telling
Arbetsförmedlingen matters (the final report, 2.1.4). Whether women get each part as often as men is what
the follow-up asks, so every topic given, and every topic not given, is recorded.
"""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from lika.accounts.access import StaffRequest, staff_view
from lika.audit.acting import Acting
from lika.core import clock
from lika.core.forms import refusal_show
from lika.people.models import ConversationChannel, ConversationTopic, DecisionOutcome, PermitDecision
from lika.people.services import Conversation, permit_conversation_record
from lika.people.shortcuts import person_open_or_404


class PermitConversationForm(forms.Form):
    held_on = forms.DateField(label=gettext_lazy("Held on"), widget=forms.DateInput(attrs={"type": "date"}))
    channel = forms.ChoiceField(
        label=gettext_lazy("How"), choices=ConversationChannel.choices, widget=forms.RadioSelect
    )
    language = forms.CharField(
        label=gettext_lazy("Language of the conversation"),
        max_length=12,
        help_text=gettext_lazy("A language code such as sv, ar, ti or prs."),
    )
    interpreter = forms.BooleanField(label=gettext_lazy("With an interpreter"), required=False)
    topics = forms.MultipleChoiceField(
        label=gettext_lazy("What the conversation covered"),
        choices=ConversationTopic.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text=gettext_lazy("Tick what was said. What is not ticked is recorded as not given."),
    )
    reason = forms.CharField(label=gettext_lazy("Reason"), max_length=200)


@staff_view("people.view_person", "people.add_permitconversation")
@require_http_methods(["GET", "HEAD", "POST"])
def permit_conversation(request: StaffRequest, person_id: int, decision_id: int) -> HttpResponse:
    person = person_open_or_404(request, person_id)
    decision = get_object_or_404(
        PermitDecision.objects.select_related("application__person"), pk=decision_id, application__person=person
    )
    if decision.outcome != DecisionOutcome.GRANTED:
        raise Http404
    initial = {
        "held_on": clock.today(),
        "language": person.preferred_language,
        "reason": _("The conversation after a granted permit"),
    }
    form = PermitConversationForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        conversation = Conversation(
            held_on=data["held_on"],
            channel=data["channel"],
            language=data["language"],
            interpreter=data["interpreter"],
            topics=data["topics"],
        )
        try:
            permit_conversation_record(
                acting=Acting(actor=request.user, reason=data["reason"]), decision=decision, conversation=conversation
            )
        except ValidationError as error:
            refusal_show(form, error)
        else:
            messages.success(request, _("The permit conversation is recorded."))
            return redirect("people:person_detail", person_id=person.pk)
    context = {"form": form, "person": person, "decision": decision}
    return render(request, "people/permit_conversation.html", context, status=400 if form.errors else 200)
