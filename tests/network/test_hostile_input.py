"""Out-of-range ids in the network pages: ignored or refused, never a 500."""

from __future__ import annotations

import pytest

from .test_views import url

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("value", ["99999999999999999999999", "9" * 5000, "-1", "abc", "²"])
def test_a_wrong_organisation_or_body_in_the_address_is_ignored(coord_client, hub, value):
    response = coord_client.get(url("contact_create", hub) + f"?organisation={value}&body={value}")
    assert response.status_code == 200
