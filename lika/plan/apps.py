from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PlanConfig(AppConfig):
    name = "lika.plan"
    verbose_name = _("The plan and its yearly report")
