"""The method guide and the register of studies; lika.plan.urls includes these under the app name "plan"."""

from django.urls import URLPattern, URLResolver, path

from lika.plan import studies_views as views

urlpatterns: list[URLPattern | URLResolver] = [
    path("behovsdriven-utveckling/", views.method_guide, name="method_guide"),
    path("studier/", views.study_list, name="study_list"),
    path("studier/ny/", views.study_new, name="study_new"),
    path("studier/studier.csv", views.study_export, name="study_export"),
    path("studier/<int:study_id>/", views.study_detail, name="study_detail"),
    path("studier/<int:study_id>/andra/", views.study_edit, name="study_edit"),
    path("studier/<int:study_id>/deltagare/", views.study_participants, name="study_participants"),
]
