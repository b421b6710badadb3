from django.urls import include, path

urlpatterns = [
    path("", include("lika.followup.indicators.urls")),
    path("register/", include("lika.followup.registers.urls")),
]
