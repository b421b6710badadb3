from __future__ import annotations

from typing import Any

from django.apps import AppConfig
from django.contrib.admin import apps as admin_apps
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


def _sync_roles_after_migrate(sender: AppConfig, **kwargs: Any) -> None:
    """Brings the role groups up to date once, after the last app has migrated."""
    from django.apps import apps
    from django.contrib.auth.management import create_permissions

    app_configs = list(apps.get_app_configs())
    if sender.name != app_configs[-1].name:
        return
    # Django creates each app's permissions in its own post_migrate handler, which may not yet
    # have run for the last app; creating them here first is idempotent.
    for app_config in app_configs:
        create_permissions(app_config, verbosity=0, using=kwargs.get("using", "default"))
    from lika.accounts.services import roles_sync

    roles_sync()


class AccountsConfig(AppConfig):
    default = True
    name = "lika.accounts"
    verbose_name = _("Staff and roles")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        post_migrate.connect(_sync_roles_after_migrate, dispatch_uid="lika.accounts.roles_sync")


class LikaAdminConfig(admin_apps.AdminConfig):
    default = False
    default_site = "lika.accounts.admin_site.LikaAdminSite"
