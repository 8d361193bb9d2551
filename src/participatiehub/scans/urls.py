from django.urls import path

from . import views

app_name = "scans"

urlpatterns = [
    path("", views.my_scans, name="my_scans"),
    path("antwoorden/<int:pk>/", views.response, name="response"),
    path("sjablonen/", views.office_templates, name="office_templates"),
    path("sjablonen/versie/<int:pk>/", views.office_version, name="office_version"),
    path("rondes/", views.office_rounds, name="office_rounds"),
    path("rondes/<int:pk>/", views.office_round, name="office_round"),
    path("rondes/<int:pk>/scores.csv", views.office_round_export, {"fmt": "csv"}, name="office_round_csv"),
    path("rondes/<int:pk>/scores.xlsx", views.office_round_export, {"fmt": "xlsx"}, name="office_round_xlsx"),
]
