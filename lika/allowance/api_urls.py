from django.urls import path

from lika.allowance import api

app_name = "allowance_api"
urlpatterns = [
    path("quote", api.quote_view, name="quote"),
    path("openapi.json", api.openapi_view, name="openapi"),
]
