"""Applications: drafting, submission refused with every problem at once, frozen after submission,
the completeness check (accept to the next step, return once with repair days), e-mail."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

import pytest

from participatiehub.core.exceptions import ConcurrentEditError
from participatiehub.core.models import OutgoingEmail
from participatiehub.funding import services
from participatiehub.funding.constants import ApplicationStatus, PartnerRole
from participatiehub.funding.models import Application, ApplicationStatusChange
from tests.factories import OrganisationFactory

from .factories import (
    PDF_BYTES,
    ApplicationFactory,
    BudgetLineFactory,
    CallFactory,
    PartnerFactory,
    RequiredAttachmentFactory,
    attach,
    complete_application,
)

A = ApplicationStatus
pytestmark = pytest.mark.django_db


def _messages(exc_info) -> list[str]:
    return exc_info.value.messages


def test_a_coordinator_starts_a_draft_for_their_own_hub(applicant, hub, other_hub):
    call = CallFactory()
    application = services.application_start(actor=applicant, call=call, hub=hub, title="Coalitie Utrecht")
    assert application.status == A.DRAFT
    assert application.lead_applicant == applicant
    with pytest.raises(ValidationError):
        services.application_start(actor=applicant, call=call, hub=other_hub, title="Niet van mij")


def test_no_start_on_a_closed_call(applicant, hub):
    call = CallFactory(
        closes_at=timezone.now() - dt.timedelta(minutes=1), opens_at=timezone.now() - dt.timedelta(days=9)
    )
    with pytest.raises(ValidationError, match="not open"):
        services.application_start(actor=applicant, call=call, hub=hub, title="Te laat")


def test_each_save_is_a_version_and_a_stale_save_changes_nothing(applicant, hub):
    application = ApplicationFactory(hub=hub, lead_applicant=applicant, title="Eerste")
    services.application_update(actor=applicant, application=application, expected_version=1, title="Tweede")
    assert application.version == 2
    with pytest.raises(ConcurrentEditError):
        services.application_update(actor=applicant, application=application, expected_version=1, title="Derde")
    application.refresh_from_db()
    assert (application.title, application.version) == ("Tweede", 2)


def test_submission_lists_every_problem_at_once(applicant, hub):
    call = CallFactory(max_amount=Decimal("50000.00"), max_months=6, min_partners=2)
    RequiredAttachmentFactory(call=call, name="Begroting")
    application = ApplicationFactory(call=call, hub=hub, lead_applicant=applicant, months=7)
    PartnerFactory(application=application, roles=[PartnerRole.MAIN_APPLICANT], is_dutch_legal_entity=False)
    BudgetLineFactory(application=application, amount=Decimal("50000.01"))
    with pytest.raises(ValidationError) as exc_info:
        services.application_submit(actor=applicant, application=application)
    text = " | ".join(_messages(exc_info))
    assert "at most 6 months" in text
    assert "€ 50,000.01" in text and "€ 50,000.00" in text
    assert "at least 2 partners" in text
    assert "Project leader and secretary" in text and "Administratively responsible" in text
    assert "Not a Dutch legal entity" in text
    assert "Attachments missing: Begroting" in text
    application.refresh_from_db()
    assert application.status == A.DRAFT and application.procedure == []


def test_exactly_the_maximum_amount_is_allowed(applicant, hub):
    call = CallFactory(max_amount=Decimal("45000.00"))
    application = complete_application(call=call, hub=hub, lead_applicant=applicant)
    services.application_submit(actor=applicant, application=application)
    assert application.status == A.SUBMITTED


def test_roles_that_must_sit_in_one_organisation(applicant, hub):
    call = CallFactory(roles_in_one_organisation=[PartnerRole.MAIN_APPLICANT, PartnerRole.PROJECT_LEADER])
    application = ApplicationFactory(call=call, hub=hub, lead_applicant=applicant)
    PartnerFactory(application=application, roles=[PartnerRole.MAIN_APPLICANT, PartnerRole.ADMINISTRATIVE])
    PartnerFactory(application=application, roles=[PartnerRole.PROJECT_LEADER])
    BudgetLineFactory(application=application)
    with pytest.raises(ValidationError) as exc_info:
        services.application_submit(actor=applicant, application=application)
    assert _messages(exc_info) == [
        "In this call one organisation must hold all these roles: Main applicant, Project leader and secretary."
    ]


def test_a_role_held_twice_is_refused(applicant, hub):
    application = complete_application(hub=hub, lead_applicant=applicant)
    PartnerFactory(application=application, roles=[PartnerRole.MAIN_APPLICANT])
    with pytest.raises(ValidationError, match="Only one partner can have the role"):
        services.application_submit(actor=applicant, application=application)


def test_partners_come_from_the_own_hubs_network(applicant, hub, other_hub):
    application = ApplicationFactory(hub=hub, lead_applicant=applicant)
    with pytest.raises(ValidationError, match="own hub's network"):
        services.partner_add(actor=applicant, application=application, organisation=OrganisationFactory(hub=other_hub))
    own = OrganisationFactory(hub=hub)
    partner = services.partner_add(actor=applicant, application=application, organisation=own, roles=[])
    assert partner.roles == [PartnerRole.PARTNER]
    with pytest.raises(ValidationError, match="already a partner"):
        services.partner_add(actor=applicant, application=application, organisation=own)


def test_budget_amounts_are_exact_and_positive(applicant, hub):
    application = ApplicationFactory(hub=hub, lead_applicant=applicant)
    for bad in (Decimal("0"), Decimal("-1"), Decimal("1.005")):
        with pytest.raises(ValidationError):
            services.budget_line_add(
                actor=applicant, application=application, category="staff", description="x", amount=bad
            )
    services.budget_line_add(
        actor=applicant, application=application, category="staff", description="a", amount=Decimal("0.10")
    )
    services.budget_line_add(
        actor=applicant, application=application, category="other", description="b", amount=Decimal("0.20")
    )
    assert services.budget_total(application) == Decimal("0.30")


def test_a_submitted_application_is_frozen(applicant, hub):
    call = CallFactory()
    required = RequiredAttachmentFactory(call=call)
    application = complete_application(call=call, hub=hub, lead_applicant=applicant)
    services.application_submit(actor=applicant, application=application)
    partner = application.partners.first()
    line = application.budget_lines.first()
    refusals = [
        lambda: services.application_update(
            actor=applicant, application=application, expected_version=application.version, title="x"
        ),
        lambda: services.partner_add(
            actor=applicant, application=application, organisation=OrganisationFactory(hub=hub)
        ),
        lambda: services.partner_remove(actor=applicant, partner=partner),
        lambda: services.budget_line_add(
            actor=applicant, application=application, category="staff", description="x", amount=Decimal("1")
        ),
        lambda: services.budget_line_remove(actor=applicant, line=line),
        lambda: services.attachment_upload(
            actor=applicant,
            application=application,
            uploaded_file=SimpleUploadedFile("b.pdf", PDF_BYTES),
            required=required,
        ),
        lambda: services.attachment_remove(actor=applicant, attachment=application.attachments.first()),
        lambda: services.application_submit(actor=applicant, application=application),
    ]
    for refuse in refusals:
        with pytest.raises(ValidationError):
            refuse()
    assert application.partners.count() == 2 and application.budget_lines.count() == 2


def test_submission_freezes_the_procedure_and_mails(applicant, hub, office):
    application = complete_application(hub=hub, lead_applicant=applicant)
    services.application_submit(actor=applicant, application=application)
    assert application.status == A.SUBMITTED
    assert application.procedure == ["completeness", "referees", "rebuttal", "committee", "decision"]
    assert application.submitted_at is not None
    assert list(OutgoingEmail.objects.values_list("to", flat=True).order_by("to")) == [office.email, applicant.email]
    assert "Aanvraag ontvangen" in OutgoingEmail.objects.get(to=applicant.email).subject
    change = ApplicationStatusChange.objects.get(application=application)
    assert (change.from_status, change.to_status, change.changed_by) == (A.DRAFT, A.SUBMITTED, applicant)


def test_accept_moves_to_the_next_step_of_the_frozen_procedure(applicant, hub, office):
    application = complete_application(hub=hub, lead_applicant=applicant)
    services.application_submit(actor=applicant, application=application)
    services.application_accept(actor=office, application=application)
    assert application.status == A.IN_ASSESSMENT
    with pytest.raises(ValidationError, match="not waiting for the completeness check"):
        services.application_accept(actor=office, application=application)


def test_the_applicant_cannot_check_completeness(applicant, hub):
    application = complete_application(hub=hub, lead_applicant=applicant)
    services.application_submit(actor=applicant, application=application)
    with pytest.raises(ValidationError, match="Only the programme office"):
        services.application_accept(actor=applicant, application=application)


def test_return_once_repair_before_the_due_date_and_no_second_return(applicant, hub, office):
    call = CallFactory(repair_days=10)
    required = RequiredAttachmentFactory(call=call, name="Begroting")
    application = complete_application(call=call, hub=hub, lead_applicant=applicant)
    services.application_submit(actor=applicant, application=application)
    with pytest.raises(ValidationError, match="Say what is missing"):
        services.application_return(actor=office, application=application, reason=" ")
    before = timezone.now()
    services.application_return(actor=office, application=application, reason="De begroting is onleesbaar.")
    assert application.status == A.RETURNED and application.returned_once
    assert before + dt.timedelta(days=10) <= application.repair_due <= timezone.now() + dt.timedelta(days=10)
    mail = OutgoingEmail.objects.filter(to=applicant.email).latest("pk")
    assert "niet compleet" in mail.subject and "De begroting is onleesbaar." in mail.body
    # The applicant repairs (editable again) and submits again.
    application.attachments.all().delete()
    attach(application, required)
    services.application_update(
        actor=applicant,
        application=application,
        expected_version=application.version,
        title="Verbeterd",
        summary=application.summary,
        plan=application.plan,
        months=6,
    )
    services.application_submit(actor=applicant, application=application)
    assert application.status == A.RESUBMITTED
    with pytest.raises(ValidationError, match="already returned once"):
        services.application_return(actor=office, application=application, reason="Nog steeds niet goed.")
    services.application_accept(actor=office, application=application)
    assert application.status == A.IN_ASSESSMENT


def test_resubmission_after_the_repair_due_date_is_refused(applicant, hub, office):
    application = complete_application(hub=hub, lead_applicant=applicant)
    services.application_submit(actor=applicant, application=application)
    services.application_return(actor=office, application=application, reason="Handtekening ontbreekt.")
    Application.objects.filter(pk=application.pk).update(repair_due=timezone.now() - dt.timedelta(seconds=1))
    application.refresh_from_db()
    with pytest.raises(ValidationError, match="time to repair"):
        services.application_submit(actor=applicant, application=application)
    services.application_reject_incomplete(actor=office, application=application, reason="Niet op tijd verbeterd.")
    assert application.status == A.REJECTED


def test_a_repair_may_be_submitted_after_the_call_closed(applicant, hub, office):
    application = complete_application(hub=hub, lead_applicant=applicant)
    services.application_submit(actor=applicant, application=application)
    services.application_return(actor=office, application=application, reason="Graag de handtekening.")
    application.call.__class__.objects.filter(pk=application.call_id).update(
        opens_at=timezone.now() - dt.timedelta(days=60), closes_at=timezone.now() - dt.timedelta(hours=1)
    )
    application.refresh_from_db()
    services.application_submit(actor=applicant, application=application)
    assert application.status == A.RESUBMITTED


def test_withdraw(applicant, hub, office):
    application = complete_application(hub=hub, lead_applicant=applicant)
    services.application_submit(actor=applicant, application=application)
    services.application_withdraw(actor=applicant, application=application, reason="Wij stoppen.")
    assert application.status == A.WITHDRAWN
    assert OutgoingEmail.objects.filter(to=office.email, subject__startswith="Aanvraag ingetrokken").exists()


def test_another_hubs_coordinator_changes_nothing(applicant, hub, other_coordinator):
    application = complete_application(hub=hub, lead_applicant=applicant)
    with pytest.raises(ValidationError):
        services.application_update(actor=other_coordinator, application=application, expected_version=1, title="x")
    with pytest.raises(ValidationError):
        services.application_submit(actor=other_coordinator, application=application)


def test_the_lead_applicant_must_be_a_coordinator_of_the_hub(applicant, hub, other_coordinator):
    from tests.factories import coordinator

    application = ApplicationFactory(hub=hub, lead_applicant=applicant)
    with pytest.raises(ValidationError, match="coordinator of this hub"):
        services.application_update(
            actor=applicant, application=application, expected_version=1, title="x", lead_applicant=other_coordinator
        )
    colleague = coordinator(hub)
    services.application_update(
        actor=applicant, application=application, expected_version=1, title="x", lead_applicant=colleague
    )
    assert application.lead_applicant == colleague


def test_attachments_are_checked_and_private(applicant, hub, private_files):
    call = CallFactory()
    required = RequiredAttachmentFactory(call=call)
    application = ApplicationFactory(call=call, hub=hub, lead_applicant=applicant)
    with pytest.raises(ValidationError, match="not a PDF"):
        services.attachment_upload(
            actor=applicant, application=application, uploaded_file=SimpleUploadedFile("x.pdf", b"MZ not a pdf")
        )
    attachment = services.attachment_upload(
        actor=applicant,
        application=application,
        uploaded_file=SimpleUploadedFile("mijn plan.pdf", PDF_BYTES),
        required=required,
    )
    assert attachment.name == required.name
    assert str(private_files) in attachment.file.path
