from django.urls import path

from lika.allowance import views

app_name = "allowance"
urlpatterns = [
    path("", views.index, name="index"),
    path("hushall/<int:household_id>/", views.household, name="household"),
    path("hushall/<int:household_id>/beslut/", views.household_decisions_issue, name="household_decisions_issue"),
    path("personer/<int:person_id>/", views.person, name="person"),
    path("personer/<int:person_id>/kort/", views.card_order, name="card_order"),
    path("personer/<int:person_id>/kort/<int:card_id>/", views.card_change, name="card_change"),
    path("personer/<int:person_id>/kort/<int:card_id>/konto/", views.card_account_set, name="card_account_set"),
    path("personer/<int:person_id>/undantag/", views.card_exception_create, name="card_exception_create"),
    path(
        "personer/<int:person_id>/undantag/<int:exception_id>/avsluta/",
        views.card_exception_end,
        name="card_exception_end",
    ),
    path("personer/<int:person_id>/nedsattningar/", views.reduction_decide, name="reduction_decide"),
    path("beslut/<int:decision_id>/", views.decision, name="decision"),
    path("beslut/<int:decision_id>/pdf/<str:language>/", views.decision_pdf, name="decision_pdf"),
    path("konsekvenser/", views.impact_list, name="impact_list"),
    path("konsekvenser/ny/", views.impact_create, name="impact_create"),
    path("konsekvenser/<int:assessment_id>/", views.impact_detail, name="impact_detail"),
    path("konsekvenser/<int:assessment_id>/pdf/<str:language>/", views.impact_pdf, name="impact_pdf"),
    path("att-gora/", views.worklist, name="worklist"),
    path("beslut/manad/", views.month_decisions_issue, name="month_decisions_issue"),
    path("utbetalningar/", views.run_list, name="run_list"),
    path("utbetalningar/forbered/", views.run_prepare, name="run_prepare"),
    path("utbetalningar/<int:run_id>/", views.run_detail, name="run_detail"),
    path("utbetalningar/<int:run_id>/betalningar/", views.run_payments_list, name="run_payments"),
    path("utbetalningar/<int:run_id>/godkann/", views.run_approve, name="run_approve"),
    path("utbetalningar/<int:run_id>/genomfor/", views.run_execute, name="run_execute"),
    path("utbetalningar/<int:run_id>/avbryt/", views.run_cancel, name="run_cancel"),
    path("utbetalningar/<int:run_id>/pain001.xml", views.run_payment_file, name="run_payment_file"),
    path("utbetalningar/<int:run_id>/kortladdning.csv", views.run_card_loads, name="run_card_loads"),
]
