"""Pools and quotas: derivation from population shares, CSV errors, feasibility messages and relaxation."""
# ruff: noqa: F811 - fixtures are imported from tests/panels/test_pools_support.py

from __future__ import annotations

from decimal import Decimal

from django.urls import reverse

import pytest

from participatiehub.core.exceptions import ServiceError
from participatiehub.panels import services
from participatiehub.panels.models import PoolMember, PopulationShare, Quota, Selection
from tests.panels.test_pools_support import (  # noqa: F401
    _english,
    coord,
    coord_client,
    hub,
    make_participant,
    other_hub,
    small_pool,
)

pytestmark = pytest.mark.django_db


def test_derive_quotas_rounds_share_times_seats_with_tolerance():
    rows = [
        services.QuotaRow("gender", "woman", 0, 0, share=Decimal("0.51")),
        services.QuotaRow("gender", "man", 0, 0, share=Decimal("0.49")),
        services.QuotaRow("age_band", "75+", 0, 0, share=Decimal("0.02")),
    ]
    out = services.derive_quotas(rows, 24, 1)
    assert [(r.value, r.minimum, r.maximum) for r in out] == [("woman", 11, 13), ("man", 11, 13), ("75+", 0, 1)]
    # Never more than the seats.
    assert (
        services.derive_quotas([services.QuotaRow("gender", "woman", 0, 0, share=Decimal("1"))], 5, 2)[0].maximum == 5
    )


def test_population_csv_accepts_dutch_decimals_percentages_and_semicolons(hub):
    pool = small_pool(hub)
    rows, errors = services.parse_population_csv("categorie;waarde;aandeel\ngender;woman;0,5\ngender;man;50%\n", pool)
    assert errors == []
    assert [(r.value, r.share) for r in rows] == [("woman", Decimal("0.50000")), ("man", Decimal("0.50000"))]


def test_population_csv_gives_an_error_per_row(hub):
    pool = small_pool(hub)
    text = "category,value,share\ngender,woman,abc\nreligion,x,0.1\ngender,,0.2\ngender,man,1.5\ngender,man,0.4\ngender,man,0.3\n"
    rows, errors = services.parse_population_csv(text, pool)
    assert any(e.startswith("Row 2:") and "not a number" in e for e in errors)
    assert any(e.startswith("Row 3:") and "religion" in e for e in errors)
    assert any(e.startswith("Row 4:") and "empty" in e for e in errors)
    assert any(e.startswith("Row 5:") and "between 0 and 1" in e for e in errors)
    assert any(e.startswith("Row 7:") and "earlier row" in e for e in errors)
    assert services.parse_population_csv("naam,getal\nx,1\n", pool)[1][0].startswith("The header line misses")


def test_population_page_previews_then_saves_shares_and_quotas_in_one_go(coord_client, hub):
    pool = small_pool(hub, quotas=False)
    url = reverse("panels:pool_population", args=[hub.slug, pool.pk])
    data = {
        "version": pool.version,
        "csv_text": "category,value,share\ngender,woman,0.5\ngender,man,0.5\n",
        "tolerance": 1,
    }
    response = coord_client.post(url, {**data, "preview": "1"})
    assert response.status_code == 200
    assert response.context["preview"][0].minimum == 1 and response.context["preview"][0].maximum == 3
    assert not PopulationShare.objects.filter(pool=pool).exists()
    response = coord_client.post(url, {**data, "save": "1"})
    assert response.status_code == 302
    assert PopulationShare.objects.filter(pool=pool).count() == 2
    assert set(Quota.objects.filter(pool=pool).values_list("value", "minimum", "maximum")) == {
        ("woman", 1, 3),
        ("man", 1, 3),
    }


def test_population_page_with_errors_saves_nothing(coord_client, hub):
    pool = small_pool(hub, quotas=False)
    url = reverse("panels:pool_population", args=[hub.slug, pool.pk])
    response = coord_client.post(
        url,
        {
            "version": pool.version,
            "csv_text": "category,value,share\ngender,woman,0.5\ngender,man,x\n",
            "tolerance": 1,
            "save": "1",
        },
    )
    assert response.status_code == 200
    assert "Row 3" in response.content.decode()
    assert not PopulationShare.objects.filter(pool=pool).exists() and not Quota.objects.filter(pool=pool).exists()


def test_quotas_by_hand(coord_client, hub):
    pool = small_pool(hub, quotas=False)
    url = reverse("panels:pool_quotas", args=[hub.slug, pool.pk])
    response = coord_client.get(url)
    rows = response.context["form"].rows
    data = {"version": pool.version}
    for i, row in enumerate(rows):
        if row["category"] == "gender" and row["value"] in ("woman", "man"):
            data[f"min_{i}"], data[f"max_{i}"] = 2, 2
    response = coord_client.post(url, data)
    assert response.status_code == 302
    assert Quota.objects.filter(pool=pool).count() == 2
    # min > max is refused per row, nothing changes
    i = next(i for i, r in enumerate(rows) if r["value"] == "woman")
    response = coord_client.post(url, {**data, "version": pool.version + 1, f"min_{i}": 3, f"max_{i}": 1})
    assert response.status_code == 200
    assert Quota.objects.get(pool=pool, value="woman").minimum == 2


def test_minimums_above_the_seats_are_explained_with_the_smallest_relaxation(coord_client, hub):
    pool = small_pool(hub)  # 4 seats
    Quota.objects.filter(pool=pool, value="woman").update(minimum=3, maximum=3)  # 3 women + 2 men = 5 > 4
    check = services.feasibility_check(pool)
    assert not check.ok
    text = " ".join(check.messages)
    # The category and value as the coordinator sees them on the pool page, not their codes.
    assert "De minimums voor 'Gender' tellen op tot 5 plaatsen, maar het panel heeft er 4." in text
    assert "verlaag het minimum voor Gender=Man van 2 naar 1" in text and "'gender'" not in text
    assert len(check.relaxations) == 1 and check.relaxations[0].bound == "min"
    page = coord_client.get(reverse("panels:pool_feasibility", args=[hub.slug, pool.pk])).content.decode()
    assert "tellen op tot 5 plaatsen" in page and "verlaag het minimum" in page
    # Starting a selection is refused and nothing is stored.
    with pytest.raises(ServiceError):
        services.selection_start(pool=pool, actor=None, seed="42")
    assert not Selection.objects.exists()
    # Apply the proposal.
    pool.refresh_from_db()
    response = coord_client.post(reverse("panels:pool_relax", args=[hub.slug, pool.pk]), {"version": pool.version})
    assert response.status_code == 302
    assert services.feasibility_check(pool).ok


def test_relaxation_with_a_stale_version_changes_nothing(coord_client, hub):
    pool = small_pool(hub)
    Quota.objects.filter(pool=pool, value="woman").update(minimum=3, maximum=3)
    coord_client.post(reverse("panels:pool_relax", args=[hub.slug, pool.pk]), {"version": pool.version + 5})
    assert Quota.objects.get(pool=pool, value="woman").minimum == 3


def test_pool_smaller_than_the_panel_gives_a_clear_message(hub):
    pool = small_pool(hub, seats=4, size=3)
    check = services.feasibility_check(pool)
    assert not check.ok
    assert "There are only 3 people in the pool, but the panel has 4 seats" in check.messages[0]
    with pytest.raises(ServiceError):
        services.selection_start(pool=pool, actor=None, seed="1")
    assert not Selection.objects.exists()


def test_only_consenting_participants_of_the_hub_can_join(coord_client, hub, other_hub):
    pool = small_pool(hub, size=0, quotas=False)
    ok = make_participant(hub, name="Ja Zeker", attributes={})
    no_consent = make_participant(hub, name="Nee Liever", attributes={}, consent=False)
    elsewhere = make_participant(other_hub, name="Ver Weg", attributes={})
    url = reverse("panels:pool_members_add", args=[hub.slug, pool.pk])
    coord_client.post(url, {"participants": [ok.pk]})
    assert PoolMember.objects.filter(pool=pool).count() == 1
    with pytest.raises(ServiceError):
        services.pool_members_add(pool=pool, actor=None, participant_ids=[no_consent.pk])
    with pytest.raises(ServiceError):
        services.pool_members_add(pool=pool, actor=None, participant_ids=[elsewhere.pk])
    coord_client.post(reverse("panels:pool_member_remove", args=[hub.slug, pool.pk, ok.pk]))
    assert PoolMember.objects.get(pool=pool).withdrawn_at is not None


def test_pool_create_and_list(coord_client, hub):
    response = coord_client.post(
        reverse("panels:pool_create", args=[hub.slug]),
        {"name": "Panel jeugdzorg", "panel_size": 12, "categories": ["gender", "age_band"]},
    )
    assert response.status_code == 302
    page = coord_client.get(reverse("panels:pool_list", args=[hub.slug])).content.decode()
    assert "Panel jeugdzorg" in page


def test_pool_list_query_count_is_flat(coord_client, hub, django_assert_max_num_queries):
    small_pool(hub)
    url = reverse("panels:pool_list", args=[hub.slug])
    coord_client.get(url)
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as one:
        coord_client.get(url)
    for _ in range(5):
        small_pool(hub)
    with CaptureQueriesContext(connection) as six:
        coord_client.get(url)
    assert len(six) == len(one)


def test_active_members_match_consent_by_participant_not_by_membership_id(hub):
    """Membership ids and participant ids differ: consent is looked up by the participant."""
    from participatiehub.panels.models import Pool, PoolMember
    from participatiehub.panels.selectors import active_members
    from tests.panels.test_pools_support import make_participant

    people = [make_participant(hub, name=f"Persoon {i}", attributes={}) for i in range(4)]
    other = Pool.objects.create(hub=hub, name="Eerdere pool", panel_size=1)
    pool = Pool.objects.create(hub=hub, name="Pool", panel_size=2)
    for _ in range(3):  # push the membership ids away from the participant ids
        PoolMember.objects.create(pool=other, participant=people[0])
        PoolMember.objects.filter(pool=other).delete()
    PoolMember.objects.bulk_create(PoolMember(pool=pool, participant=p) for p in reversed(people))
    assert {m.participant_id for m in active_members(pool)} == {p.pk for p in people}
