from django.urls import URLPattern, URLResolver

from lika.plan.studies_urls import urlpatterns as studies_urlpatterns

app_name = "plan"
urlpatterns: list[URLPattern | URLResolver] = [*studies_urlpatterns]
