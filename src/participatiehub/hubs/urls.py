from django.urls import path

from . import views

app_name = "hubs"

urlpatterns = [
    path("", views.overview, name="overview"),
    path("hubs/", views.hub_list, name="list"),
    path("hubs/<slug:slug>/", views.hub_public, name="public"),
    path("programma/", views.programme, name="programme"),
    path("programma/hubs/nieuw/", views.hub_create, name="create"),
    path("beheer/<slug:slug>/", views.hub_manage, name="manage"),
    path("beheer/<slug:slug>/gegevens/", views.hub_edit, name="edit"),
    path("beheer/<slug:slug>/status/", views.hub_status, name="status"),
    path("beheer/<slug:slug>/keuzes/", views.hub_design, name="design"),
    path("beheer/<slug:slug>/gebied/", views.hub_coverage, name="coverage"),
    path("beheer/<slug:slug>/coalitie/", views.hub_coalition, name="coalition"),
]
