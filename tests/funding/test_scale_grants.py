"""The benchmark's grants (``generate_scale_data --grants``): as many as asked, spread over the hubs and
the states, and consistent with what the grant services write."""

from __future__ import annotations

from django.db.models import Sum

import pytest

from participatiehub.demo.scale_grants import ScaleGrants
from participatiehub.funding.constants import AdvanceStatus, GrantStatus, ReclaimStatus
from participatiehub.funding.models import Grant
from participatiehub.funding.selectors_budget import budget_dashboard
from tests.factories import HubFactory, OrganisationFactory

pytestmark = pytest.mark.django_db


def test_scale_grants_are_consistent():
    hubs = [HubFactory() for _ in range(4)]
    for hub in hubs[:2]:
        OrganisationFactory.create_batch(3, hub=hub)
    counts = ScaleGrants(seed=7).create(120, hubs)
    assert counts["grants"] == Grant.objects.count() == 120
    assert set(Grant.objects.values_list("hub", flat=True)) == {h.pk for h in hubs}
    assert set(Grant.objects.values_list("status", flat=True)) == set(GrantStatus.values)
    for grant in Grant.objects.prefetch_related("advances", "reclaims").select_related("settlement"):
        paid = sum((a.amount for a in grant.advances.all() if a.status == AdvanceStatus.PAID), 0)
        assert paid <= grant.awarded_amount
        assert grant.status_changes.order_by("changed_at", "pk").last().to_status == grant.status
        if grant.status in (GrantStatus.SETTLED, GrantStatus.CLOSED):
            settled = grant.settlement.amount
            reclaimed = sum((r.amount for r in grant.reclaims.all()), 0)
            assert settled <= grant.awarded_amount and reclaimed == paid - settled
            if grant.status == GrantStatus.CLOSED:
                assert all(r.status == ReclaimStatus.RECEIVED for r in grant.reclaims.all())
    dashboard = budget_dashboard()
    assert dashboard.totals_by_area.awarded == Grant.objects.aggregate(t=Sum("awarded_amount"))["t"]
    assert ScaleGrants(seed=7).create(0, hubs) == {"grants": 0}
