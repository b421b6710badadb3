"""The demo's gender impact assessments: the two example proposals Lika ships, on this month's caseload.

Made by the demo's analyst through the allowance's service, as an analyst would on the page; running
it again changes nothing.
"""

from __future__ import annotations

import datetime

from lika.accounts.models import User
from lika.allowance import services as allowance
from lika.allowance.impact import proposal_examples
from lika.allowance.models import ImpactAssessment
from lika.allowance.rules.month import Month
from lika.audit.acting import Acting


def demo_impact_assessments(*, today: datetime.date) -> int:
    """Assesses each example proposal on the month of ``today``; returns how many were made."""
    if ImpactAssessment.objects.exists():
        return 0
    analyst = User.objects.get(username="analyst")
    acting = Acting(actor=analyst, reason="Demo: the example proposals' gender impact")
    month = Month(today.year, today.month)
    made = 0
    for name, text in proposal_examples().items():
        allowance.impact_assessment_create(acting=acting, month=month, proposal_text=text, file_name=name)
        made += 1
    return made
