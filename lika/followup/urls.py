from django.urls import include, path

# The register imports come first: their section name would otherwise read as an indicator's code.
urlpatterns = [
    path("register/", include("lika.followup.registers.urls")),
    path("", include("lika.followup.indicators.urls")),
]
