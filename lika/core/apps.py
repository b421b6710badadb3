from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "lika.core"
    verbose_name = _("Lika core")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from lika.core.languages import register_languages

        register_languages()
