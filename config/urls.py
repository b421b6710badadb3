from django.contrib import admin
from django.urls import include, path

urlpatterns = [
    path("", include("lika.core.urls")),
    path("konto/", include("lika.accounts.urls")),
    path("register/", include("lika.people.urls")),
    path("dagersattning/", include("lika.allowance.urls")),
    path("api/allowance/", include("lika.allowance.api_urls")),
    path("uppfoljning/", include("lika.followup.urls")),
    path("k/", include("lika.newcomer_info.urls")),
    path("bemotande/", include("lika.treatment_survey.urls")),
    path("admin/", admin.site.urls),
    path("i18n/", include("django.conf.urls.i18n")),
]
