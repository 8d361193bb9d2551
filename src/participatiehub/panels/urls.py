"""The selection side's addresses: the coordinator's pools, selections, transparency reports,
engagements and allowances under /panels/<hub>/, and the public report under /hubs/<hub>/loting/."""

from django.urls import path

from . import views

app_name = "panels"

P = "panels/<slug:hub_slug>/"

urlpatterns = [
    path(P + "pools/", views.pool_list, name="pool_list"),
    path(P + "pools/nieuw/", views.pool_create, name="pool_create"),
    path(P + "pools/<int:pk>/", views.pool_detail, name="pool_detail"),
    path(P + "pools/<int:pk>/bewerken/", views.pool_edit, name="pool_edit"),
    path(P + "pools/<int:pk>/leden/toevoegen/", views.pool_members_add, name="pool_members_add"),
    path(
        P + "pools/<int:pk>/leden/<int:participant_pk>/verwijderen/",
        views.pool_member_remove,
        name="pool_member_remove",
    ),
    path(P + "pools/<int:pk>/quota/", views.pool_quotas, name="pool_quotas"),
    path(P + "pools/<int:pk>/bevolking/", views.pool_population, name="pool_population"),
    path(P + "pools/<int:pk>/haalbaarheid/", views.pool_feasibility, name="pool_feasibility"),
    path(P + "pools/<int:pk>/haalbaarheid/aanpassen/", views.pool_relax, name="pool_relax"),
    path(P + "pools/<int:pk>/loting/", views.selection_create, name="selection_create"),
    path(P + "selecties/<int:pk>/", views.selection_detail, name="selection_detail"),
    path(P + "selecties/<int:pk>/voortgang/", views.selection_progress, name="selection_progress"),
    path(P + "selecties/<int:pk>/vervangen/", views.selection_replace, name="selection_replace"),
    path(P + "selecties/<int:pk>/verslag/", views.transparency, name="transparency"),
    path(P + "selecties/<int:pk>/verslag.pdf", views.transparency_pdf, name="transparency_pdf"),
    path(P + "selecties/<int:pk>/verslag/publiceren/", views.transparency_publish, name="transparency_publish"),
    path(P + "selecties/<int:pk>/verslag/intrekken/", views.transparency_withdraw, name="transparency_withdraw"),
    path(P + "deelname/", views.engagements, name="engagements"),
    path(P + "vergoedingen/", views.allowances, name="allowances"),
    # Public pages under the public hub pages (``/hubs/<slug>/``); the code in the address is unguessable.
    path("hubs/<slug:hub_slug>/loting/<slug:public_id>/", views.public_report, name="public_report"),
    path("hubs/<slug:hub_slug>/loting/<slug:public_id>/verslag.pdf", views.public_report_pdf, name="public_report_pdf"),
]
