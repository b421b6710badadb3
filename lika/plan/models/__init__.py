"""The plan's models: its areas, measures and indicators (plan.py), and the studies of newcomers' needs (studies.py)."""

from lika.plan.models.studies import ConsentBasis, Method, Study, StudyParticipants, StudyStatus  # noqa: F401
