from django.urls import path

from . import views

app_name = "questions"

urlpatterns = [
    # public
    path("vraagstukken/", views.public_list, name="public_list"),
    path("vraagstukken/<int:pk>/", views.public_detail, name="public_detail"),
    # the decision-maker
    path("vraagstukken/indienen/", views.submit, name="submit"),
    path("vraagstukken/mijn/", views.mine, name="mine"),
    path("vraagstukken/mijn/<int:pk>/", views.mine_detail, name="mine_detail"),
    path("vraagstukken/mijn/<int:pk>/bewerken/", views.mine_edit, name="mine_edit"),
    # the hub's inbox and intake
    path("inbox/<slug:hub_slug>/", views.inbox, name="inbox"),
    path("inbox/<slug:hub_slug>/nieuw/", views.enter, name="enter"),
    path("inbox/<slug:hub_slug>/<int:pk>/", views.intake, name="intake"),
    path("inbox/<slug:hub_slug>/<int:pk>/bewerken/", views.edit, name="edit"),
]
