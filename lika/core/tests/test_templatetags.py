import datetime

import pytest

from lika.core.templatetags.lika import language_name, period

pytestmark = pytest.mark.usefixtures("english")


def test_open_period_reads_from_its_first_day() -> None:
    assert period(datetime.date(2025, 1, 10), None) == "from 2025-01-10"
    assert period(datetime.date(2025, 1, 10), datetime.date(2025, 3, 31)) == "2025-01-10 to 2025-03-31"


def test_language_name_falls_back_to_the_code() -> None:
    assert language_name("ar") == "Arabic (ar)"
    assert language_name("prs") == "Dari (prs)"
    assert language_name("xyz") == "xyz"
