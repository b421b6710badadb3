from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PeopleConfig(AppConfig):
    name = "lika.people"
    verbose_name = _("People registry")
    default_auto_field = "django.db.models.BigAutoField"
