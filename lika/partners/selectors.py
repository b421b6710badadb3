"""Reads of the partners part that the screens and Min Sida share."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db.models import Count, Exists, OuterRef, Q, QuerySet

from lika.partners.models import Activity, ActivitySession, Attendance, Enrolment
from lika.people.models import Person, Sex


@dataclass(frozen=True)
class Participation:
    """People offered, enrolled in and attending an activity, by sex (an officer's working view, not a statistic)."""

    sex: str
    label: str
    offered: int
    enrolled: int
    attended: int


def activity_participation(activity: Activity) -> list[Participation]:
    """Offered, enrolled and attended (present at one session or more) for women, men and unknown sex."""
    came = Attendance.objects.filter(enrolment=OuterRef("pk"), present=True)
    counts = {
        row["person__sex"]: row
        for row in Enrolment.objects.filter(activity=activity)
        .annotate(came=Exists(came))
        .values("person__sex")
        .annotate(
            offered=Count("id"),
            enrolled=Count("id", filter=Q(enrolled_on__isnull=False)),
            attended=Count("id", filter=Q(came=True)),
        )
    }
    return [
        Participation(
            sex,
            str(label),
            counts.get(sex, {}).get("offered", 0),
            counts.get(sex, {}).get("enrolled", 0),
            counts.get(sex, {}).get("attended", 0),
        )
        for sex, label in Sex.choices
    ]


def activities_open_to(person: Person, today: datetime.date) -> QuerySet[Activity]:
    """Activities ``person`` can sign up for: open for sign-up, with a session still to come, not yet joined.

    Those in the person's preferred language come first.
    """
    upcoming = Exists(ActivitySession.objects.filter(activity=OuterRef("pk"), day__gte=today))
    return (
        Activity.objects.filter(open_for_sign_up=True)
        .filter(upcoming)
        .exclude(enrolments__person=person, enrolments__enrolled_on__isnull=False)
        .select_related("provider")
        .order_by("title", "id")
    )


def activities_of(person: Person) -> QuerySet[Enrolment]:
    """The person's own enrolments and referrals, with their activities."""
    return Enrolment.objects.filter(person=person).select_related("activity", "activity__provider")
