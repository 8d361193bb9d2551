from django.urls import path

from . import views

app_name = "redaction"

urlpatterns = [
    path("", views.keep_list, name="keep_list"),
]
