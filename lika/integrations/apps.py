from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class IntegrationsConfig(AppConfig):
    name = "lika.integrations"
    verbose_name = _("Integrating systems")
    default_auto_field = "django.db.models.BigAutoField"
