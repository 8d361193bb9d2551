"""The resident side's addresses. They are printed on letters (/aanmelden/) and sent in e-mails:
they do not change. The coordinator's pages for participants and invitations are under /panels/<hub>/."""

from django.urls import path

from . import views

app_name = "participants"

urlpatterns = [
    # residents
    path("aanmelden/", views.signup, name="signup"),
    path("aanmelden/gegevens/", views.signup_details, name="signup_details"),
    path("aanmelden/vragen/", views.signup_attributes, name="signup_attributes"),
    path("mijn-gegevens/", views.mydata, name="mydata"),
    path("mijn-gegevens/download.json", views.mydata_download, {"fmt": "json"}, name="mydata_json"),
    path("mijn-gegevens/download.csv", views.mydata_download, {"fmt": "csv"}, name="mydata_csv"),
    path("mijn-gegevens/toestemming/<str:purpose>/intrekken/", views.consent_withdraw, name="consent_withdraw"),
    path("mijn-gegevens/toestemming/<str:purpose>/geven/", views.consent_give, name="consent_give"),
    path("mijn-gegevens/wissen/", views.erase, name="erase"),
    path("gewist/", views.erased, name="erased"),
    # coordinators
    path("panels/<slug:hub_slug>/deelnemers/", views.participant_list, name="participants"),
    path("panels/<slug:hub_slug>/deelnemers/<int:pk>/", views.participant_detail, name="participant_detail"),
    path("panels/<slug:hub_slug>/uitnodigingen/", views.invitation_list, name="invitations"),
    path("panels/<slug:hub_slug>/uitnodigingen/nieuw/", views.invitation_create, name="invitation_create"),
    path(
        "panels/<slug:hub_slug>/uitnodigingen/<int:pk>/brieven.pdf",
        views.invitation_letters,
        name="invitation_letters",
    ),
    path(
        "panels/<slug:hub_slug>/uitnodigingen/<int:pk>/brieven/status/",
        views.invitation_letters_status,
        name="invitation_letters_status",
    ),
    path(
        "panels/<slug:hub_slug>/uitnodigingen/<int:pk>/brieven/opnieuw/",
        views.invitation_letters_retry,
        name="invitation_letters_retry",
    ),
]
