from django.urls import URLPattern, URLResolver, path

from lika.plan import views
from lika.plan.studies_urls import urlpatterns as studies_urlpatterns

app_name = "plan"
urlpatterns: list[URLPattern | URLResolver] = [
    path("", views.plan_overview, name="overview"),
    path("atgard/ny/", views.measure_new, name="measure_new"),
    path("atgard/<int:measure_id>/", views.measure_detail, name="measure"),
    path("atgard/<int:measure_id>/andra/", views.measure_edit, name="measure_edit"),
    path("atgard/<int:measure_id>/ar/<int:year>/", views.measure_year, name="measure_year"),
    path("indikator/ny/", views.indicator_edit, name="indicator_new"),
    path("indikator/<int:indicator_id>/", views.indicator_edit, name="indicator_edit"),
    path("rapport/<int:year>/godkann/", views.report_approve, name="approve"),
    path("rapport/<int:year>/<str:language>/", views.report_page, name="report"),
    path("rapport/<int:year>/<str:language>.pdf", views.report_download, name="report_pdf"),
    path("rapport/<int:year>/text/<str:key>/<str:language>/", views.narrative_edit, name="narrative"),
    *studies_urlpatterns,
]
