"""The disclosure rules every person-level figure goes through before it leaves Lika, from the settings.

Every part that publishes figures about persons (the follow-up, the gender impact of a rule change)
takes its thresholds from here, so that one setting governs them all.
"""

from __future__ import annotations

from django.conf import settings

from lika.statistics.disclosure import DisclosureRules


def disclosure_rules() -> DisclosureRules:
    """``LIKA_DISCLOSURE_MIN_COUNT`` and ``LIKA_DISCLOSURE_MIN_DENOMINATOR`` as rules."""
    return DisclosureRules(
        min_count=settings.LIKA_DISCLOSURE_MIN_COUNT, min_denominator=settings.LIKA_DISCLOSURE_MIN_DENOMINATOR
    )
