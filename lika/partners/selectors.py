"""Reads of the partners part that the screens and Min Sida share."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db.models import Count, Exists, Min, OuterRef, Q, QuerySet

from lika.partners.models import Activity, ActivitySession, Attendance, CivicInvitation, Enrolment
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


def activities_open_to(person: Person, today: datetime.date) -> list[Activity]:
    """Activities ``person`` can join: open for sign-up or offered to them, with a session still to come and a
    place left, not yet joined. Those given in the person's preferred language come first."""
    upcoming = Exists(ActivitySession.objects.filter(activity=OuterRef("pk"), day__gte=today))
    offered = Exists(Enrolment.objects.filter(activity=OuterRef("pk"), person=person, enrolled_on__isnull=True))
    joined = Exists(Enrolment.objects.filter(activity=OuterRef("pk"), person=person, enrolled_on__isnull=False))
    activities = (
        Activity.objects.filter(upcoming, Q(open_for_sign_up=True) | Q(offered))
        .exclude(joined)
        .annotate(
            taken=Count("enrolments", filter=Q(enrolments__enrolled_on__isnull=False)),
            next_day=Min("sessions__day", filter=Q(sessions__day__gte=today)),
        )
        .select_related("provider")
        .order_by("title", "id")
    )
    open_ = [a for a in activities if a.taken < a.capacity]
    return sorted(open_, key=lambda a: person.preferred_language not in a.languages)


def activities_of(person: Person, today: datetime.date) -> QuerySet[Enrolment]:
    """The activities ``person`` is enrolled in, each with its next session from ``today``."""
    return (
        Enrolment.objects.filter(person=person, enrolled_on__isnull=False)
        .select_related("activity", "activity__provider")
        .annotate(next_day=Min("activity__sessions__day", filter=Q(activity__sessions__day__gte=today)))
        .order_by("-enrolled_on", "-id")
    )


def civic_invitations_of(person: Person, today: datetime.date) -> QuerySet[CivicInvitation]:
    """The civic-introduction sessions ``person`` is called to, from ``today`` on."""
    return (
        CivicInvitation.objects.filter(person=person, session__held_on__gte=today)
        .select_related("session")
        .order_by("session__held_on", "id")
    )
