from django.urls import path

from . import views

app_name = "learning"

urlpatterns = [
    path("", views.index, name="index"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/bewerken/", views.edit, name="edit"),
    path("<int:pk>/publiceren/", views.publish, name="publish"),
    path("<int:pk>/offline/", views.unpublish, name="unpublish"),
    path("hub/<slug:slug>/", views.workspace, name="workspace"),
    path("hub/<slug:slug>/nieuw/", views.create, name="create"),
]
