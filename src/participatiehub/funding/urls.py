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

# --- Grants from award to settlement, and the budget (views_grants.py) ---------------------------
from . import views_grants  # noqa: E402

urlpatterns += [
    # Grantees (coordinators of the hub)
    path("toekenningen/", views_grants.my_grants, name="my_grants"),
    path("toekenningen/<int:pk>/", views_grants.grant, name="grant"),
    path("toekenningen/<int:pk>/verleningsbesluit.pdf", views_grants.award_letter, name="award_letter"),
    # Programme office (the budget also for finance)
    path("beheer/toekenningen/", views_grants.office_grants, name="office_grants"),
    path("beheer/toekenningen/<int:pk>/", views_grants.office_grant, name="office_grant"),
    path("beheer/begroting/", views_grants.budget, name="budget"),
    path("beheer/begroting/export.xlsx", views_grants.budget_export, name="budget_export"),
]

# --- Assessment: assessors' inbox, conflicts, scores, rebuttal, committee, decision (views_assessment.py) ---
from . import views_assessment  # noqa: E402

urlpatterns += [
    path("beoordelen/", views_assessment.inbox, name="assessment_inbox"),
    path("beoordelen/<int:pk>/", views_assessment.score, name="assessment_score"),
    path("beoordelen/<int:pk>/belangen/", views_assessment.declare, name="assessment_declare"),
    path("aanvragen/<int:pk>/wederhoor/", views_assessment.rebuttal, name="assessment_rebuttal"),
    path("commissie/<slug:slug>/", views_assessment.committee, name="assessment_committee"),
    path("beheer/aanvragen/<int:pk>/beoordeling/", views_assessment.office, name="assessment_office"),
    path("beheer/oproepen/<slug:slug>/beoordeling/", views_assessment.office_call, name="assessment_office_call"),
]
