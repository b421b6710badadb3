"""Follow-up in a gender-equality perspective: sex-disaggregated indicators and their statistics.

Only the pure :mod:`lika.followup.statistics` package exists so far; it imports neither Django nor
the clock, so the indicator catalogue (issue 6) and the treatment-survey analysis (issue 7) can
share it.
"""
