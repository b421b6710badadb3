from django.urls import path

from lika.followup.indicators import views

app_name = "indicators"
urlpatterns = [
    path("", views.catalogue, name="catalogue"),
    path("traning-och-bemotande/", views.training_effect_page, name="training_effect"),
    path("<slug:code>/", views.indicator_page, name="indicator"),
    path("<slug:code>/export.csv", views.export_csv, name="export_csv"),
    path("<slug:code>/export.xlsx", views.export_xlsx, name="export_xlsx"),
]
