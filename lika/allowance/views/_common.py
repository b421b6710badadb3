"""Shared by the allowance screens: opening what a URL names through the registry's audited reads, months, and how a decision's steps read."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext as _

from lika.accounts.access import StaffRequest
from lika.allowance.explanations import step_text
from lika.allowance.models import (
    CardStatus,
)
from lika.allowance.rules.explain import Step
from lika.allowance.rules.month import Month
from lika.audit.acting import Acting
from lika.core import clock
from lika.people.models import Person

PAGE_SIZE = 50
HELD_SHOWN = 200
FOLLOW_SECONDS = 10
# What an officer may still do with a card in each status; the services refuse anything else.
CARD_ACTIONS = {
    CardStatus.ORDERED: ("activate", "block", "replace"),
    CardStatus.ACTIVE: ("block", "replace"),
    CardStatus.BLOCKED: ("replace",),
    CardStatus.REPLACED: (),
}


# --- shared helpers ------------------------------------------------------------------------------


def _acting(request: StaffRequest, form: forms.Form) -> Acting:
    return Acting(actor=request.user, reason=form.cleaned_data["reason"])


def _name(person: Person) -> str:
    """A person's name for a list of several people; a protected person is never named there."""
    return _("Protected identity") if person.protected_identity else person.full_name


def _next_month() -> Month:
    today = clock.today()
    return Month(today.year, today.month).next()


def _previous(month: Month) -> Month:
    return Month(month.year - 1, 12) if month.month == 1 else Month(month.year, month.month - 1)


def _step_texts(steps: list[Step], names: dict[int, str]) -> list[str]:
    return [step_text(step, names.get(step["child"]) if step["kind"] == "child_share" else None) for step in steps]
