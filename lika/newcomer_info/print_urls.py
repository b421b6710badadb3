"""The printed ways to Om Sverige, for communicators: the permit-card letter and office-screen slides."""

from django.urls import path

from lika.newcomer_info import print_views

app_name = "om_sverige_print"
urlpatterns = [
    path("", print_views.index, name="index"),
    path("brev/", print_views.letter, name="letter"),
    path("skarm/", print_views.slide, name="slide"),
    path(
        "samhallsintroduktion/<int:session_id>/bilder-<str:language>.pdf",
        print_views.civic_slides_download,
        name="civic_slides",
    ),
]
