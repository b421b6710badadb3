from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import URLPattern, URLResolver, include, path
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls

from lika.accounts import views as account_views
from lika.core import views as core_views

urlpatterns: list[URLPattern | URLResolver] = [
    path("", include("lika.core.urls")),
    path("konto/", include("lika.accounts.urls")),
    path("register/", include("lika.people.urls")),
    path("register/min-sida/", include("lika.applicant_portal.staff_urls")),
    path("min-sida/", include("lika.applicant_portal.urls")),
    path("dagersattning/", include("lika.allowance.urls")),
    path("api/allowance/", include("lika.allowance.api_urls")),
    path("uppfoljning/", include("lika.followup.urls")),
    path("k/", include("lika.newcomer_info.urls")),
    path("om-sverige-tryck/", include("lika.newcomer_info.print_urls")),
    path("om-sverige-besok/", include("lika.newcomer_info.staff_urls")),
    path("bemotande/", include("lika.treatment_survey.urls")),
    path("samverkan/", include("lika.partners.urls")),
    path("kompetens/", include("lika.competence.urls")),
    path("plan/", include("lika.plan.urls")),
    # Om Sverige's editors and translators work in Wagtail's admin. They log in on Lika's own login page,
    # like everyone else: Wagtail's would take a password alone (lika/accounts/views.py, login_elsewhere).
    path("cms/login/", account_views.login_elsewhere, name="wagtail_login"),
    path("cms/", include(wagtailadmin_urls)),
    path("admin/", admin.site.urls),
    path("i18n/", include("django.conf.urls.i18n")),
    path("metrics", core_views.metrics, name="metrics"),
]
# Om Sverige's public pages, each language under its own prefix so that a page's address says its
# language and a cached copy never serves one reader's language to another
# (docs/decisions/0008-om-sverige-language-in-the-address.md).
urlpatterns += i18n_patterns(path("om-sverige/", include(wagtail_urls)), prefix_default_language=True)
# Under /<language>/om-sverige/ the 404 page is Om Sverige's own; elsewhere it is Lika's.
handler404 = "lika.newcomer_info.views.page_not_found"
