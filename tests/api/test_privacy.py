"""Public data only: personal data planted everywhere it could leak from (the askers' contact details,
participants, users, contact persons, volunteers' names, notes, drafts, declined questions) never appears
in any answer of the API."""

from __future__ import annotations

import pytest

from participatiehub.accounts.models import User

from .conftest import LISTS

pytestmark = pytest.mark.django_db


def test_no_personal_data_in_any_list_or_detail(client, data):
    pages = [*LISTS, "/api/v1", "/api/v1/catalogus", "/api/v1/hubs/api-hub-0", "/api/v1/hubs/api-hub-1"]
    pages += [f"/api/v1/vragen/{q.pk}" for q in data.questions]
    forbidden = [*data.secrets, *User.objects.values_list("email", flat=True)]
    for path in pages:
        response = client.get(path, {"pageSize": 100} if path in LISTS else {})
        assert response.status_code == 200, path
        text = response.content.decode()
        for secret in forbidden:
            assert secret not in text, f"{secret!r} in {path}"
    # The hub's official contact point is public (the public hub page shows it).
    assert "servicepunt0@hub.example.nl" in client.get("/api/v1/hubs").content.decode()
