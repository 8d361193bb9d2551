"""Hand-kept IZA/AZWA regions: the services and the admin pages that use them."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.urls import reverse

import pytest

from participatiehub.geo.constants import Layer
from participatiehub.geo.models import Municipality, Region, RegionMembership
from participatiehub.geo.services import iza_region_create, region_members_set

pytestmark = pytest.mark.django_db


def codes_of(region: Region, year: int = 2025) -> set[str]:
    return set(region.memberships.filter(year=year).values_list("municipality__code", flat=True))


def test_create_and_set_members(imported):
    region = iza_region_create(code="IZA-01", name=" Groot-Amsterdam ")
    assert (region.layer, region.name, region.maintained_by_hand) == (Layer.IZA, "Groot-Amsterdam", True)
    counts = region_members_set(region=region, year=2025, municipality_codes=["GM0363", "GM0362", "GM0363"])
    assert (counts.created, counts.removed) == (2, 0)
    counts = region_members_set(region=region, year=2025, municipality_codes=["GM0363", "GM0437"])
    assert (counts.created, counts.removed, counts.unchanged) == (1, 1, 1)
    assert codes_of(region) == {"GM0363", "GM0437"}
    assert RegionMembership.objects.get(region=region, municipality__code="GM0363").layer == Layer.IZA
    region_members_set(region=region, year=2026, municipality_codes=["GM0363"])
    assert codes_of(region) == {"GM0363", "GM0437"}  # other years stay as they were


def test_duplicate_and_bad_codes(db):
    iza_region_create(code="IZA-01", name="Een")
    with pytest.raises(ValidationError) as error:
        iza_region_create(code="IZA-01", name="Twee")
    assert "code" in error.value.message_dict
    with pytest.raises(ValidationError) as error:
        iza_region_create(code="met spatie", name="")
    assert set(error.value.message_dict) == {"code", "name"}


def test_members_cannot_be_in_two_regions_of_the_layer(imported):
    first = iza_region_create(code="A", name="Regio A")
    second = iza_region_create(code="B", name="Regio B")
    region_members_set(region=first, year=2025, municipality_codes=["GM0363"])
    with pytest.raises(ValidationError) as error:
        region_members_set(region=second, year=2025, municipality_codes=["GM0363", "GM0362"])
    assert "Amsterdam" in str(error.value) and "Regio A" in str(error.value)
    assert codes_of(second) == set()


def test_unknown_municipality_and_imported_regions_are_refused(imported):
    region = iza_region_create(code="A", name="Regio A")
    with pytest.raises(ValidationError) as error:
        region_members_set(region=region, year=2025, municipality_codes=["GM9999"])
    assert "GM9999" in str(error.value)
    zk = Region.objects.get(code="ZK02")
    with pytest.raises(ValidationError):
        region_members_set(region=zk, year=2025, municipality_codes=["GM0363"])
    assert codes_of(zk) == {"GM0363", "GM0384"}
    with pytest.raises(ValidationError):
        region_members_set(region=region, year=12, municipality_codes=["GM0363"])


# --- admin -------------------------------------------------------------------------------------


def test_admin_pages_open(admin_client, imported):
    region = Region.objects.get(code="ZK02")
    municipality = Municipality.objects.get(code="GM0363")
    membership = RegionMembership.objects.filter(region=region).first()
    urls = [
        reverse("admin:geo_municipality_changelist"),
        reverse("admin:geo_municipality_changelist") + "?q=amster",
        reverse("admin:geo_municipality_change", args=[municipality.pk]),
        reverse("admin:geo_region_changelist") + "?layer__exact=zorgkantoorregio",
        reverse("admin:geo_region_change", args=[region.pk]),
        reverse("admin:geo_region_add"),
        reverse("admin:geo_regionmembership_changelist"),
        reverse("admin:geo_regionmembership_change", args=[membership.pk]),
    ]
    for url in urls:
        response = admin_client.get(url)
        assert response.status_code == 200, url
    page = admin_client.get(reverse("admin:geo_region_change", args=[region.pk])).content.decode()
    assert "<svg" in page and "Amsterdam" in page


INLINE = {"memberships-TOTAL_FORMS": "0", "memberships-INITIAL_FORMS": "0"}


def test_admin_creates_an_iza_region_with_members(admin_client, imported):
    ids = list(Municipality.objects.filter(code__in=["GM0363", "GM0362"]).values_list("pk", flat=True))
    response = admin_client.post(
        reverse("admin:geo_region_add"),
        {"code": "IZA-AMS", "name": "Amsterdam-Amstelland", "members_year": "2025", "members": ids, **INLINE},
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    region = Region.objects.get(layer=Layer.IZA, code="IZA-AMS")
    assert region.maintained_by_hand
    assert codes_of(region) == {"GM0363", "GM0362"}
    # and change the members
    response = admin_client.post(
        reverse("admin:geo_region_change", args=[region.pk]),
        {"code": "IZA-AMS", "name": "Amsterdam", "members_year": "2025", "members": ids[:1], **INLINE},
    )
    assert response.status_code == 302
    region.refresh_from_db()
    assert region.name == "Amsterdam" and len(codes_of(region)) == 1


def test_admin_shows_member_conflicts_as_form_errors(admin_client, imported):
    other = iza_region_create(code="A", name="Regio A")
    region_members_set(region=other, year=2025, municipality_codes=["GM0363"])
    amsterdam = Municipality.objects.get(code="GM0363")
    response = admin_client.post(
        reverse("admin:geo_region_add"),
        {"code": "B", "name": "Regio B", "members_year": "2025", "members": [amsterdam.pk], **INLINE},
    )
    assert response.status_code == 200
    assert "Regio A" in response.content.decode()
    assert not Region.objects.filter(code="B").exists()
