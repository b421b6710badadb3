from django.urls import path

from lika.followup.registers import views

app_name = "registers"
urlpatterns = [
    path("", views.import_list, name="import_list"),
    path("importera/", views.import_upload, name="import_upload"),
]
