from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NewcomerInfoConfig(AppConfig):
    name = "lika.newcomer_info"
    verbose_name = _("Om Sverige")
