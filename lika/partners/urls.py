from django.urls import path

from lika.partners import views

app_name = "partners"
urlpatterns = [
    path("", views.organisation_list, name="organisation_list"),
    path("ny/", views.organisation_create, name="organisation_create"),
    path("<int:organisation_id>/", views.organisation_detail, name="organisation_detail"),
    path("<int:organisation_id>/kontakt/", views.contact_add, name="contact_add"),
    path("<int:organisation_id>/dialog/", views.dialogue_record, name="dialogue_record"),
    path("<int:organisation_id>/samverkan/", views.cooperation_change, name="cooperation_change"),
    path("verktyg/", views.shared_tools, name="shared_tools"),
    path("verktyg/nytt/", views.shared_tool_edit, name="shared_tool_new"),
    path("verktyg/<int:tool_id>/", views.shared_tool_edit, name="shared_tool_edit"),
    path("aktiviteter/", views.activity_list, name="activity_list"),
    path("aktiviteter/ny/", views.activity_create, name="activity_create"),
    path("aktiviteter/<int:activity_id>/", views.activity_detail, name="activity_detail"),
    path("aktiviteter/<int:activity_id>/pass/", views.session_add, name="session_add"),
    path("aktiviteter/<int:activity_id>/deltagare/", views.enrolment_add, name="enrolment_add"),
    path("aktiviteter/<int:activity_id>/pass/<int:session_id>/narvaro/", views.attendance, name="attendance"),
    path("samhallsintroduktion/", views.civic_list, name="civic_list"),
    path("samhallsintroduktion/ny/", views.civic_create, name="civic_create"),
    path("samhallsintroduktion/<int:session_id>/", views.civic_detail, name="civic_detail"),
    path("samhallsintroduktion/<int:session_id>/inbjudan/", views.civic_invite, name="civic_invite"),
    path("samhallsintroduktion/<int:session_id>/narvaro/", views.civic_attendance, name="civic_attendance"),
]
