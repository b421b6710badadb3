from django.apps import AppConfig


class DocumentsConfig(AppConfig):
    """Renders Lika's documents; it has no models, so the admin never shows its name and it needs no translation."""

    name = "lika.documents"
    verbose_name = "Documents"
