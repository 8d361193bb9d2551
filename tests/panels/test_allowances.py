"""Engagements (invitation cap per 12 months) and allowances (yearly volunteer allowance limit)."""
# ruff: noqa: F811 - fixtures are imported from tests/panels/test_pools_support.py

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.urls import reverse

import pytest

from participatiehub.core.exceptions import ServiceError
from participatiehub.panels import services
from participatiehub.panels.models import Allowance, Engagement, VolunteerAllowanceLimit
from participatiehub.participants.models import HubPanelSettings
from tests.panels.test_pools_support import _english, coord, coord_client, hub, make_participant, other_hub  # noqa: F401

pytestmark = pytest.mark.django_db


def test_invitation_cap_warning(hub, coord):
    HubPanelSettings.objects.create(hub=hub, max_invitations_per_year=2)
    person = make_participant(hub, name="Ans Vaak", attributes={})
    today = dt.date(2025, 6, 1)
    Engagement.objects.create(participant=person, hub=hub, invited_on=dt.date(2024, 1, 1))  # > 12 months ago
    for day in (dt.date(2025, 1, 1), dt.date(2025, 3, 1)):
        _e, warnings = services.engagement_record(hub=hub, actor=coord, participant_id=person.pk, invited_on=day)
        assert warnings == []
    _e, warnings = services.engagement_record(hub=hub, actor=coord, participant_id=person.pk, invited_on=today)
    assert len(warnings) == 1 and "3 times" in warnings[0] and "2 times" in warnings[0]


def test_engagement_page_shows_the_warning(coord_client, hub):
    HubPanelSettings.objects.create(hub=hub, max_invitations_per_year=1)
    person = make_participant(hub, name="Bram Vaak", attributes={})
    url = reverse("panels:engagements", args=[hub.slug])
    today = dt.date.today().isoformat()
    coord_client.post(url, {"participant": person.pk, "invited_on": today})
    response = coord_client.post(url, {"participant": person.pk, "invited_on": today, "took_part": "on"}, follow=True)
    assert "invited 2 times" in response.content.decode()
    assert Engagement.objects.filter(participant=person).count() == 2


def test_engagement_for_a_person_of_another_hub_is_refused(hub, other_hub, coord):
    stranger = make_participant(other_hub, name="Ver Weg", attributes={})
    with pytest.raises(ServiceError):
        services.engagement_record(hub=hub, actor=coord, participant_id=stranger.pk, invited_on=dt.date.today())


def test_allowance_warnings_near_and_over_the_yearly_limit(hub, coord):
    VolunteerAllowanceLimit.objects.create(year=2025, yearly_maximum=Decimal("2000.00"))
    person = make_participant(hub, name="Cor Geld", attributes={})
    _a, warnings = services.allowance_record(
        hub=hub,
        actor=coord,
        participant_id=person.pk,
        amount=Decimal("1500"),
        paid_on=dt.date(2025, 3, 1),
        kind="volunteer",
    )
    assert warnings == []
    _a, warnings = services.allowance_record(
        hub=hub,
        actor=coord,
        participant_id=person.pk,
        amount=Decimal("100"),
        paid_on=dt.date(2025, 4, 1),
        kind="volunteer",
    )
    assert len(warnings) == 1 and "almost" in warnings[0] and "1600.00" in warnings[0]  # 80 % reached
    _a, warnings = services.allowance_record(
        hub=hub,
        actor=coord,
        participant_id=person.pk,
        amount=Decimal("500"),
        paid_on=dt.date(2025, 5, 1),
        kind="travel",
    )
    assert "more than" in warnings[0] and "2000.00" in warnings[0]
    # Another year has its own total.
    VolunteerAllowanceLimit.objects.create(year=2026, yearly_maximum=Decimal("2100.00"))
    _a, warnings = services.allowance_record(
        hub=hub,
        actor=coord,
        participant_id=person.pk,
        amount=Decimal("10"),
        paid_on=dt.date(2026, 1, 2),
        kind="volunteer",
    )
    assert warnings == []


def test_no_limit_for_the_year_is_said(hub, coord):
    person = make_participant(hub, name="Dini Geld", attributes={})
    _a, warnings = services.allowance_record(
        hub=hub,
        actor=coord,
        participant_id=person.pk,
        amount=Decimal("50"),
        paid_on=dt.date(2031, 1, 2),
        kind="voucher",
    )
    assert "No maximum volunteer allowance has been set for 2031" in warnings[0]


def test_allowance_page(coord_client, hub):
    VolunteerAllowanceLimit.objects.create(year=dt.date.today().year, yearly_maximum=Decimal("100.00"))
    person = make_participant(hub, name="Eef Geld", attributes={})
    response = coord_client.post(
        reverse("panels:allowances", args=[hub.slug]),
        {"participant": person.pk, "amount": "90.00", "paid_on": dt.date.today().isoformat(), "kind": "volunteer"},
        follow=True,
    )
    assert "almost the tax-free volunteer allowance" in response.content.decode()
    assert Allowance.objects.get().recorded_by is not None
    response = coord_client.post(
        reverse("panels:allowances", args=[hub.slug]),
        {"participant": person.pk, "amount": "-5", "paid_on": dt.date.today().isoformat(), "kind": "volunteer"},
    )
    assert response.status_code == 200 and Allowance.objects.count() == 1
