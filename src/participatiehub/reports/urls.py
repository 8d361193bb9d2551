from django.urls import path

from . import views

app_name = "reports"

urlpatterns = [
    path("", views.report_list, name="list"),
    path("<int:pk>/", views.report_detail, name="detail"),
    path("<int:pk>/voortgang/", views.report_status, name="status"),
    path("<int:pk>/opnieuw/", views.report_rerun, name="rerun"),
    path("<int:pk>/download/<slug:kind>/", views.report_download, name="download"),
    path("<int:pk>/anonimisering/", views.report_review, name="review"),
    path("<int:pk>/anonimisering/<int:finding_pk>/terugdraaien/", views.finding_undo, name="undo"),
]
