from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NewcomerInfoConfig(AppConfig):
    name = "lika.newcomer_info"
    verbose_name = _("Om Sverige")

    def ready(self) -> None:
        # Cached pages and short-path landings go out of use whenever Wagtail changes a page.
        from lika.newcomer_info.caching import invalidate_on_content_changes

        invalidate_on_content_changes()
