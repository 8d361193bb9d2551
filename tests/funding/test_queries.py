"""The office's application list and the applicant's list keep a flat number of queries (10 vs 1,000 on the office's list, 10 vs 100 on the applicant's)."""

from __future__ import annotations

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

import pytest

from tests.factories import HubFactory

from .factories import ApplicationFactory, BudgetLineFactory, CallFactory, PartnerFactory

pytestmark = pytest.mark.django_db


def _applications(n: int, call, hub=None) -> None:
    for _ in range(n):
        application = ApplicationFactory(call=call, hub=hub or HubFactory())
        BudgetLineFactory(application=application)
        PartnerFactory(application=application)


def _count(client, url) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


def test_office_list_is_flat(client, office):
    call = CallFactory()
    client.force_login(office)
    url = reverse("funding:office_applications")
    _applications(10, call)
    ten = _count(client, url)
    _applications(990, call, HubFactory())
    thousand = _count(client, url)
    assert thousand == ten
    assert ten <= 8
    html = client.get(url).content.decode()
    assert "1000 applications" in html and "Page 1 of 20" in html
    assert html.count('<tr class="utrecht-table__row">') == 1 + 50  # the header and one page
    assert "Page 20 of 20" in client.get(url, {"pagina": 20}).content.decode()


def test_applicant_list_is_flat(client, hub, applicant):
    call = CallFactory()
    client.force_login(applicant)
    url = reverse("funding:my_applications")
    _applications(10, call, hub)
    ten = _count(client, url)
    _applications(90, call, hub)
    assert _count(client, url) == ten


def test_office_calls_list_is_flat(client, office):
    client.force_login(office)
    url = reverse("funding:office_calls")
    for _ in range(3):
        CallFactory()
    three = _count(client, url)
    for _ in range(20):
        CallFactory()
    assert _count(client, url) == three
