from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ApplicantPortalConfig(AppConfig):
    name = "lika.applicant_portal"
    verbose_name = _("Min Sida")
