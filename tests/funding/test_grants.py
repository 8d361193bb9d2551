"""Grants from award to settlement: the schedule, the award letter, payments that wait for an approved
progress report or would exceed the grant, change requests, the request for settlement, settlement
lower with a reason, the automatic reclaim, closing, history rows, e-mails, reminders and versions."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.core import mail
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

import pytest

from participatiehub.core.exceptions import ConcurrentEditError, ServiceError
from participatiehub.core.models import OutgoingEmail
from participatiehub.funding import services_grants as grants
from participatiehub.funding.constants import (
    AdvanceStatus,
    ChangeRequestKind,
    ChangeRequestStatus,
    GrantStatus,
    ProgressReportStatus,
    ReclaimStatus,
)
from participatiehub.funding.models import AdvancePayment, GrantStatusChange, Reclaim
from tests.factories import coordinator

from .grant_helpers import award, award_decision

G = GrantStatus
pytestmark = pytest.mark.django_db


@pytest.fixture
def grant(hub, applicant, office):
    return award(
        hub=hub, lead_applicant=applicant, office=office, amount=Decimal("40000.00"), conditions="Meld de start."
    )


def _advances(grant):
    return list(grant.advances.order_by("planned_on", "pk"))


def test_award_creates_the_grant_with_schedule_letter_history_and_email(grant, applicant):
    assert grant.status == G.AWARDED
    assert grant.awarded_amount == Decimal("40000.00")
    assert grant.number.endswith(f"{grant.application.pk:05d}")
    first, second = _advances(grant)
    assert (first.amount, second.amount) == (Decimal("32000.00"), Decimal("8000.00"))
    assert first.requires_progress_report is None
    report = grant.progress_reports.get()
    assert second.requires_progress_report == report
    assert grant.starts_on.day == 1 and grant.starts_on > timezone.localdate()
    assert grant.ends_on == grants.add_months(grant.starts_on, 6) - dt.timedelta(days=1)
    assert grant.start_deadline == timezone.localdate() + dt.timedelta(weeks=grants.START_DEADLINE_WEEKS)
    assert grant.award_letter.name.endswith(".pdf")
    assert grant.award_letter.open("rb").read(5) == b"%PDF-"
    history = list(grant.status_changes.all())
    assert [(h.from_status, h.to_status) for h in history] == [("", G.AWARDED)]
    email = OutgoingEmail.objects.get(to=applicant.email, purpose="awarded.txt")
    assert email.subject.startswith("Besluit: uw aanvraag is toegekend") and "€ 40.000,00" in email.body
    assert grant.number in email.body and reverse("funding:award_letter", args=[grant.pk]) in email.body


def test_award_letter_has_the_dutch_terms(grant):
    html = grants.award_letter_html(grant)
    for text in ("Verleningsbesluit", "€ 40.000,00", "€ 32.000,00", "€ 8.000,00", "vaststelling", "Meld de start."):
        assert text in html
    assert grant.start_deadline.strftime("%Y") in html


def test_only_an_award_by_the_office_creates_a_grant(hub, applicant, office):
    decision = award_decision(hub=hub, lead_applicant=applicant)
    with pytest.raises(ServiceError):
        grants.grant_create_from_decision(decision, applicant)
    grants.grant_create_from_decision(decision, office)
    with pytest.raises(ServiceError, match="already has a grant"):
        grants.grant_create_from_decision(decision, office)


def test_amounts_split_in_whole_cents():
    assert grants.advance_amounts(Decimal("100.01")) == [Decimal("80.00"), Decimal("20.01")]
    assert sum(grants.advance_amounts(Decimal("33333.33"))) == Decimal("33333.33")


def test_the_second_advance_waits_for_the_approved_progress_report(grant, applicant, office):
    first, second = _advances(grant)
    grants.advance_pay(actor=office, advance=first)
    with pytest.raises(ServiceError, match="waits for the approval"):
        grants.advance_pay(actor=office, advance=second)
    report = grant.progress_reports.get()
    with pytest.raises(ServiceError, match="once the grant has started"):
        grants.progress_report_submit(actor=applicant, report=report, text="Drie bijeenkomsten gehouden.")
    grants.grant_start(actor=applicant, grant=grant)
    grants.progress_report_submit(actor=applicant, report=report, text="Drie bijeenkomsten gehouden.")
    grants.progress_report_return(actor=office, report=report, note="Noem de aantallen deelnemers.")
    report.refresh_from_db()
    assert report.status == ProgressReportStatus.RETURNED
    with pytest.raises(ServiceError):
        grants.advance_pay(actor=office, advance=second)
    grants.progress_report_submit(actor=applicant, report=report, text="Drie bijeenkomsten, 45 deelnemers.")
    grants.progress_report_approve(actor=office, report=report)
    grants.advance_pay(actor=office, advance=second)
    assert grants.paid_total(grant) == Decimal("40000.00")
    assert {a.status for a in grant.advances.all()} == {AdvanceStatus.PAID}


def test_a_payment_that_would_exceed_the_grant_is_refused(grant, office):
    first, _second = _advances(grant)
    grants.advance_pay(actor=office, advance=first)
    extra = AdvancePayment.objects.create(grant=grant, planned_on=timezone.localdate(), amount=Decimal("8000.01"))
    with pytest.raises(ServiceError, match="more than the grant"):
        grants.advance_pay(actor=office, advance=extra)
    with pytest.raises(ServiceError, match="already been paid"):
        grants.advance_pay(actor=office, advance=first)
    assert grants.paid_total(grant) == Decimal("32000.00")


def test_only_the_office_pays_and_only_the_hub_reports(grant, applicant, other_coordinator, office):
    first, _ = _advances(grant)
    with pytest.raises(ServiceError):
        grants.advance_pay(actor=applicant, advance=first)
    with pytest.raises(ServiceError):
        grants.grant_start(actor=other_coordinator, grant=grant)
    with pytest.raises(ServiceError):
        grants.grant_start(actor=office, grant=grant)
    grant.refresh_from_db()
    assert grant.status == G.AWARDED


def test_a_stale_version_changes_nothing(grant, applicant, office):
    old = grant.version
    grants.grant_start(actor=applicant, grant=grant, expected_version=old)
    first, _ = _advances(grant)
    with pytest.raises(ConcurrentEditError):
        grants.advance_pay(actor=office, advance=first, expected_version=old)
    first.refresh_from_db()
    assert first.status == AdvanceStatus.PLANNED


def test_change_requests_extension_and_rejection(grant, applicant, office):
    end = grant.ends_on
    with pytest.raises(ServiceError, match="after the current end date"):
        grants.change_request_submit(
            actor=applicant, grant=grant, kind=ChangeRequestKind.EXTENSION, text="Later klaar.", new_end=end
        )
    request = grants.change_request_submit(
        actor=applicant,
        grant=grant,
        kind=ChangeRequestKind.EXTENSION,
        text="De zomer zit ertussen.",
        new_end=end + dt.timedelta(days=61),
    )
    with pytest.raises(ServiceError, match="already waiting"):
        grants.change_request_submit(actor=applicant, grant=grant, kind=ChangeRequestKind.BUDGET_SHIFT, text="Schuif.")
    with pytest.raises(ServiceError, match="reason for the rejection"):
        grants.change_request_decide(actor=office, request=request, approve=False)
    grants.change_request_decide(actor=office, request=request, approve=True)
    grant.refresh_from_db()
    assert grant.ends_on == end + dt.timedelta(days=61)
    shift = grants.change_request_submit(
        actor=applicant, grant=grant, kind=ChangeRequestKind.BUDGET_SHIFT, text="Van materiaal naar vergoedingen."
    )
    grants.change_request_decide(actor=office, request=shift, approve=False, note="Niet binnen de doelen.")
    shift.refresh_from_db()
    assert shift.status == ChangeRequestStatus.REJECTED and shift.decision_note == "Niet binnen de doelen."
    reasons = [h.reason for h in grant.status_changes.all()]
    assert any("Extension approved" in r for r in reasons) and any("Change rejected" in r for r in reasons)


def _to_settlement(grant, applicant, office, *, requested=Decimal("40000.00")):
    first, second = _advances(grant)
    grants.advance_pay(actor=office, advance=first)
    grants.grant_start(actor=applicant, grant=grant)
    report = grant.progress_reports.get()
    grants.progress_report_submit(actor=applicant, report=report, text="Voortgang.")
    grants.progress_report_approve(actor=office, report=report)
    grants.advance_pay(actor=office, advance=second)
    with pytest.raises(ServiceError, match="at most the awarded amount"):
        grants.final_report_submit(actor=applicant, grant=grant, text="Klaar.", requested_amount=Decimal("40000.01"))
    grants.final_report_submit(actor=applicant, grant=grant, text="Klaar.", requested_amount=requested)
    grant.refresh_from_db()
    assert grant.status == G.SETTLEMENT_REQUESTED


def test_settle_lower_needs_a_reason_and_reclaims_the_difference(grant, applicant, office):
    _to_settlement(grant, applicant, office, requested=Decimal("35000.00"))
    with pytest.raises(ServiceError, match="at most the awarded amount"):
        grants.settle(actor=office, grant=grant, amount=Decimal("40000.01"))
    with pytest.raises(ServiceError, match="reason for settling lower"):
        grants.settle(actor=office, grant=grant, amount=Decimal("35000.00"))
    mail.outbox.clear()
    grants.settle(actor=office, grant=grant, amount=Decimal("35000.00"), reason="Minder bijeenkomsten gehouden.")
    grant.refresh_from_db()
    assert grant.status == G.SETTLED
    reclaim = Reclaim.objects.get(grant=grant)
    assert reclaim.amount == Decimal("5000.00") and reclaim.status == ReclaimStatus.OPEN
    email = OutgoingEmail.objects.filter(to=applicant.email, purpose="settled.txt").get()
    assert "€ 5.000,00" in email.body and "terugvordering" in email.body
    assert grants.close_problems(grant) == ["A reclaim is still open."]
    grants.reclaim_received(actor=office, reclaim=reclaim)
    grants.grant_close(actor=office, grant=grant)
    grant.refresh_from_db()
    assert grant.status == G.CLOSED
    moves = [(h.from_status, h.to_status) for h in grant.status_changes.all() if h.from_status != h.to_status]
    assert moves == [
        ("", G.AWARDED),
        (G.AWARDED, G.STARTED),
        (G.STARTED, G.SETTLEMENT_REQUESTED),
        (G.SETTLEMENT_REQUESTED, G.SETTLED),
        (G.SETTLED, G.CLOSED),
    ]
    assert all(h.changed_by_id and h.changed_at for h in grant.status_changes.all())
    assert GrantStatusChange.objects.filter(grant=grant, reason__startswith="Reclaim of € 5").exists()


def test_settling_above_what_was_paid_plans_the_balance(grant, applicant, office):
    first, _second = _advances(grant)
    grants.advance_pay(actor=office, advance=first)
    grants.grant_start(actor=applicant, grant=grant)
    grants.final_report_submit(actor=applicant, grant=grant, text="Klaar.", requested_amount=Decimal("40000.00"))
    grants.settle(actor=office, grant=grant, amount=Decimal("38000.00"), reason="Een post niet besteed.")
    planned = grant.advances.get(status=AdvanceStatus.PLANNED)
    assert planned.amount == Decimal("6000.00") and planned.requires_progress_report is None
    assert not Reclaim.objects.filter(grant=grant).exists()
    grants.advance_pay(actor=office, advance=planned)
    assert grants.paid_total(grant) == Decimal("38000.00")
    grants.grant_close(actor=office, grant=grant)


def test_reminders_once_per_report_and_the_command(grant, applicant, office):
    grants.grant_start(actor=applicant, grant=grant)
    report = grant.progress_reports.get()
    early = report.due_on - dt.timedelta(days=grants.REMINDER_DAYS_BEFORE + 1)
    assert grants.grant_reminders_send(today=early) == 0
    call_command("send_grant_reminders", "--today", (report.due_on - dt.timedelta(days=3)).isoformat())
    call_command("send_grant_reminders", "--today", (report.due_on + dt.timedelta(days=3)).isoformat())
    reminders = OutgoingEmail.objects.filter(purpose="progress_report_reminder.txt")
    assert reminders.count() == 1
    assert reminders.get().to == applicant.email


def test_activities_of_the_own_hub_only(grant, applicant, hub, other_hub):
    from tests.trajectories.factories import ActivityFactory, QuestionFactory, TrajectoryFactory

    own = ActivityFactory(trajectory=TrajectoryFactory(question=QuestionFactory(hub=hub), hub=hub))
    foreign = ActivityFactory(trajectory=TrajectoryFactory(question=QuestionFactory(hub=other_hub), hub=other_hub))
    link = grants.grant_activity_link(actor=applicant, grant=grant, activity=own, note="Bijeenkomst betaald")
    with pytest.raises(ServiceError, match="own hub"):
        grants.grant_activity_link(actor=applicant, grant=grant, activity=foreign)
    with pytest.raises(ServiceError, match="already linked"):
        grants.grant_activity_link(actor=applicant, grant=grant, activity=own)
    grants.grant_activity_unlink(actor=applicant, link=link)
    assert not grant.activity_links.exists()


def test_a_second_coordinator_of_the_hub_may_act_too(grant, hub):
    colleague = coordinator(hub, email="collega@hub.example.nl")
    grants.grant_start(actor=colleague, grant=grant)
    grant.refresh_from_db()
    assert grant.status == G.STARTED
