from django.urls import path

from . import views

app_name = "funding"

urlpatterns = [
    # Public
    path("", views.calls, name="calls"),
    path("oproepen/<slug:slug>/", views.call_public, name="call_public"),
    # Applicants (coordinators of a hub)
    path("oproepen/<slug:slug>/aanvragen/", views.application_start, name="application_start"),
    path("aanvragen/", views.my_applications, name="my_applications"),
    path("aanvragen/<int:pk>/", views.application, name="application"),
    path("bijlagen/<int:pk>/", views.attachment, name="attachment"),
    # Programme office
    path("beheer/", views.office_calls, name="office_calls"),
    path("beheer/oproepen/nieuw/", views.office_call_create, name="office_call_create"),
    path("beheer/oproepen/<slug:slug>/", views.office_call, name="office_call"),
    path("beheer/aanvragen/", views.office_applications, name="office_applications"),
    path("beheer/aanvragen/<int:pk>/", views.office_application, name="office_application"),
]
