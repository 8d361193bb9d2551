"""List pages and the network home cost the same number of queries for 10 or 1,000 organisations."""

from __future__ import annotations

from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

import pytest

from participatiehub.network.models import Organisation, ParticipationBody

pytestmark = pytest.mark.django_db

TYPES = ["welfare", "care_provider", "ggd", "municipality"]
FORMS = ["client_council", "citizens_panel"]


def grow(hub, municipalities, total: int) -> None:
    """Bring the hub's network to ``total`` organisations and bodies (bulk, for speed).

    bulk_create bypasses the services, so the network version (and with it the cached lists) is bumped here.
    """
    from participatiehub.network.selectors import network_version_bump

    network_version_bump(hub.pk)
    start = Organisation.objects.filter(hub=hub).count()
    organisations = Organisation.objects.bulk_create(
        [
            Organisation(
                hub=hub,
                name=f"Stichting Zorg {i:04d}",
                org_type=TYPES[i % len(TYPES)],
                kvk_number=f"{10000000 + i}",
                domain_care=i % 2 == 0,
                domain_support=i % 3 == 0,
            )
            for i in range(start, total)
        ]
    )
    bodies = ParticipationBody.objects.bulk_create(
        [
            ParticipationBody(hub=hub, organisation=o, name=f"Raad {o.name}", form=FORMS[i % 2], domain_care=True)
            for i, o in enumerate(organisations)
        ]
    )
    org_through = Organisation.municipalities.through
    org_through.objects.bulk_create(
        [
            org_through(organisation_id=o.pk, municipality_id=m.pk)
            for i, o in enumerate(organisations)
            for m in municipalities[: 1 + i % len(municipalities)]
        ]
    )
    body_through = ParticipationBody.municipalities.through
    body_through.objects.bulk_create(
        [body_through(participationbody_id=b.pk, municipality_id=municipalities[0].pk) for b in bodies]
    )


PAGES = [
    ("home", {}),
    ("organisations", {}),
    ("organisations", {"q": "zorg"}),
    ("organisations", {"q": "1000"}),
    ("organisations", {"type": "welfare", "municipality": "GM0344", "domain": "care", "form": "client_council"}),
    ("organisations", {"q": "stichting", "municipality": "GM0355", "page": "2"}),
    ("bodies", {}),
    ("bodies", {"form": "citizens_panel", "municipality": "GM0344", "domain": "care", "q": "raad"}),
]


@pytest.mark.slow
def test_query_counts_flat(coord_client, hub, utrecht, amersfoort, zeist, django_assert_num_queries):
    municipalities = [utrecht, amersfoort, zeist]
    grow(hub, municipalities, 10)
    urls = [(reverse(f"network:{name}", args=[hub.slug]), params) for name, params in PAGES]
    coord_client.get(urls[0][0])  # warm up (session, content types)
    counts = []
    for path, params in urls:
        cache.clear()  # measure the cost of building the page, not of the cache hit
        with CaptureQueriesContext(connection) as ctx:
            response = coord_client.get(path, params)
        assert response.status_code == 200
        counts.append(len(ctx.captured_queries))
        if "page" in params:
            continue
        page = response.context.get("page")
        assert page is None or page.object_list, (path, params)  # the filters find something

    grow(hub, municipalities, 1000)
    assert Organisation.objects.filter(hub=hub).count() == 1000
    for (path, params), count in zip(urls, counts, strict=True):
        cache.clear()
        with django_assert_num_queries(count):
            response = coord_client.get(path, params)
        assert response.status_code == 200
        page = response.context.get("page")
        assert page is None or page.object_list, (path, params)


def test_htmx_partial_is_flat_too(coord_client, hub, utrecht, amersfoort, zeist, django_assert_num_queries):
    grow(hub, [utrecht, amersfoort, zeist], 10)
    path = reverse("network:organisations", args=[hub.slug])
    coord_client.get(path)
    cache.clear()
    with CaptureQueriesContext(connection) as ctx:
        coord_client.get(path, {"type": "ggd"}, HTTP_HX_REQUEST="true")
    grow(hub, [utrecht, amersfoort, zeist], 300)
    cache.clear()
    with django_assert_num_queries(len(ctx.captured_queries)):
        coord_client.get(path, {"type": "ggd"}, HTTP_HX_REQUEST="true")


def test_cached_list_costs_few_queries_and_follows_every_change(
    coord_client, hub, utrecht, amersfoort, zeist, django_capture_on_commit_callbacks
):
    """A repeated view is served from the cache; any write through the services shows at once."""
    from participatiehub.network import services

    grow(hub, [utrecht, amersfoort, zeist], 10)
    path = reverse("network:organisations", args=[hub.slug])
    coord_client.get(path)
    with CaptureQueriesContext(connection) as ctx:
        coord_client.get(path)
    assert len(ctx.captured_queries) <= 5  # session, user, roles, hub
    organisation = Organisation.objects.filter(hub=hub).order_by("name").first()
    with django_capture_on_commit_callbacks(execute=True):
        services.organisation_update(
            organisation=organisation,
            actor=None,
            expected_version=organisation.version,
            name="Aaa Nieuwe Naam",
            org_type=organisation.org_type,
        )
    assert "Aaa Nieuwe Naam" in coord_client.get(path).content.decode()
