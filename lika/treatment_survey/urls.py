from django.urls import path

from lika.treatment_survey import views

app_name = "treatment_survey"
urlpatterns = [
    path("", views.survey_list, name="survey_list"),
    path("ny/", views.survey_create, name="survey_create"),
    path("stickprov/", views.sample_size, name="sample_size"),
    path("ovningar/", views.practice_index, name="practice_index"),
    path("ovningar/<slug:name>/", views.practice, name="practice"),
    path("<int:survey_id>/", views.survey_detail, name="survey_detail"),
    path("<int:survey_id>/andra/<slug:part>/", views.survey_change, name="survey_change"),
    path("<int:survey_id>/medarbetarkoder.csv", views.officer_codes_csv, name="officer_codes_csv"),
    path("<int:survey_id>/protokoll.xlsx", views.protocol_xlsform, name="protocol_xlsform"),
    path("<int:survey_id>/urval/", views.sampling_plan, name="sampling_plan"),
    path("<int:survey_id>/import/", views.observations_import, name="observations_import"),
    path("<int:survey_id>/pass/", views.session_open, name="session_open"),
    path("<int:survey_id>/pass/<int:session_id>/", views.session, name="session"),
    path("<int:survey_id>/rapport/", views.report, name="report"),
    path("<int:survey_id>/rapport/<slug:language>.pdf", views.report_pdf, name="report_pdf"),
]
