"""Demo: every adult can log in to Min Sida with a one-time code.

Most adults in LMA have no Swedish personal number, so e-ID is closed to them and a code to a phone or
e-mail address staff have verified is their way in. The demo gives each adult without one a verified
e-mail address ``lika-<dossier number>@example.org`` (a domain reserved for examples, so nothing can ever
be delivered there); the codes show on the demo's inbox page instead.
"""

from __future__ import annotations

import datetime

from django.db import transaction
from django.utils import timezone

from lika.applicant_portal.models import ContactKind, PortalContact
from lika.audit.actions import Action
from lika.audit.shell import command_job
from lika.people.ages import age_on
from lika.people.identifiers import DEMO_DOSSIER_FIRST, DEMO_DOSSIER_LAST
from lika.people.models import Person, Sex
from lika.people.parameters import AGE_OF_MAJORITY

ACTOR_LABEL = "lika demo-data"


def demo_contact_address(dossier_number: str) -> str:
    """The demo's verified e-mail address for the person with ``dossier_number``."""
    return f"lika-{dossier_number}@example.org"


def demo_contacts_load(*, today: datetime.date) -> int:
    """Gives each demo adult without a verified contact the verified demo e-mail address; returns how many."""
    verified = PortalContact.objects.filter(verified_at__isnull=False).values("person_id")
    candidates = (
        Person.objects.filter(dossier_number__gte=str(DEMO_DOSSIER_FIRST), dossier_number__lte=str(DEMO_DOSSIER_LAST))
        .exclude(pk__in=verified)
        .values_list("pk", "dossier_number", "birth_date")
    )
    now = timezone.now()
    rows = [
        PortalContact(
            person_id=pk, kind=ContactKind.EMAIL, value=demo_contact_address(dossier), created_at=now, verified_at=now
        )
        for pk, dossier, birth in candidates
        if age_on(birth, today) >= AGE_OF_MAJORITY
    ]
    if not rows:
        return 0
    with transaction.atomic():
        PortalContact.objects.bulk_create(rows, batch_size=2000)
        command_job(label=ACTOR_LABEL, reason="Demo: every adult can log in to Min Sida by code").audit(
            Action.DEMO_CONTACTS_LOAD, ("applicant_portal.portalcontact", "demo"), {"contacts": len(rows)}
        )
    return len(rows)


def demo_code_logins(count: int = 3) -> list[Person]:
    """A few adults who log in with the demo address, women and men, to print beside the demo's logins."""
    chosen = PortalContact.objects.filter(
        value__startswith="lika-", value__endswith="@example.org", verified_at__isnull=False
    ).filter(person__protected_identity=False)
    people = [contact.person for contact in chosen.select_related("person").order_by("person__dossier_number")[:20]]
    women = [person for person in people if person.sex == Sex.FEMALE]
    men = [person for person in people if person.sex == Sex.MALE]
    return (women[:2] + men[:1])[:count] or people[:count]
