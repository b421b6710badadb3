from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AllowanceConfig(AppConfig):
    name = "lika.allowance"
    verbose_name = _("Daily allowance (LMA)")

    def ready(self) -> None:
        from lika.allowance.metrics import payment_run_metrics
        from lika.core.metrics import collector_add

        collector_add(payment_run_metrics)
