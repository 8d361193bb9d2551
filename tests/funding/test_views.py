"""Funding pages: who sees what (applicants only their own hub's applications, the office all of them;
the whole URL x role matrix is in test_access_matrix.py), and the office's and applicant's forms end
to end."""

from __future__ import annotations

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

import pytest

from participatiehub.audit.models import ProcessingLogEntry
from participatiehub.funding.constants import ApplicationStatus, CallStatus, PartnerRole
from participatiehub.funding.models import Application, Call
from tests.factories import OrganisationFactory, UserFactory

from .factories import (
    PDF_BYTES,
    CallFactory,
    ProgrammeLineFactory,
    RequiredAttachmentFactory,
    attach,
    complete_application,
)

A = ApplicationStatus
pytestmark = pytest.mark.django_db


@pytest.fixture
def own(hub, applicant):
    return complete_application(hub=hub, lead_applicant=applicant, title="Coalitie Utrecht")


@pytest.fixture
def foreign(other_hub, other_coordinator):
    return complete_application(hub=other_hub, lead_applicant=other_coordinator, title="Coalitie Twente")


def _urls(application, attachment) -> list[str]:
    return [
        reverse("funding:application", args=[application.pk]),
        reverse("funding:attachment", args=[attachment.pk]),
    ]


def test_another_hubs_coordinator_gets_403(client, own, other_coordinator):
    attachment = attach(own)
    client.force_login(other_coordinator)
    for url in _urls(own, attachment):
        assert client.get(url).status_code == 403, url
        assert client.post(url, {"action": "submit"}).status_code == 403, url
    for url in [reverse("funding:office_application", args=[own.pk]), reverse("funding:office_applications")]:
        assert client.get(url).status_code == 403, url
    assert client.get(reverse("funding:application", args=[999999])).status_code == 404


def test_applicants_see_only_their_own_hubs_applications(client, own, foreign, applicant):
    client.force_login(applicant)
    page = client.get(reverse("funding:my_applications")).content.decode()
    assert "Coalitie Utrecht" in page and "Coalitie Twente" not in page
    assert client.get(reverse("funding:application", args=[own.pk])).status_code == 200


def test_the_office_sees_every_application(client, own, foreign, office):
    client.force_login(office)
    page = client.get(reverse("funding:office_applications")).content.decode()
    assert "Coalitie Utrecht" in page and "Coalitie Twente" in page
    assert "€ 45,000.00" in page
    for application in (own, foreign):
        assert client.get(reverse("funding:office_application", args=[application.pk])).status_code == 200
        assert client.get(reverse("funding:application", args=[application.pk])).status_code == 200
    filtered = client.get(reverse("funding:office_applications"), {"oproep": own.call.slug}).content.decode()
    assert "Coalitie Utrecht" in filtered and "Coalitie Twente" not in filtered


def test_public_call_pages_show_no_drafts(client):
    open_call = CallFactory(title="Open oproep")
    draft = CallFactory(title="Concept oproep", status=CallStatus.DRAFT)
    page = client.get(reverse("funding:calls")).content.decode()
    assert "Open oproep" in page and "Concept oproep" not in page
    assert client.get(reverse("funding:call_public", args=[open_call.slug])).status_code == 200
    assert client.get(reverse("funding:call_public", args=[draft.slug])).status_code == 404


def test_the_office_creates_and_shapes_a_call(client, office):
    line = ProgrammeLineFactory(code="1")
    client.force_login(office)
    response = client.post(
        reverse("funding:office_call_create"),
        {
            "line": line.pk,
            "title": "Coalitievorming Regionale Participatiehubs",
            "text": "Voor coalities.",
            "max_amount": "50000",
            "max_months": "6",
            "opens_at": "2030-01-02T09:00",
            "closes_at": "2030-09-24T14:00",
            "min_partners": "2",
            "dutch_legal_entity_required": "on",
            "roles_in_one_organisation": [PartnerRole.MAIN_APPLICANT, PartnerRole.PROJECT_LEADER],
            "repair_days": "10",
        },
    )
    call = Call.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse("funding:office_call", args=[call.slug])
    assert call.status == CallStatus.DRAFT and call.roles_in_one_organisation == ["main_applicant", "project_leader"]
    url = reverse("funding:office_call", args=[call.slug])
    client.post(
        url,
        {
            "action": "criterion_add",
            "criterion-name": "Relevantie",
            "criterion-weight": "2",
            "criterion-scale_min": "1",
            "criterion-scale_max": "9",
        },
    )
    client.post(url, {"action": "required_add", "required-name": "Begroting"})
    client.post(url, {"action": "deadline_add", "deadline-label": "Eerste ronde", "deadline-at": "2030-06-11T14:00"})
    steps = {"action": "steps"}
    for i, kind in enumerate(["completeness", "referees", "rebuttal", "committee", "decision"]):
        steps[f"steps-{kind}_order"] = str((i + 1) * 10)
        if kind != "rebuttal":
            steps[f"steps-{kind}_enabled"] = "on"
    client.post(url, steps)
    client.post(url, {"action": "open"})
    call.refresh_from_db()
    assert call.status == CallStatus.OPEN
    assert [c.name for c in call.criteria.all()] == ["Relevantie"]
    assert [r.name for r in call.required_attachments.all()] == ["Begroting"]
    assert [d.label for d in call.deadlines.all()] == ["Eerste ronde"]
    assert [s.kind for s in call.steps.filter(enabled=True).order_by("order")] == [
        "completeness",
        "referees",
        "committee",
        "decision",
    ]
    page = client.get(url).content.decode()
    assert "Completeness check → Referees → Committee → Decision" in page
    # A bad procedure is refused on the page, with the reason.
    steps.pop("steps-decision_enabled")
    page = client.post(url, steps).content.decode()
    assert "The procedure needs a decision step." in page
    public = client.get(reverse("funding:call_public", args=[call.slug])).content.decode()
    assert "24 September 2030, 14:00" in public and "11 June 2030, 14:00" in public


def test_the_applicant_drafts_is_refused_fixes_and_submits(client, hub, applicant, office):
    call = CallFactory(title="Coalitievorming")
    required = RequiredAttachmentFactory(call=call, name="Begroting")
    main = OrganisationFactory(hub=hub, name="Welzijn Utrecht")
    second = OrganisationFactory(hub=hub, name="GGD regio Utrecht")
    client.force_login(applicant)
    response = client.post(reverse("funding:application_start", args=[call.slug]), {"title": "Samen sterk"})
    application = Application.objects.get()
    url = reverse("funding:application", args=[application.pk])
    assert response["Location"] == url
    # Save as you go (htmx): the answer carries the new version.
    response = client.post(
        url,
        {
            "action": "save",
            "application-title": "Samen sterk",
            "application-summary": "Een coalitie.",
            "application-plan": "Het plan.",
            "application-months": "6",
            "application-version": "1",
            "application-lead_applicant": applicant.pk,
        },
        headers={"HX-Request": "true"},
    )
    assert response.status_code == 200 and 'value="2"' in response.content.decode()
    # A second tab with the old version: nothing is overwritten.
    stale = client.post(
        url,
        {
            "action": "save",
            "application-title": "Oud",
            "application-version": "1",
            "application-lead_applicant": applicant.pk,
        },
        headers={"HX-Request": "true"},
    ).content.decode()
    assert "Someone else saved this application" in stale
    # Without JavaScript the same refusal comes with a link to the latest version.
    stale = client.post(
        url,
        {
            "action": "save",
            "application-title": "Oud",
            "application-version": "1",
            "application-lead_applicant": applicant.pk,
        },
    ).content.decode()
    assert "Someone else saved this application" in stale and "Open the latest version" in stale
    application.refresh_from_db()
    assert (application.title, application.version) == ("Samen sterk", 2)
    client.post(
        url,
        {
            "action": "partner_add",
            "partner-organisation": main.pk,
            "partner-roles": ["main_applicant", "project_leader", "administrative"],
            "partner-is_dutch_legal_entity": "on",
        },
    )
    client.post(
        url,
        {
            "action": "budget_add",
            "budget-category": "staff",
            "budget-description": "Projectleider",
            "budget-amount": "30000",
        },
    )
    client.post(
        url,
        {
            "action": "budget_add",
            "budget-category": "allowances",
            "budget-description": "Vergoedingen",
            "budget-amount": "12500.50",
        },
    )
    client.post(
        url,
        {
            "action": "attachment_upload",
            "attachment-required": required.pk,
            "attachment-file": SimpleUploadedFile("begroting.pdf", PDF_BYTES),
        },
    )
    page = client.get(url).content.decode()
    assert "€ 42,500.50" in page and "€ 30,000.00" in page
    # Refused: one partner only.
    page = client.post(url, {"action": "submit"}).content.decode()
    assert "The coalition needs at least 2 partners; it has 1." in page
    application.refresh_from_db()
    assert application.status == A.DRAFT
    client.post(
        url, {"action": "partner_add", "partner-organisation": second.pk, "partner-is_dutch_legal_entity": "on"}
    )
    response = client.post(url, {"action": "submit"})
    assert response.status_code == 302
    application.refresh_from_db()
    assert application.status == A.SUBMITTED
    # Frozen: the page has no forms to change it, and a posted change is refused.
    page = client.get(url).content.decode()
    assert 'value="budget_add"' not in page
    client.post(
        url, {"action": "budget_add", "budget-category": "staff", "budget-description": "x", "budget-amount": "1"}
    )
    assert application.budget_lines.count() == 2
    # The office returns it once; the applicant sees the reason.
    client.force_login(office)
    office_url = reverse("funding:office_application", args=[application.pk])
    client.post(office_url, {"action": "return", "return-reason": "De begroting is niet ondertekend."})
    application.refresh_from_db()
    assert application.status == A.RETURNED
    assert application.returned_once
    assert "The applicant can submit again until" in client.get(office_url).content.decode()
    client.force_login(applicant)
    page = client.get(url).content.decode()
    assert "De begroting is niet ondertekend." in page and 'value="attachment_upload"' in page


def test_attachment_download_is_logged(client, own, office):
    attachment = attach(own)
    client.force_login(office)
    response = client.get(reverse("funding:attachment", args=[attachment.pk]))
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PDF_BYTES
    assert ProcessingLogEntry.objects.filter(activity="funding_attachment_download", actor=office).count() == 1


def test_a_user_without_a_role_cannot_start_an_application(client):
    call = CallFactory()
    client.force_login(UserFactory())
    assert client.get(reverse("funding:application_start", args=[call.slug])).status_code == 403
    assert client.get(reverse("funding:my_applications")).status_code == 403


def test_unknown_action_is_a_bad_request(client, own, applicant):
    client.force_login(applicant)
    assert client.post(reverse("funding:application", args=[own.pk]), {"action": "nope"}).status_code == 400
