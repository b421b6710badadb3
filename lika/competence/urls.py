from django.urls import path

from lika.competence import views

app_name = "competence"
urlpatterns = [
    path("", views.guide, name="guide"),
    path("aktivitet/ny/", views.activity_new, name="activity_new"),
    path("aktivitet/<int:activity_id>/", views.activity_edit, name="activity_edit"),
    path("ramverk/", views.framework, name="framework"),
    path("ramverk/nytt/", views.area_new, name="area_new"),
    path("ramverk/<int:area_id>/", views.area_edit, name="area_edit"),
    path("enheter/", views.unit_list, name="unit_list"),
    path("enheter/ny/", views.unit_new, name="unit_new"),
    path("enheter/<int:unit_id>/", views.unit_edit, name="unit_edit"),
    path("enheter/<int:unit_id>/personal/", views.unit_staff, name="unit_staff"),
    path("ovningar/", views.exercise_list, name="exercise_list"),
    path("ovningar/ny/", views.exercise_new, name="exercise_new"),
    path("ovningar/<slug:slug>/", views.exercise_detail, name="exercise_detail"),
    path("ovningar/<slug:slug>/andra/", views.exercise_edit, name="exercise_edit"),
    path("gruppsamtal/", views.session_list, name="session_list"),
    path("gruppsamtal/nytt/", views.session_new, name="session_new"),
    path("dialog/", views.my_dialogue, name="my_dialogue"),
    path("dialog/oversikt/", views.overview, name="overview"),
    path("dialog/<int:dialogue_id>/", views.dialogue, name="dialogue"),
    path("dialog/<int:dialogue_id>/overens/", views.dialogue_agree, name="dialogue_agree"),
    path("dialog/<int:dialogue_id>/plan/<int:item_id>/klar/", views.plan_item_done, name="plan_item_done"),
]
