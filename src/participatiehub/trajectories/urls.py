from django.urls import path

from . import views

app_name = "trajectories"

urlpatterns = [
    path("<int:question_pk>/", views.workspace, name="workspace"),
    path("<int:question_pk>/activiteiten/<int:pk>/", views.activity_edit, name="activity_edit"),
    path("<int:question_pk>/reactie/", views.answer, name="answer"),
    path("afmelden/<str:token>/", views.unsubscribe, name="unsubscribe"),
    path("documenten/<int:pk>/", views.document, name="document"),
]
