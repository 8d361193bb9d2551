from django.urls import path

from . import views

app_name = "monitoring"

urlpatterns = [
    path("", views.national, name="national"),
    path("export/<slug:table>.<slug:fmt>", views.export, name="export"),
    path("openbaar/", views.public, name="public"),
    path("indicatoren/", views.catalogue, name="catalogue"),
    path("indicatoren/nieuw/", views.indicator_create, name="indicator_create"),
    path("indicatoren/<slug:code>/", views.indicator, name="indicator"),
    # Under "hub/": a hub's slug can never hide the pages above.
    path("hub/<slug:slug>/", views.hub, name="hub"),
    path("hub/<slug:slug>/export.<slug:fmt>", views.hub_export, name="hub_export"),
    path("hub/<slug:slug>/correctie/", views.correct, name="correct"),
]
