"""Every list costs the same number of queries for 2 rows as for 20 (built without the cache), and a
cached answer costs at most the data-version reads."""

from __future__ import annotations

from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

import pytest

from .conftest import LISTS
from .factories import world

pytestmark = pytest.mark.django_db


def _queries(client, path: str) -> int:
    cache.clear()
    with CaptureQueriesContext(connection) as captured:
        response = client.get(path, {"pageSize": 100})
    assert response.status_code == 200
    return len(captured)


def test_lists_keep_a_flat_number_of_queries(client):
    world(2)
    small = {path: _queries(client, path) for path in LISTS}
    world(18, start=2)
    large = {path: _queries(client, path) for path in LISTS}
    assert large == small
    assert max(small.values()) <= 8, small


@pytest.mark.parametrize("path", LISTS)
def test_a_cached_answer_reads_only_the_versions(client, path, django_assert_max_num_queries):
    world(2)
    client.get(path)
    with django_assert_max_num_queries(1):
        assert client.get(path).status_code == 200


def test_details_keep_a_flat_number_of_queries(client):
    made = world(1)
    question = made.questions[0]
    counts = {p: _queries(client, p) for p in ("/api/v1/hubs/api-hub-0", f"/api/v1/vragen/{question.pk}")}
    world(3, start=1)
    from participatiehub.trajectories.models import Recommendation

    advice = question.trajectory.advice
    for number in range(3, 13):
        Recommendation.objects.create(advice=advice, number=number, text=f"Aanbeveling {number}")
    assert {p: _queries(client, p) for p in counts} == counts
