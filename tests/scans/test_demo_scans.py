"""The demo's scan: last year's round closed with nearly every hub submitted, this year's open with a
deadline ahead and every status; the showcase coordinator has a draft; the radar has last year; wipe."""

from __future__ import annotations

from django.utils import timezone

import pytest

from participatiehub.demo.scans import demo_scans_build, wipe_scans
from participatiehub.scans import selectors
from participatiehub.scans.constants import ResponseStatus
from participatiehub.scans.models import ScanResponse, ScanRound, ScanTemplate
from tests.factories import HubFactory, coordinator

pytestmark = pytest.mark.django_db


def test_the_demo_builds_two_rounds_and_wipe_removes_them(office):
    hubs = [HubFactory() for _ in range(8)]
    showcase = hubs[3]
    coord = coordinator(showcase, email="coordinator@demo.example")
    counts = demo_scans_build(hubs=hubs, office=office, coordinator=coord, showcase_hub=showcase, seed=42)
    year = timezone.localdate().year
    previous, current = ScanRound.objects.get(year=year - 1), ScanRound.objects.get(year=year)
    assert previous.closed_at is not None
    assert current.closed_at is None and current.deadline > timezone.now()
    assert previous.responses.filter(status=ResponseStatus.SUBMITTED).count() >= 6
    statuses = set(current.responses.values_list("status", flat=True))
    assert statuses == {ResponseStatus.SUBMITTED, ResponseStatus.DRAFT, ResponseStatus.NOT_STARTED}
    mine = current.responses.get(hub=showcase)
    assert mine.status == ResponseStatus.DRAFT and mine.last_saved_by == coord
    assert showcase.pk in selectors.dimension_scores(year - 1)
    assert counts["rondes"] == 2 and counts["concept dit jaar"] >= 2
    assert all(0 <= v <= 100 for scores in selectors.dimension_scores(year).values() for v in scores.values())
    # The same seed gives the same answers.
    assert wipe_scans() == 16
    assert ScanResponse.objects.count() == 0 and ScanRound.objects.count() == 0
    assert ScanTemplate.objects.exists()
    again = demo_scans_build(hubs=hubs, office=office, coordinator=coord, showcase_hub=showcase, seed=42)
    assert again == counts
