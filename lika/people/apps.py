from __future__ import annotations

from typing import Any

from django.apps import AppConfig
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _


class PeopleConfig(AppConfig):
    name = "lika.people"
    verbose_name = _("People registry")
    default_auto_field = "django.db.models.BigAutoField"

    def start_page_context(self, request: HttpRequest) -> dict[str, Any]:
        """The registry's figures on the staff start page, split by sex, for those who may see them."""
        from lika.people.selectors import registry_summary_latest

        may_see_figures = request.user.has_perm("people.view_registry_statistics")
        return {
            "summary": registry_summary_latest() if may_see_figures else None,
            "may_see_figures": may_see_figures,
        }
