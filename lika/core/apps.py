from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "lika.core"
    verbose_name = _("Lika core")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from lika.core.languages import english_for_untranslated_strings, register_languages

        register_languages()
        english_for_untranslated_strings()
