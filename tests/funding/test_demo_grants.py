"""The demo's grants: one in each stage of a grant's life, made and walked by the grant services."""

from __future__ import annotations

from decimal import Decimal

import pytest

from participatiehub.demo.funding import GRANT_STAGES, demo_grants_build
from participatiehub.funding.constants import ChangeRequestStatus, GrantStatus, ProgressReportStatus, ReclaimStatus
from participatiehub.funding.models import Grant
from tests.factories import HubFactory, OrganisationFactory

from .factories import CallFactory

G = GrantStatus
pytestmark = pytest.mark.django_db


def test_demo_grants_in_every_state(office):
    hubs = []
    for n in range(len(GRANT_STAGES)):
        hub = HubFactory(slug=f"demo-{n}")
        OrganisationFactory(hub=hub)
        OrganisationFactory(hub=hub)
        hubs.append(hub)
    counts = demo_grants_build(hubs=hubs, office=office, call=CallFactory())
    assert counts == dict.fromkeys(GRANT_STAGES, 1)
    grants = {g.hub.slug: g for g in Grant.objects.select_related("hub")}
    stage = {s: grants[f"demo-{i}"] for i, s in enumerate(GRANT_STAGES)}
    assert stage["awarded"].status == G.AWARDED and stage["awarded"].award_letter
    assert stage["started"].status == G.STARTED
    assert stage["report_submitted"].progress_reports.get().status == ProgressReportStatus.SUBMITTED
    assert stage["report_approved"].change_requests.get().status == ChangeRequestStatus.PENDING
    assert stage["settlement_requested"].status == G.SETTLEMENT_REQUESTED
    assert stage["settled"].status == G.SETTLED
    assert stage["settled"].reclaims.get().amount == Decimal("1500.00")
    assert stage["closed"].status == G.CLOSED
    assert stage["closed"].reclaims.get().status == ReclaimStatus.RECEIVED
