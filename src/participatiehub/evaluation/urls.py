from django.urls import path

from . import views

app_name = "evaluation"

urlpatterns = [
    path("", views.index, name="index"),
    path("export/<int:pk>/status/", views.status, name="status"),
    path("export/<int:pk>/download/", views.download, name="download"),
    path("export/<int:pk>/opnieuw/", views.retry, name="retry"),
]
