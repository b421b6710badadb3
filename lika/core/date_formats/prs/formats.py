"""Dari, as written in Afghanistan: the day before the month, as in "5 دسمبر 2026"; 24-hour clock.

Source: the Unicode CLDR locale fa_AF (Persian as written in Afghanistan, that is, Dari), whose
Gregorian dates are "d MMMM y" (long), "y/M/d" (short) and times "H:mm", and whose month names are
the Afghan ones (جنوری، فبروری ... دسمبر, in Lika's Dari catalogue), not Iran's (ژانویه ... دسامبر).
Without this module Django, which has no Dari formats, wrote a Dari date the American way
("دسمبر 5, 2026"). Afghanistan's own civil calendar is the solar hijri one; dates in Sweden are
Gregorian, so Lika writes them so, with the Afghan names. The week starts on Monday, as in Sweden.
"""

DATE_FORMAT = "j F Y"
TIME_FORMAT = "G:i"
DATETIME_FORMAT = "j F Y، ساعت G:i"
YEAR_MONTH_FORMAT = "F Y"
MONTH_DAY_FORMAT = "j F"
SHORT_DATE_FORMAT = "Y/n/j"
SHORT_DATETIME_FORMAT = "Y/n/j، G:i"
FIRST_DAY_OF_WEEK = 1  # Monday, as in Sweden
