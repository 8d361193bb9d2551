from django.urls import path

from . import views

app_name = "experience"

urlpatterns = [
    path("v/<str:token>/", views.answer, name="answer"),
    path("bedankt/", views.thanks, name="thanks"),
    path("traject/<int:pk>/", views.trajectory_results, name="trajectory"),
    path("voorbeeld/<slug:slug>/", views.preview, name="preview"),
]
