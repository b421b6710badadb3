from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AllowanceConfig(AppConfig):
    name = "lika.allowance"
    verbose_name = _("Daily allowance (LMA)")
