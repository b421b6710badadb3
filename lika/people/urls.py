from django.urls import path

from lika.people import views

app_name = "people"
urlpatterns = [
    path("personer/", views.person_list, name="person_list"),
    path("personer/ny/", views.person_create, name="person_create"),
    path("personer/<int:person_id>/", views.person_detail, name="person_detail"),
    path("personer/<int:person_id>/andra/", views.person_update, name="person_update"),
    path("personer/<int:person_id>/lma/", views.lma_period_add, name="lma_period_add"),
    path("personer/<int:person_id>/lma/<int:period_id>/avsluta/", views.lma_period_end, name="lma_period_end"),
    path("personer/<int:person_id>/boende/", views.accommodation_period_add, name="accommodation_period_add"),
    path("personer/<int:person_id>/kommun/", views.municipality_of_residence_add, name="municipality_of_residence_add"),
    path("personer/<int:person_id>/ansokan/", views.permit_application_add, name="permit_application_add"),
    path(
        "personer/<int:person_id>/ansokan/<int:application_id>/beslut/",
        views.permit_decision_add,
        name="permit_decision_add",
    ),
    path("personer/<int:person_id>/nytt-hushall/", views.household_start, name="household_start"),
    path("hushall/<int:household_id>/", views.household_detail, name="household_detail"),
    path(
        "personer/<int:person_id>/beslut/<int:decision_id>/samtal/",
        views.permit_conversation,
        name="permit_conversation",
    ),
    path("hushall/<int:household_id>/medlem/", views.member_add, name="member_add"),
    path("hushall/<int:household_id>/medlem/<int:membership_id>/avsluta/", views.member_end, name="member_end"),
    path("hushall/<int:household_id>/partner/", views.partnership_add, name="partnership_add"),
    path(
        "hushall/<int:household_id>/partner/<int:partnership_id>/avsluta/",
        views.partnership_end,
        name="partnership_end",
    ),
    path("hushall/<int:household_id>/vardnadshavare/", views.guardianship_add, name="guardianship_add"),
]
