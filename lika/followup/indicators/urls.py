from django.urls import path, register_converter

from lika.followup.indicators import views


class IndicatorCodeConverter:
    """An indicator's code in a path. The names of the follow-up's other sections (``register/``) do not match,
    so that their URLs, included after these, still reach them."""

    regex = "[-a-zA-Z0-9_]+"
    sections = frozenset({"register"})

    def to_python(self, value: str) -> str:
        if value in self.sections:
            raise ValueError(f"{value} is a section of the follow-up, not an indicator.")
        return value

    def to_url(self, value: str) -> str:
        return str(value)


register_converter(IndicatorCodeConverter, "indicator")

app_name = "indicators"
urlpatterns = [
    path("", views.catalogue, name="catalogue"),
    path("<indicator:code>/", views.indicator_page, name="indicator"),
    path("<indicator:code>/export.csv", views.export_csv, name="export_csv"),
    path("<indicator:code>/export.xlsx", views.export_xlsx, name="export_xlsx"),
]
