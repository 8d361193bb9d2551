from django.core.cache import cache
from django.urls import reverse

import pytest

from participatiehub.hubs.constants import HubStatus
from participatiehub.hubs.models import Hub
from tests.factories import (
    HubFactory,
    HubMunicipalityFactory,
    MunicipalityFactory,
    OrganisationFactory,
    coordinator,
    decision_maker,
    evaluator,
    programme_officer,
)

pytestmark = pytest.mark.django_db

MANAGE_URLS = ["hubs:manage", "hubs:edit", "hubs:status", "hubs:design", "hubs:coverage", "hubs:coalition"]
PROGRAMME_ONLY = {"hubs:status", "hubs:coverage"}


@pytest.fixture
def two_hubs():
    a, b = HubFactory(name="Hub A", slug="hub-a"), HubFactory(name="Hub B", slug="hub-b")
    for hub in (a, b):
        HubMunicipalityFactory(hub=hub)
    return a, b


def test_public_pages_render_for_anyone(client, two_hubs):
    a, _b = two_hubs
    assert client.get(reverse("hubs:overview")).status_code == 200
    page = client.get(reverse("hubs:public", args=[a.slug]))
    assert page.status_code == 200
    assert "Hub A" in page.content.decode()
    assert client.get(reverse("hubs:list")).status_code == 200
    assert client.get(reverse("hubs:public", args=["bestaat-niet"])).status_code == 404


def test_public_hub_page_shows_no_personal_data(client, two_hubs):
    a, _ = two_hubs
    actor = programme_officer(full_name="Geheime Medewerker")
    from participatiehub.hubs import services

    services.hub_status_change(actor=actor, hub=a, to_status=HubStatus.STOPPED, note="x")
    html = client.get(reverse("hubs:public", args=[a.slug])).content.decode()
    assert "Geheime Medewerker" not in html


@pytest.mark.parametrize("name", MANAGE_URLS)
def test_anonymous_is_sent_to_login(client, two_hubs, name):
    response = client.get(reverse(name, args=[two_hubs[0].slug]))
    assert response.status_code == 302 and "/account/login/" in response.url


@pytest.mark.parametrize("name", MANAGE_URLS)
def test_coordinator_of_other_hub_is_refused(client, two_hubs, name):
    a, b = two_hubs
    client.force_login(coordinator(a))
    assert client.get(reverse(name, args=[b.slug])).status_code == 403
    assert client.post(reverse(name, args=[b.slug]), {"name": "Overgenomen", "version": b.version}).status_code == 403
    b.refresh_from_db()
    assert b.name == "Hub B"


@pytest.mark.parametrize("name", MANAGE_URLS)
@pytest.mark.parametrize("make_user", ["decision_maker", "evaluator"])
def test_decision_maker_and_evaluator_cannot_edit_any_hub(client, two_hubs, name, make_user):
    a, _ = two_hubs
    user = decision_maker(OrganisationFactory(hub=a)) if make_user == "decision_maker" else evaluator()
    client.force_login(user)
    assert client.get(reverse(name, args=[a.slug])).status_code == 403
    client.post(reverse(name, args=[a.slug]), {"name": "Overgenomen", "to_status": "stopped", "version": a.version})
    a.refresh_from_db()
    assert a.name == "Hub A" and a.status == HubStatus.DEVELOPING


@pytest.mark.parametrize("name", MANAGE_URLS)
def test_coordinator_manages_own_hub_but_not_status_or_area(client, two_hubs, name):
    a, _ = two_hubs
    client.force_login(coordinator(a))
    expected = 403 if name in PROGRAMME_ONLY else 200
    assert client.get(reverse(name, args=[a.slug])).status_code == expected


def test_programme_pages_only_for_programme_office(client, two_hubs):
    a, _ = two_hubs
    client.force_login(coordinator(a))
    assert client.get(reverse("hubs:programme")).status_code == 403
    assert client.get(reverse("hubs:create")).status_code == 403
    client.force_login(programme_officer())
    assert client.get(reverse("hubs:programme")).status_code == 200


def test_coordinator_edits_details_and_stale_form_is_refused(client, two_hubs):
    a, _ = two_hubs
    client.force_login(coordinator(a))
    data = {"name": "Hub A", "summary": "Nieuw", "contact_email": "a@example.nl", "version": a.version}
    response = client.post(reverse("hubs:edit", args=[a.slug]), data)
    assert response.status_code == 302
    a.refresh_from_db()
    assert a.summary == "Nieuw" and a.version == 2
    stale = client.post(reverse("hubs:edit", args=[a.slug]), {**data, "summary": "Oud", "version": 1})
    assert stale.status_code == 200
    assert "iemand anders" in stale.content.decode().lower()
    a.refresh_from_db()
    assert a.summary == "Nieuw"


def test_edit_requires_a_way_to_reach_the_hub(client, two_hubs):
    a, _ = two_hubs
    client.force_login(coordinator(a))
    response = client.post(reverse("hubs:edit", args=[a.slug]), {"name": "Hub A", "version": a.version})
    assert response.status_code == 200
    a.refresh_from_db()
    assert a.contact_email  # unchanged


def test_programme_office_changes_status_and_history_shows_it(client, two_hubs):
    a, _ = two_hubs
    client.force_login(programme_officer())
    a.status = HubStatus.PREPARING
    a.save()
    response = client.post(
        reverse("hubs:status", args=[a.slug]),
        {"to_status": HubStatus.FORMING_COALITION, "note": "Start coalitie", "version": a.version},
    )
    assert response.status_code == 302
    page = client.get(reverse("hubs:manage", args=[a.slug])).content.decode()
    assert "Start coalitie" in page
    bad = client.post(
        reverse("hubs:status", args=[a.slug]),
        {"to_status": HubStatus.OPERATIONAL, "version": Hub.objects.get(pk=a.pk).version},
    )
    assert bad.status_code == 200
    assert Hub.objects.get(pk=a.pk).status == HubStatus.FORMING_COALITION


def test_programme_office_creates_hub(client):
    client.force_login(programme_officer())
    response = client.post(
        reverse("hubs:create"), {"name": "Hub Nieuw", "valid_from": "2025-01-01", "contact_email": ""}
    )
    assert response.status_code == 302
    assert Hub.objects.filter(name="Hub Nieuw", status=HubStatus.PREPARING).exists()
    again = client.post(reverse("hubs:create"), {"name": "Hub Nieuw", "valid_from": "2025-01-01"})
    assert again.status_code == 200 and Hub.objects.filter(name="Hub Nieuw").count() == 1


def _build(n_hubs, n_orgs):
    for _i in range(n_hubs):
        hub = HubFactory()
        for _ in range(3):
            HubMunicipalityFactory(hub=hub)
    from participatiehub.network.models import Organisation

    hub = Hub.objects.first()
    Organisation.objects.bulk_create(Organisation(hub=hub, name=f"Org {i}", org_type="other") for i in range(n_orgs))
    return hub


@pytest.mark.parametrize("page", ["overview", "list", "public", "programme"])
def test_page_query_counts_do_not_grow(client, django_assert_max_num_queries, page):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.force_login(programme_officer())

    def count(hub):
        url = reverse(f"hubs:{page}", args=[hub.slug]) if page == "public" else reverse(f"hubs:{page}")
        cache.clear()  # measure building the page, not the cache hit
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(url).status_code == 200
        return len(ctx)

    hub = _build(3, 10)
    small = count(hub)
    _build(30, 1000)
    MunicipalityFactory.create_batch(50)
    assert count(hub) == small


def test_overview_cache_follows_status_and_area_changes(client, two_hubs):
    from participatiehub.hubs import services

    a, _ = two_hubs
    client.cookies["django_language"] = "en"
    assert "Developing" in client.get(reverse("hubs:overview")).content.decode()
    a.status = HubStatus.DEVELOPING
    services.hub_status_change(actor=None, hub=a, to_status=HubStatus.STOPPED)
    html = client.get(reverse("hubs:overview")).content.decode()
    assert f'{a.name}</a></td><td class="utrecht-table__cell">Stopped' in html
    new = MunicipalityFactory(name="Nieuwgemeente")
    services.hub_coverage_set(
        actor=None, hub=a, municipalities=[new], valid_from=__import__("datetime").date(2025, 1, 1)
    )
    html = client.get(reverse("hubs:overview")).content.decode()
    assert "Nieuwgemeente" in html


def test_public_hub_page_cache_follows_changes(client, two_hubs, django_assert_max_num_queries):
    from participatiehub.hubs import services

    a, _ = two_hubs
    client.cookies["django_language"] = "en"
    url = reverse("hubs:public", args=[a.slug])
    client.get(url)
    with django_assert_max_num_queries(3):  # session-less visitor: the hub row (and nothing else)
        client.get(url)
    org1, org2 = OrganisationFactory(hub=a, name="Eerste Partner"), OrganisationFactory(hub=a, name="Tweede Partner")
    services.coalition_member_add(actor=None, hub=a, organisation=org1, is_lead=True)
    assert "Eerste Partner" in client.get(url).content.decode()
    services.coalition_member_add(actor=None, hub=a, organisation=org2)
    assert "Tweede Partner" in client.get(url).content.decode()


def test_overview_legend_lists_every_status_with_colour_and_count(client, two_hubs):
    from participatiehub.hubs import services

    a, _ = two_hubs
    services.hub_status_change(actor=None, hub=a, to_status=HubStatus.STOPPED)
    client.cookies["django_language"] = "en"
    html = client.get(reverse("hubs:overview")).content.decode()
    table = html.split('id="status-caption"')[1].split("</table>")[0]
    for status in HubStatus:
        assert f"ph-swatch--{status.value}" in table
    assert table.count('scope="row"') == len(HubStatus)
    assert '>Stopped</th><td class="utrecht-table__cell"><span class="ph-swatch ph-swatch--stopped"' in table
    assert 'utrecht-table__cell--numeric">1</td>' in table
    legend = html.split('class="ph-legend"')[1].split("</ul>")[0]
    assert legend.count("<li>") == len(HubStatus) + 1  # every status and "No hub"


def test_manage_page_shows_the_inbox_link_only_to_whom_may_open_it(client, two_hubs):
    a, _ = two_hubs
    inbox = reverse("questions:inbox", args=[a.slug])
    client.force_login(programme_officer())
    assert client.get(reverse("hubs:manage", args=[a.slug])).status_code == 200
    assert inbox not in client.get(reverse("hubs:manage", args=[a.slug])).content.decode()
    assert client.get(inbox).status_code == 403
    client.force_login(coordinator(a))
    assert inbox in client.get(reverse("hubs:manage", args=[a.slug])).content.decode()
