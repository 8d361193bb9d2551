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
    # Last: a hub's slug (the words above are not hub slugs).
    path("<slug:slug>/", views.hub, name="hub"),
    path("<slug:slug>/correctie/", views.correct, name="correct"),
]
