from django.urls import path

from lika.core import views

app_name = "core"
urlpatterns = [
    path("", views.start, name="start"),
    path("health/", views.health, name="health"),
    path("jobb/", views.job_list, name="job_list"),
    path("jobb/<uuid:job_id>/", views.job, name="job"),
    path("jobb/<uuid:job_id>/igen/", views.job_start_again, name="job_start_again"),
]
