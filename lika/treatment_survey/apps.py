from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TreatmentSurveyConfig(AppConfig):
    name = "lika.treatment_survey"
    verbose_name = _("Treatment surveys")
