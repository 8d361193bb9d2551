"""The budget dashboard: every figure equals the sum of the underlying records (a hypothesis property
over random awards, payments, settlements and reclaims), the figures move by exactly the amounts of
each step of a grant, the XLSX export holds numbers with a euro format, and the page keeps a flat
number of queries (10 vs 1,000 grants)."""

from __future__ import annotations

import datetime as dt
import io
import re
from decimal import Decimal

from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from participatiehub.core.services import data_version_bump
from participatiehub.funding import services_grants as grants
from participatiehub.funding.constants import AdvanceStatus, ApplicationStatus, ReclaimStatus
from participatiehub.funding.models import AdvancePayment, Application, BudgetLine, Grant, Reclaim, Settlement
from participatiehub.funding.selectors_budget import budget_dashboard, elapsed_percent
from participatiehub.funding.services_grants import GRANTS_PUBLIC_VERSION
from tests.factories import HubFactory, RegionFactory, UserFactory

from .factories import CallFactory, ProgrammeLineFactory, complete_application
from .grant_helpers import award, finance_user, quick_grant

pytestmark = pytest.mark.django_db
ZERO = Decimal("0.00")

cents = st.integers(min_value=0, max_value=5_000_000).map(lambda c: Decimal(c).scaleb(-2))
grant_plan = st.fixed_dictionaries(
    {
        "line": st.integers(0, 1),
        "hub": st.integers(0, 2),
        "awarded": cents,
        "payments": st.lists(st.tuples(cents, st.booleans()), max_size=3),  # (amount, paid?)
        "settled": st.none() | cents,
        "reclaims": st.lists(
            st.tuples(cents.filter(lambda d: d > 0), st.sampled_from(ReclaimStatus.values)), max_size=2
        ),
        "applied": st.lists(cents, max_size=2),
        "submitted": st.booleans(),
    }
)


def _world():
    region = RegionFactory(code="ZK90", name="Regio Negen")
    hubs = [HubFactory(follows_region=region), HubFactory(follows_region=region), HubFactory(follows_region=None)]
    lines = [
        ProgrammeLineFactory(code="P1", budget=Decimal("26000000.00")),
        ProgrammeLineFactory(code="P2", budget=Decimal("1500000.00")),
    ]
    calls = [CallFactory(line=line) for line in lines]
    return hubs, lines, calls, UserFactory()


def _build(plans, hubs, calls, lead):
    now = timezone.now()
    today = timezone.localdate()
    for n, plan in enumerate(plans):
        call, hub = calls[plan["line"]], hubs[plan["hub"]]
        application = Application.objects.create(
            call=call,
            hub=hub,
            lead_applicant=lead,
            title=f"A{n}",
            status=ApplicationStatus.AWARDED if plan["submitted"] else ApplicationStatus.DRAFT,
            submitted_at=now if plan["submitted"] else None,
        )
        for amount in plan["applied"]:
            BudgetLine.objects.create(application=application, category="staff", description="x", amount=amount)
        grant = Grant.objects.create(
            application=application,
            hub=hub,
            line=call.line,
            number=f"H-{application.pk}",
            awarded_amount=plan["awarded"],
            awarded_at=now,
            start_deadline=today,
            starts_on=today,
            ends_on=today,
        )
        for amount, paid in plan["payments"]:
            AdvancePayment.objects.create(
                grant=grant,
                planned_on=today,
                amount=amount,
                status=AdvanceStatus.PAID if paid else AdvanceStatus.PLANNED,
                paid_at=now if paid else None,
            )
        if plan["settled"] is not None:
            Settlement.objects.create(grant=grant, amount=plan["settled"], decided_at=now)
        for amount, status in plan["reclaims"]:
            Reclaim.objects.create(grant=grant, amount=amount, reason="x", status=status, created_at=now)


def _expected(plans, lines, hubs):
    """The figures computed by hand from the plans (the records as created)."""
    per_line = {i: dict.fromkeys(("budget", "committed", "advanced", "settled", "reclaimed"), ZERO) for i in range(2)}
    for i, line in enumerate(lines):
        per_line[i]["budget"] = line.budget
    per_hub = {i: dict.fromkeys(("applied", "awarded", "paid"), ZERO) for i in range(3)}
    for plan in plans:
        figures, hub = per_line[plan["line"]], per_hub[plan["hub"]]
        paid = sum((a for a, p in plan["payments"] if p), ZERO)
        figures["committed"] += plan["awarded"] if plan["settled"] is None else plan["settled"]
        figures["settled"] += plan["settled"] or ZERO
        figures["advanced"] += paid
        figures["reclaimed"] += sum((a for a, s in plan["reclaims"] if s != ReclaimStatus.CANCELLED), ZERO)
        hub["awarded"] += plan["awarded"]
        hub["paid"] += paid
        if plan["submitted"]:
            hub["applied"] += sum(plan["applied"], ZERO)
    return per_line, per_hub


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(plans=st.lists(grant_plan, max_size=6))
def test_every_figure_is_the_sum_of_the_records(db, plans):
    with transaction.atomic():
        hubs, lines, calls, lead = _world()
        _build(plans, hubs, calls, lead)
        dashboard = budget_dashboard()
        per_line, per_hub = _expected(plans, lines, hubs)
        for i, figures in enumerate(dashboard.lines):
            expected = per_line[i]
            assert figures.line == lines[i]
            for name, value in expected.items():
                assert getattr(figures, name) == value, name
            assert figures.remaining == expected["budget"] - expected["committed"]
        for name in ("budget", "committed", "advanced", "settled", "reclaimed"):
            assert getattr(dashboard.total, name) == sum((per_line[i][name] for i in range(2)), ZERO)
        assert dashboard.total.remaining == dashboard.total.budget - dashboard.total.committed
        by_pk = {int(a.key): a for a in dashboard.hubs}
        for i, hub in enumerate(hubs):
            for name, value in per_hub[i].items():
                assert getattr(by_pk[hub.pk], name) == value, name
        region = next(a for a in dashboard.regions if a.key == "ZK90")
        own = next(a for a in dashboard.regions if a.key == "")
        for name in ("applied", "awarded", "paid"):
            assert getattr(region, name) == per_hub[0][name] + per_hub[1][name]
            assert getattr(own, name) == per_hub[2][name]
            assert getattr(dashboard.totals_by_area, name) == sum((per_hub[i][name] for i in range(3)), ZERO)
        transaction.set_rollback(True)


def test_elapsed_share_of_the_period():
    start, end = dt.date(2024, 1, 1), dt.date(2027, 12, 31)
    assert elapsed_percent(start, end, dt.date(2023, 6, 1)) == Decimal("0.0")
    assert elapsed_percent(start, end, dt.date(2024, 1, 1)) == Decimal("0.1")
    assert elapsed_percent(start, end, dt.date(2025, 12, 31)) == Decimal("50.0")
    assert elapsed_percent(start, end, dt.date(2030, 1, 1)) == Decimal("100.0")


def _line_figures(client, code):
    """The figures of line ``code`` as the page shows them (the HTML, so a stale cached page fails)."""
    html = client.get(reverse("funding:budget")).content.decode()
    row = re.search(rf'<tr[^>]*data-line="{code}">(.*?)</tr>', html, re.S).group(1)
    cells = dict(re.findall(r'data-figure="(\w+)">€\xa0?\s?(-?[\d,.]+)</td>', row))
    return {
        n: Decimal(cells[n].replace(",", "")) for n in ("committed", "advanced", "settled", "reclaimed", "remaining")
    }


def test_the_dashboard_moves_by_exactly_each_step(client, hub, applicant, office):
    line = ProgrammeLineFactory(code="L1", budget=Decimal("26000000.00"))
    client.force_login(office)
    before = _line_figures(client, "L1")
    grant = award(
        hub=hub, lead_applicant=applicant, office=office, call=CallFactory(line=line), amount=Decimal("45000.00")
    )
    step = _line_figures(client, "L1")
    assert step["committed"] - before["committed"] == Decimal("45000.00")
    assert step["remaining"] == Decimal("26000000.00") - Decimal("45000.00")
    first, second = grant.advances.order_by("planned_on")
    grants.advance_pay(actor=office, advance=first)
    assert _line_figures(client, "L1")["advanced"] == Decimal("36000.00")
    grants.grant_start(actor=applicant, grant=grant)
    report = grant.progress_reports.get()
    grants.progress_report_submit(actor=applicant, report=report, text="Voortgang.")
    grants.progress_report_approve(actor=office, report=report)
    grants.advance_pay(actor=office, advance=second)
    assert _line_figures(client, "L1")["advanced"] == Decimal("45000.00")
    grants.final_report_submit(actor=applicant, grant=grant, text="Klaar.", requested_amount=Decimal("41000.00"))
    grants.settle(actor=office, grant=grant, amount=Decimal("41000.00"), reason="Minder uitgegeven.")
    after = _line_figures(client, "L1")
    assert after["settled"] == Decimal("41000.00")
    assert after["committed"] == Decimal("41000.00")
    assert after["reclaimed"] == Decimal("4000.00")
    assert after["remaining"] == Decimal("26000000.00") - Decimal("41000.00")
    html = client.get(reverse("funding:budget")).content.decode()
    assert html.count("<svg") == 3
    assert "€ 41,000.00" in html  # the tests read the English page


def test_export_has_numbers_with_a_euro_format(client, hub, applicant, office):
    from openpyxl import load_workbook

    grant = quick_grant(hub=hub, lead_applicant=applicant, amount=Decimal("1234.56"))
    AdvancePayment.objects.create(
        grant=grant, planned_on=timezone.localdate(), amount=Decimal("1000.00"), status="paid", paid_at=timezone.now()
    )
    client.force_login(finance_user())
    response = client.get(reverse("funding:budget_export"))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    book = load_workbook(io.BytesIO(response.content))
    rows = list(book["Grants"].iter_rows(values_only=True))
    assert rows[1][0] == grant.number and rows[1][8] == pytest.approx(1234.56)
    cell = book["Grants"].cell(row=2, column=9)
    assert "€" in cell.number_format
    payments = list(book["Payments"].iter_rows(values_only=True))
    assert payments[1][-1] == 1000
    lines = list(book["Programme lines"].iter_rows(values_only=True))
    assert lines[-1][0] == "Total" and lines[-1][2] == pytest.approx(1234.56)


def _grants(n: int, hubs, calls, lead) -> None:
    """``n`` grants with a paid advance, a settlement for every third and a reclaim for every fifth."""
    now, today = timezone.now(), timezone.localdate()
    applications = Application.objects.bulk_create(
        Application(call=calls[i % 2], hub=hubs[i % len(hubs)], lead_applicant=lead, title=f"B{i}", submitted_at=now)
        for i in range(n)
    )
    BudgetLine.objects.bulk_create(
        BudgetLine(application=a, category="staff", description="x", amount=Decimal("1000.00")) for a in applications
    )
    made = Grant.objects.bulk_create(
        Grant(
            application=a,
            hub=a.hub,
            line=a.call.line,
            number=f"Q-{a.pk}",
            awarded_amount=Decimal("900.00"),
            awarded_at=now,
            start_deadline=today,
            starts_on=today - dt.timedelta(days=400),
            ends_on=today - dt.timedelta(days=200),
        )
        for a in applications
    )
    AdvancePayment.objects.bulk_create(
        AdvancePayment(grant=g, planned_on=today, amount=Decimal("700.00"), status="paid", paid_at=now) for g in made
    )
    Settlement.objects.bulk_create(Settlement(grant=g, amount=Decimal("600.00"), decided_at=now) for g in made[::3])
    Reclaim.objects.bulk_create(
        Reclaim(grant=g, amount=Decimal("100.00"), reason="x", created_at=now) for g in made[::5]
    )
    data_version_bump(GRANTS_PUBLIC_VERSION)  # bulk writes bypass the services (ADR 0004)


def _count(client, url) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


@pytest.mark.slow
def test_budget_and_grant_list_keep_a_flat_number_of_queries(client, office):
    hubs, _lines, calls, lead = _world()
    client.force_login(office)
    _grants(10, hubs, calls, lead)
    urls = [reverse("funding:budget"), reverse("funding:office_grants"), reverse("funding:budget_export")]
    ten = [_count(client, url) for url in urls]
    _grants(990, hubs, calls, lead)
    thousand = [_count(client, url) for url in urls]
    assert thousand == ten
    assert ten[0] <= 10 and ten[1] <= 16


def _hub_applied(html: str, hub_name: str) -> Decimal:
    row = re.search(rf'<th[^>]*scope="row">{re.escape(hub_name)}</th>\s*<td[^>]*>€\s?([\d,.]+)</td>', html).group(1)
    return Decimal(row.replace(",", ""))


def test_the_page_is_cached_until_a_figure_can_change(client, hub, applicant, office):
    """A repeated view is served from the cache (ADR 0004); every service that changes a figure shows at once."""
    from participatiehub.funding import services

    application = complete_application(hub=hub, lead_applicant=applicant)
    client.force_login(office)
    url = reverse("funding:budget")
    with CaptureQueriesContext(connection) as first:
        html = client.get(url).content.decode()
    assert _hub_applied(html, hub.name) == Decimal("0.00")
    with CaptureQueriesContext(connection) as again:
        assert _hub_applied(client.get(url).content.decode(), hub.name) == Decimal("0.00")
    assert len(again) < len(first) and len(again) <= 6, [q["sql"][:80] for q in again]

    services.application_submit(actor=applicant, application=application)  # € 45,000 applied for
    assert _hub_applied(client.get(url).content.decode(), hub.name) == Decimal("45000.00")
    services.programme_line_create(
        actor=office,
        code="L9",
        name="Nieuwe lijn",
        budget=Decimal("1000.00"),
        starts_on=dt.date(2026, 1, 1),
        ends_on=dt.date(2026, 12, 31),
    )
    assert 'data-line="L9"' in client.get(url).content.decode()
    grant = award(hub=hub, lead_applicant=applicant, office=office, amount=Decimal("40000.00"))
    assert _hub_applied(client.get(url).content.decode(), hub.name) > Decimal("45000.00")  # the award's own application
    grants.advance_pay(actor=office, advance=grant.advances.order_by("planned_on").first())
    assert "€ 32,000.00" in client.get(url).content.decode()
