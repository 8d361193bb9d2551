from __future__ import annotations

import csv
import io

from django.db import connection
from django.urls import reverse

import pytest
from openpyxl import load_workbook

from participatiehub.audit.models import ProcessingLogEntry
from participatiehub.network import services
from participatiehub.network.constants import ImportStatus
from participatiehub.network.models import ContactPerson, NetworkImport, Organisation, OrganisationRelation
from tests.factories import (
    ContactPersonFactory,
    HubFactory,
    OrganisationFactory,
    ParticipationBodyFactory,
    RoleAssignmentFactory,
    coordinator,
)

pytestmark = pytest.mark.django_db


def url(name, hub, *args):
    return reverse(f"network:{name}", args=[hub.slug, *args])


def names(response) -> list[str]:
    return [o.name for o in response.context["page"].object_list]


# --- workspace --------------------------------------------------------------------------------


def test_workspace_redirects_to_the_only_hub(coord_client, hub):
    response = coord_client.get(reverse("network:workspace"))
    assert response.status_code == 302
    assert response["Location"] == url("home", hub)


def test_workspace_lists_several_hubs(client, hub, other_hub):
    user = coordinator(hub)
    from participatiehub.accounts.constants import Role

    RoleAssignmentFactory(user=user, role=Role.HUB_COORDINATOR, hub=other_hub)
    client.force_login(user)
    response = client.get(reverse("network:workspace"))
    assert response.status_code == 200
    assert {h.slug for h in response.context["hubs"]} == {hub.slug, other_hub.slug}


def test_home_counts(coord_client, hub):
    OrganisationFactory.create_batch(2, hub=hub, org_type="ggd")
    OrganisationFactory(hub=hub, org_type="municipality")
    OrganisationFactory(hub=HubFactory(), org_type="ggd")
    ParticipationBodyFactory(hub=hub, form="client_council")
    response = coord_client.get(url("home", hub))
    summary = response.context["summary"]
    assert summary.organisation_count == 3
    assert dict((code, n) for code, _label, n in summary.by_type)["ggd"] == 2
    assert dict((code, n) for code, _label, n in summary.by_form)["client_council"] == 1


# --- organisations: search and filters --------------------------------------------------------


@pytest.fixture
def network(hub, other_hub, utrecht, zeist):
    a = OrganisationFactory(
        hub=hub, name="Gemeente Utrecht", org_type="municipality", kvk_number="30280353", domain_support=True
    )
    a.municipalities.add(utrecht)
    b = OrganisationFactory(
        hub=hub, name="Zorgorganisaties Zeist", org_type="care_provider", domain_care=True, domain_support=False
    )
    b.municipalities.add(zeist)
    c = OrganisationFactory(
        hub=hub,
        name="Patiëntenvereniging Utrecht",
        org_type="patient_organisation",
        domain_health=True,
        domain_support=False,
    )
    c.municipalities.add(utrecht, zeist)
    ParticipationBodyFactory(hub=hub, organisation=b, form="client_council", name="Cliëntenraad Zeist")
    OrganisationFactory(hub=other_hub, name="Gemeente Utrecht elders", org_type="municipality")
    return a, b, c


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({}, ["Gemeente Utrecht", "Patiëntenvereniging Utrecht", "Zorgorganisaties Zeist"]),
        ({"q": "utrecht"}, ["Gemeente Utrecht", "Patiëntenvereniging Utrecht"]),
        ({"q": "3028"}, ["Gemeente Utrecht"]),
        ({"q": "vereniging"}, ["Patiëntenvereniging Utrecht"]),
        ({"type": "care_provider"}, ["Zorgorganisaties Zeist"]),
        ({"municipality": "GM0355"}, ["Patiëntenvereniging Utrecht", "Zorgorganisaties Zeist"]),
        ({"domain": "health"}, ["Patiëntenvereniging Utrecht"]),
        ({"form": "client_council"}, ["Zorgorganisaties Zeist"]),
        ({"form": "citizens_panel"}, []),
        ({"municipality": "GM0344", "q": "gemeente"}, ["Gemeente Utrecht"]),
        ({"type": "nonsense"}, ["Gemeente Utrecht", "Patiëntenvereniging Utrecht", "Zorgorganisaties Zeist"]),
    ],
)
def test_organisation_search_and_filters(coord_client, hub, network, params, expected):
    response = coord_client.get(url("organisations", hub), params)
    assert response.status_code == 200
    assert names(response) == expected


def test_organisation_list_htmx_renders_only_results(coord_client, hub, network):
    response = coord_client.get(url("organisations", hub), {"type": "municipality"}, HTTP_HX_REQUEST="true")
    content = response.content.decode()
    assert response.status_code == 200
    assert "<html" not in content and "<h1" not in content
    assert 'hx-swap-oob="innerHTML"' in content
    assert "Gemeente Utrecht" in content and "Zorgorganisaties" not in content
    assert "HX-Request" in response["Vary"]


def test_organisation_list_full_page(coord_client, hub, network):
    response = coord_client.get(url("organisations", hub))
    content = response.content.decode()
    assert content.count("<h1") == 1
    assert 'role="region"' in content and 'class="ph-table-wrap"' in content
    assert "3 organisations found" in content


def test_pagination_50_per_page(coord_client, hub):
    Organisation.objects.bulk_create([Organisation(hub=hub, name=f"Org {i:03d}", org_type="other") for i in range(120)])
    first = coord_client.get(url("organisations", hub))
    third = coord_client.get(url("organisations", hub), {"page": 3})
    assert len(first.context["page"].object_list) == 50
    assert names(third) == [f"Org {i:03d}" for i in range(100, 120)]
    assert "page=2" in first.content.decode()


def test_body_list_filters(coord_client, hub, utrecht):
    council = ParticipationBodyFactory(
        hub=hub, name="Adviesraad Sociaal Domein", form="social_domain_advisory_council", domain_support=True
    )
    council.municipalities.add(utrecht)
    ParticipationBodyFactory(hub=hub, name="Burgerpanel", form="citizens_panel", domain_health=True)
    ParticipationBodyFactory(hub=HubFactory(), name="Burgerpanel elders", form="citizens_panel")
    assert names(coord_client.get(url("bodies", hub), {"form": "citizens_panel"})) == ["Burgerpanel"]
    assert names(coord_client.get(url("bodies", hub), {"municipality": "GM0344"})) == ["Adviesraad Sociaal Domein"]
    assert names(coord_client.get(url("bodies", hub), {"domain": "health"})) == ["Burgerpanel"]
    assert names(coord_client.get(url("bodies", hub), {"q": "advies"})) == ["Adviesraad Sociaal Domein"]


# --- create / edit / optimistic lock ---------------------------------------------------------


def test_organisation_create_and_edit(coord_client, hub, utrecht):
    response = coord_client.post(
        url("organisation_create", hub),
        {
            "name": "Buurtteam",
            "org_type": "welfare",
            "kvk_number": "",
            "municipalities": [utrecht.pk],
            "domains": ["support"],
        },
    )
    organisation = Organisation.objects.get(name="Buurtteam")
    assert response["Location"] == url("organisation_detail", hub, organisation.pk)
    assert organisation.domain_support and list(organisation.municipalities.all()) == [utrecht]

    form = coord_client.get(url("organisation_edit", hub, organisation.pk)).context["form"]
    assert form["version"].value() == 1
    response = coord_client.post(
        url("organisation_edit", hub, organisation.pk),
        {"name": "Buurtteam Oost", "org_type": "welfare", "version": 1, "domains": ["support", "care"]},
    )
    assert response.status_code == 302
    organisation.refresh_from_db()
    assert (organisation.name, organisation.version, organisation.domain_care) == ("Buurtteam Oost", 2, True)


def test_edit_conflict_shows_message_and_keeps_other_change(coord_client, hub):
    organisation = OrganisationFactory(hub=hub, name="Origineel")
    Organisation.objects.filter(pk=organisation.pk).update(name="Door collega", version=2)
    response = coord_client.post(
        url("organisation_edit", hub, organisation.pk), {"name": "Mijn versie", "org_type": "welfare", "version": 1}
    )
    assert response.status_code == 409
    assert "Someone else saved this organisation while you were editing it" in response.content.decode()
    organisation.refresh_from_db()
    assert organisation.name == "Door collega"


def test_body_edit_conflict(coord_client, hub):
    body = ParticipationBodyFactory(hub=hub, name="Raad")
    ParticipationBodyFactory._meta.model.objects.filter(pk=body.pk).update(version=5)
    response = coord_client.post(url("body_edit", hub, body.pk), {"name": "Nieuw", "form": "other", "version": 4})
    assert response.status_code == 409
    body.refresh_from_db()
    assert body.name == "Raad"


def test_organisation_detail_shows_everything(coord_client, hub):
    organisation = OrganisationFactory(hub=hub, name="Hoofd")
    partner = OrganisationFactory(hub=hub, name="Partner")
    ParticipationBodyFactory(hub=hub, organisation=organisation, name="Raad van Hoofd")
    ContactPersonFactory(hub=hub, organisation=organisation, name="Piet Contact")
    services.relation_add(hub=hub, actor=None, source=partner, target=organisation, kind="funds")
    content = coord_client.get(url("organisation_detail", hub, organisation.pk)).content.decode()
    for text in ("Raad van Hoofd", "Piet Contact", "Partner"):
        assert text in content


def test_relation_add_and_remove_views(coord_client, hub):
    a, b = OrganisationFactory(hub=hub), OrganisationFactory(hub=hub)
    response = coord_client.post(url("relation_add", hub, a.pk), {"kind": "partner", "target": b.pk, "note": ""})
    assert response.status_code == 302
    relation = OrganisationRelation.objects.get()
    assert (relation.source, relation.target, relation.hub) == (a, b, hub)
    coord_client.post(url("relation_add", hub, a.pk), {"kind": "partner", "target": b.pk})  # duplicate: message only
    assert OrganisationRelation.objects.count() == 1
    # Removing through the other organisation's page works too.
    coord_client.post(url("relation_remove", hub, b.pk, relation.pk))
    assert not OrganisationRelation.objects.exists()


def test_relation_target_must_be_in_hub(coord_client, hub, other_hub):
    a, foreign = OrganisationFactory(hub=hub), OrganisationFactory(hub=other_hub)
    coord_client.post(url("relation_add", hub, a.pk), {"kind": "partner", "target": foreign.pk})
    assert not OrganisationRelation.objects.exists()


# --- contacts and the processing log ---------------------------------------------------------


def test_contact_list_logs_each_person_shown(coord_client, coordinator_user, hub):
    contacts = ContactPersonFactory.create_batch(3, hub=hub)
    ContactPersonFactory(hub=HubFactory())  # another hub: not shown, not logged
    response = coord_client.get(url("contacts", hub))
    assert response.status_code == 200
    entries = ProcessingLogEntry.objects.filter(activity="network.contacts.view")
    assert entries.count() == 3
    from participatiehub.audit.services import pseudonym

    assert {e.subject_pseudonym for e in entries} == {pseudonym("network.contactperson", c.pk) for c in contacts}
    assert {(e.actor_id, e.hub_id, e.operation, e.purpose) for e in entries} == {
        (coordinator_user.pk, hub.pk, "read", "contact with the regional network")
    }


def test_viewing_a_contact_and_organisation_is_logged(coord_client, hub):
    organisation = OrganisationFactory(hub=hub)
    contact = ContactPersonFactory(hub=hub, organisation=organisation)
    coord_client.get(url("contact_edit", hub, contact.pk))
    coord_client.get(url("organisation_detail", hub, organisation.pk))
    assert ProcessingLogEntry.objects.filter(activity="network.contacts.view").count() == 2


def test_contact_create_edit_delete_views(coord_client, hub):
    organisation = OrganisationFactory(hub=hub)
    response = coord_client.post(
        url("contact_create", hub),
        {"name": "Anna", "organisation": organisation.pk, "legal_basis": "consent", "email": "anna@example.nl"},
    )
    assert response.status_code == 302
    contact = ContactPerson.objects.get()
    coord_client.post(url("contact_edit", hub, contact.pk), {"name": "Anna B", "legal_basis": "consent"})
    contact.refresh_from_db()
    assert contact.name == "Anna B" and contact.organisation is None
    coord_client.post(url("contact_delete", hub, contact.pk))
    assert not ContactPerson.objects.exists()
    assert list(ProcessingLogEntry.objects.order_by("id").values_list("activity", flat=True)) == [
        "network.contacts.create",
        "network.contacts.update",
        "network.contacts.delete",
    ]


# --- import through the pages and export -----------------------------------------------------


def test_import_flow(coord_client, hub):
    from django.core.files.uploadedfile import SimpleUploadedFile

    data = "\ufeffnaam;type;kvk;gemeenten\nWelzijn A;welzijn;12345678;Utrecht\nKapot;zorgbedrijf;;\n".encode()
    response = coord_client.post(url("import", hub), {"file": SimpleUploadedFile("lijst.csv", data, "text/csv")})
    network_import = NetworkImport.objects.get()
    assert response["Location"] == url("import_preview", hub, network_import.pk)
    preview = coord_client.get(response["Location"]).content.decode()
    assert "Row 3: type &#x27;zorgbedrijf&#x27; does not exist" in preview
    assert "Import 1 organisation" not in preview  # no commit button while there are errors
    coord_client.post(url("import_commit", hub, network_import.pk))
    assert not Organisation.objects.exists()

    data = b"naam;type;kvk;gemeenten\nWelzijn A;welzijn;12345678;Utrecht\nHeel;zorgaanbieder;;\n"
    coord_client.post(url("import", hub), {"file": SimpleUploadedFile("lijst.csv", data)})
    fixed = NetworkImport.objects.latest("id")
    response = coord_client.post(url("import_commit", hub, fixed.pk), follow=True)
    assert Organisation.objects.filter(hub=hub).count() == 2
    assert "2 organisations have been added." in response.content.decode()
    fixed.refresh_from_db()
    assert fixed.status == ImportStatus.COMMITTED


def test_import_rejects_wrong_type(coord_client, hub):
    from django.core.files.uploadedfile import SimpleUploadedFile

    response = coord_client.post(url("import", hub), {"file": SimpleUploadedFile("lijst.pdf", b"%PDF-1.4")})
    assert response.status_code == 200
    assert "Upload a .csv or .xlsx file." in response.content.decode()
    assert not NetworkImport.objects.exists()


def test_import_discard(coord_client, hub):
    network_import = services.network_import_prepare(
        hub=hub, actor=None, filename="a.csv", data=b"naam,type\nA,gemeente\n"
    )
    coord_client.post(url("import_commit", hub, network_import.pk), {"discard": "1"})
    network_import.refresh_from_db()
    assert network_import.status == ImportStatus.DISCARDED
    assert not Organisation.objects.exists()


@pytest.mark.parametrize("name", ["import_template_csv", "import_template_xlsx"])
def test_templates_download(coord_client, hub, name):
    response = coord_client.get(url(name, hub))
    assert response.status_code == 200
    assert "attachment" in response["Content-Disposition"]


def _export_rows(response, fmt):
    body = b"".join(response.streaming_content)
    if fmt == "csv":
        text = body.decode("utf-8-sig")
        return list(csv.reader(io.StringIO(text), delimiter=";"))
    sheet = load_workbook(io.BytesIO(body), read_only=True).worksheets[0]
    return [[c or "" for c in row] for row in sheet.iter_rows(values_only=True)]


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_export_respects_filters(coord_client, hub, network, fmt):
    response = coord_client.get(url(f"export_{fmt}", hub), {"municipality": "GM0355"})
    rows = _export_rows(response, fmt)
    assert rows[0] == ["naam", "type", "kvk", "gemeenten", "domeinen", "website", "e-mail", "telefoon"]
    assert [r[0] for r in rows[1:]] == ["Patiëntenvereniging Utrecht", "Zorgorganisaties Zeist"]


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_export_import_round_trip(coord_client, hub, other_hub, utrecht, zeist, fmt):
    first = OrganisationFactory(
        hub=hub,
        name="Stichting =Formule",
        org_type="patient_organisation",
        kvk_number="01234567",
        website="https://example.nl/a",
        email="info@example.nl",
        phone="+31 30 123 45 67",
        domain_health=True,
        domain_care=True,
        domain_support=False,
    )
    first.municipalities.add(utrecht, zeist)
    OrganisationFactory(hub=hub, name="Tweede; met puntkomma, en komma", org_type="other", domain_support=False)
    response = coord_client.get(url(f"export_{fmt}", hub))
    assert response.streaming if fmt == "csv" else True
    body = b"".join(response.streaming_content)

    fields = [
        "name",
        "org_type",
        "kvk_number",
        "website",
        "email",
        "phone",
        "domain_health",
        "domain_care",
        "domain_support",
    ]

    def snapshot(h):
        return sorted(
            (tuple(getattr(o, f) for f in fields), tuple(sorted(m.code for m in o.municipalities.all())))
            for o in Organisation.objects.filter(hub=h)
        )

    network_import = services.network_import_prepare(hub=other_hub, actor=None, filename=f"export.{fmt}", data=body)
    assert network_import.error_count == 0, network_import.rows
    services.network_import_commit(network_import=network_import, actor=None)
    assert snapshot(other_hub) == snapshot(hub)

    # Importing the export into the same hub finds only duplicates.
    again = services.network_import_prepare(hub=hub, actor=None, filename=f"export.{fmt}", data=body)
    assert (again.new_count, again.duplicate_count) == (0, 2)


def test_csv_export_quotes_formulas(coord_client, hub):
    OrganisationFactory(hub=hub, name='=HYPERLINK("http://evil")', phone="+31 6 12345678")
    rows = _export_rows(coord_client.get(url("export_csv", hub)), "csv")
    assert rows[1][0].startswith("'=")
    assert rows[1][7] == "+31 6 12345678"


def test_dutch_full_text_search_on_postgresql_and_the_fallback_elsewhere(coord_client, hub):
    OrganisationFactory(hub=hub, name="Wijkteam Oost")
    OrganisationFactory(hub=hub, name="Bibliotheek")
    search = url("organisations", hub)
    assert names(coord_client.get(search, {"q": "wijkteam"})) == ["Wijkteam Oost"]
    # PostgreSQL's Dutch configuration stems "wijkteams" to "wijkteam"; the SQLite fallback matches text only.
    stemmed = names(coord_client.get(search, {"q": "wijkteams"}))
    assert stemmed == (["Wijkteam Oost"] if connection.vendor == "postgresql" else [])
