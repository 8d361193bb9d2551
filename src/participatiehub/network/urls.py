from django.urls import path

from . import views

app_name = "network"

urlpatterns = [
    path("", views.workspace, name="workspace"),
    path("<slug:hub_slug>/", views.home, name="home"),
    # organisations
    path("<slug:hub_slug>/organisaties/", views.organisation_list, name="organisations"),
    path("<slug:hub_slug>/organisaties/nieuw/", views.organisation_create, name="organisation_create"),
    path("<slug:hub_slug>/organisaties/<int:pk>/", views.organisation_detail, name="organisation_detail"),
    path("<slug:hub_slug>/organisaties/<int:pk>/bewerken/", views.organisation_edit, name="organisation_edit"),
    path("<slug:hub_slug>/organisaties/<int:pk>/relaties/toevoegen/", views.relation_add, name="relation_add"),
    path(
        "<slug:hub_slug>/organisaties/<int:pk>/relaties/<int:relation_pk>/verwijderen/",
        views.relation_remove,
        name="relation_remove",
    ),
    # participation bodies
    path("<slug:hub_slug>/organen/", views.body_list, name="bodies"),
    path("<slug:hub_slug>/organen/nieuw/", views.body_create, name="body_create"),
    path("<slug:hub_slug>/organen/<int:pk>/", views.body_detail, name="body_detail"),
    path("<slug:hub_slug>/organen/<int:pk>/bewerken/", views.body_edit, name="body_edit"),
    # contact persons
    path("<slug:hub_slug>/contactpersonen/", views.contact_list, name="contacts"),
    path("<slug:hub_slug>/contactpersonen/nieuw/", views.contact_create, name="contact_create"),
    path("<slug:hub_slug>/contactpersonen/<int:pk>/bewerken/", views.contact_edit, name="contact_edit"),
    path("<slug:hub_slug>/contactpersonen/<int:pk>/verwijderen/", views.contact_delete, name="contact_delete"),
    # import and export
    path("<slug:hub_slug>/importeren/", views.import_upload, name="import"),
    path("<slug:hub_slug>/importeren/<int:import_pk>/", views.import_preview, name="import_preview"),
    path("<slug:hub_slug>/importeren/<int:import_pk>/bevestigen/", views.import_commit, name="import_commit"),
    path("<slug:hub_slug>/importeren/sjabloon.csv", views.import_template, {"fmt": "csv"}, name="import_template_csv"),
    path(
        "<slug:hub_slug>/importeren/sjabloon.xlsx", views.import_template, {"fmt": "xlsx"}, name="import_template_xlsx"
    ),
    path("<slug:hub_slug>/exporteren/organisaties.csv", views.export, {"fmt": "csv"}, name="export_csv"),
    path("<slug:hub_slug>/exporteren/organisaties.xlsx", views.export, {"fmt": "xlsx"}, name="export_xlsx"),
]
