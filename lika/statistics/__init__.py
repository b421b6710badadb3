"""Pure statistics shared by the follow-up indicators and the treatment-survey analysis.

No Django, no clock, no I/O: counts and codes in, numbers out. Each function cites the method it
implements, and the tests in :mod:`lika.followup.tests` reproduce the published reference values.
"""

from lika.statistics.multiple import benjamini_hochberg, holm
from lika.statistics.proportions import Interval, newcombe_difference, wilson_interval
from lika.statistics.reliability import (
    AlphaUndefinedError,
    krippendorff_alpha_nominal,
    percent_agreement,
)

__all__ = [
    "AlphaUndefinedError",
    "Interval",
    "benjamini_hochberg",
    "holm",
    "krippendorff_alpha_nominal",
    "newcombe_difference",
    "percent_agreement",
    "wilson_interval",
]
