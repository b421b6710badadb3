"""The staff pages of Min Sida, under the registry (``/register/min-sida/``): a person's login contacts and messages."""

from django.urls import path

from lika.applicant_portal import staff_views as views

app_name = "portal_staff"
urlpatterns = [
    path("personer/<int:person_id>/kontakter/", views.person_contacts, name="person_contacts"),
    path(
        "personer/<int:person_id>/kontakter/<int:contact_id>/kod/", views.contact_check_send, name="contact_check_send"
    ),
    path(
        "personer/<int:person_id>/kontakter/<int:contact_id>/verifiera/",
        views.contact_check_complete,
        name="contact_check_complete",
    ),
    path("personer/<int:person_id>/meddelanden/", views.person_threads, name="person_threads"),
    path("personer/<int:person_id>/meddelanden/<int:thread_id>/", views.thread, name="thread"),
    path("personer/<int:person_id>/bilagor/<int:attachment_id>/", views.attachment, name="attachment"),
    path("utskick/", views.mailing_list, name="mailing_list"),
    path("utskick/ny/", views.mailing_create, name="mailing_create"),
    path("utskick/<int:mailing_id>/", views.mailing_detail, name="mailing_detail"),
    path("utskick/<int:mailing_id>/skicka/", views.mailing_send, name="mailing_send"),
]
