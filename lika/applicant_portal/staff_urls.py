"""The staff pages of Min Sida's messages, under the registry (``/register/min-sida/``)."""

from django.urls import path

from lika.applicant_portal import staff_views as views

app_name = "portal_staff"
urlpatterns = [
    path("personer/<int:person_id>/meddelanden/", views.person_threads, name="person_threads"),
    path("personer/<int:person_id>/meddelanden/<int:thread_id>/", views.thread, name="thread"),
    path("personer/<int:person_id>/bilagor/<int:attachment_id>/", views.attachment, name="attachment"),
]
