"""``manage.py demo`` builds the three programme lines, the 2024 coalition call with applications in
draft, submitted and returned, and an open call where the demo coordinator has a draft to finish."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from zoneinfo import ZoneInfo

from django.core.exceptions import ValidationError

import pytest

from participatiehub.demo.users import DEMO_USERS
from participatiehub.funding import services
from participatiehub.funding.constants import TRANSITIONS, ApplicationStatus, CallStatus
from participatiehub.funding.models import Application, Call, ProgrammeLine
from tests.core.conftest import regions  # noqa: F401
from tests.demo.test_demo import run_demo

AMS = ZoneInfo("Europe/Amsterdam")
A = ApplicationStatus
pytestmark = pytest.mark.django_db


def test_demo_funding(regions):  # noqa: F811
    output = run_demo()
    assert "Subsidies: 3 programmalijnen" in output
    lines = {line.code: line for line in ProgrammeLine.objects.all()}
    assert [(c, lines[c].name, lines[c].budget) for c in sorted(lines)] == [
        ("1", "Realiseren en monitoren", Decimal("26000000.00")),
        ("2", "Leren en evalueren", Decimal("1500000.00")),
        ("3", "Advies duurzame financiering", Decimal("1000000.00")),
    ]
    assert (lines["1"].starts_on, lines["1"].ends_on) == (dt.date(2024, 1, 1), dt.date(2027, 12, 31))

    call = Call.objects.get(title="Coalitievorming Regionale Participatiehubs")
    assert call.line == lines["1"] and call.status == CallStatus.CLOSED
    assert (call.max_amount, call.max_months, call.min_partners) == (Decimal("50000.00"), 6, 2)
    assert call.dutch_legal_entity_required
    assert call.closes_at == dt.datetime(2024, 9, 24, 14, 0, tzinfo=AMS)
    assert [d.at for d in call.deadlines.all()] == [
        dt.datetime(2024, 6, 11, 14, 0, tzinfo=AMS),
        dt.datetime(2024, 7, 30, 14, 0, tzinfo=AMS),
    ]
    applications = list(call.applications.prefetch_related("status_changes", "partners", "budget_lines"))
    assert {a.status for a in applications} == {A.DRAFT, A.SUBMITTED, A.RETURNED}
    for application in applications:
        total = sum((line.amount for line in application.budget_lines.all()), Decimal("0"))
        assert total <= call.max_amount
        changes = list(application.status_changes.all())
        if application.status == A.DRAFT:
            assert not changes and application.submitted_at is None
            continue
        assert application.procedure == ["completeness", "referees", "rebuttal", "committee", "decision"]
        assert call.opens_at < application.submitted_at < call.closes_at
        assert changes[0].changed_at == application.submitted_at
        assert [c.to_status for c in changes][-1] == application.status
        for change in changes:
            assert (change.from_status, change.to_status) in TRANSITIONS
        assert len(application.partners.all()) >= 2
        if application.status == A.RETURNED:
            assert changes[-1].reason and application.returned_once
            assert application.repair_due == changes[-1].changed_at + dt.timedelta(days=call.repair_days)

    # The open call: the demo coordinator's draft, refused at submission with every problem listed.
    coordinator = next(u for u in DEMO_USERS if u.key == "coordinator")
    draft = Application.objects.get(call__status=CallStatus.OPEN, lead_applicant__email=coordinator.email)
    assert services.call_accepts_applications(draft.call)
    from participatiehub.accounts.models import User

    with pytest.raises(ValidationError) as exc_info:
        services.application_submit(actor=User.objects.get(email=coordinator.email), application=draft)
    assert len(exc_info.value.messages) >= 3


def test_demo_reset_rebuilds_the_funding_data(regions):  # noqa: F811
    run_demo()
    first = sorted(Application.objects.values_list("title", "status"))
    run_demo(reset=True)
    assert sorted(Application.objects.values_list("title", "status")) == first
    assert ProgrammeLine.objects.count() == 3
