"""Min Sida's pages for the logged-in person, included by :mod:`lika.applicant_portal.urls`."""

from django.urls import path

from lika.applicant_portal import portal_views as views

urlpatterns = [
    path("oversikt/", views.timeline, name="timeline"),
    path("dokument/", views.documents, name="documents"),
    path("dokument/dagersattning/<int:decision_id>/", views.allowance_decision, name="allowance_decision"),
    path(
        "dokument/dagersattning/<int:decision_id>/<str:language>.pdf",
        views.allowance_decision_pdf,
        name="allowance_decision_pdf",
    ),
    path("dokument/uppehallstillstand/<int:decision_id>/", views.permit_decision, name="permit_decision"),
    path(
        "dokument/uppehallstillstand/<int:decision_id>/beslut.pdf",
        views.permit_decision_download,
        name="permit_decision_pdf",
    ),
    path("aktiviteter/", views.activities, name="activities"),
    path("aktiviteter/<int:activity_id>/anmalan/", views.activity_sign_up, name="activity_sign_up"),
    path("meddelanden/", views.messages, name="messages"),
    path("meddelanden/<int:thread_id>/", views.thread, name="thread"),
    path("bilagor/<int:attachment_id>/", views.attachment, name="attachment"),
    path("utskick/<int:mailing_id>/", views.mailing_follow, name="mailing_follow"),
]
