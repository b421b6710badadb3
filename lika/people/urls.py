from django.urls import path

from lika.people import conversation_views, views

app_name = "people"
urlpatterns = [
    path("personer/", views.person_list, name="person_list"),
    path("personer/ny/", views.person_create, name="person_create"),
    path("personer/<int:person_id>/", views.person_detail, name="person_detail"),
    path("hushall/<int:household_id>/", views.household_detail, name="household_detail"),
    path(
        "personer/<int:person_id>/beslut/<int:decision_id>/samtal/",
        conversation_views.permit_conversation,
        name="permit_conversation",
    ),
]
