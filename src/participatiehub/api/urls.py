"""The API's addresses: under /api/v1, kebab-case, no slash at the end (with one: 404).

Mounted at the site's root (``participatiehub.urls``), so /api/v1 itself answers without a slash too.
"""

from django.urls import path

from . import views

app_name = "api"

P = "api/v1"

urlpatterns = [
    path(P, views.RootView.as_view(), name="root"),
    path(f"{P}/openapi.json", views.OpenApiView.as_view(), name="openapi"),
    path(f"{P}/catalogus", views.CatalogueView.as_view(), name="catalogue"),
    path(f"{P}/hubs", views.HubsView.as_view(), name="hubs"),
    path(f"{P}/hubs/<slug:slug>", views.HubView.as_view(), name="hub"),
    path(f"{P}/gemeenten", views.MunicipalitiesView.as_view(), name="municipalities"),
    path(f"{P}/regios", views.RegionsView.as_view(), name="regions"),
    path(f"{P}/vragen", views.QuestionsView.as_view(), name="questions"),
    path(f"{P}/vragen/<int:pk>", views.QuestionView.as_view(), name="question"),
    path(f"{P}/indicatoren", views.IndicatorsView.as_view(), name="indicators"),
    path(f"{P}/indicator-definities", views.IndicatorDefinitionsView.as_view(), name="indicator_definitions"),
    path(f"{P}/subsidies", views.GrantsView.as_view(), name="grants"),
    path(f"{P}/selectieverslagen", views.ReportsView.as_view(), name="reports"),
    path(f"{P}/lessen", views.LessonsView.as_view(), name="lessons"),
]
