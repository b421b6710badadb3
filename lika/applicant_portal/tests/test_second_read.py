"""Faults found on the second read of Min Sida, each shown by a test that failed before its fix."""

from __future__ import annotations

from typing import Any

from lika.applicant_portal.services.messages import notification_text
from lika.applicant_portal.services.permit_messages import permit_message_link


def test_links_that_leave_lika_use_the_public_address(settings: Any) -> None:
    """The permit message and the notification link to the public site, not to the editors' admin address."""
    settings.WAGTAILADMIN_BASE_URL = "https://cms.lika.internal"
    settings.LIKA_PUBLIC_BASE_URL = "https://lika.example/"
    assert permit_message_link(None, "en") == "https://lika.example/en/om-sverige/"
    assert notification_text("en").splitlines()[-1] == "https://lika.example/min-sida/"
