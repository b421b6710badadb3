"""The communicators' pages about Om Sverige's visits, under ``/om-sverige-besok/`` (``/k/`` is the public short paths')."""

from django.urls import path

from lika.newcomer_info import channel_views, staff_views

app_name = "om_sverige_visits"
urlpatterns = [
    path("", staff_views.visits_dashboard, name="dashboard"),
    path("besok.csv", staff_views.visits_csv, name="export_csv"),
    path("kanaler/ny/", channel_views.channel_new, name="channel_new"),
    path("kanaler/<int:channel_id>/", channel_views.channel_edit, name="channel_change"),
    path("kanaler/<int:channel_id>/kort-<str:language>.pdf", channel_views.desk_card, name="desk_card"),
    path("kanaler/partner/<int:organisation_id>/", channel_views.partner_channel_new, name="partner_channel_new"),
    path(
        "kanaler/<int:channel_id>/affisch-<str:language>.pdf",
        channel_views.partner_material_download,
        {"kind": "poster"},
        name="partner_poster",
    ),
    path(
        "kanaler/<int:channel_id>/folder-<str:language>.pdf",
        channel_views.partner_material_download,
        {"kind": "leaflet"},
        name="partner_leaflet",
    ),
]
