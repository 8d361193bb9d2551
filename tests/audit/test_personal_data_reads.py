"""Reads of personal data in the Django admin and the organisation exports write processing-log rows."""

from __future__ import annotations

from django.urls import reverse

import pytest

from participatiehub.audit.models import ProcessingLogEntry
from participatiehub.audit.services import pseudonym
from participatiehub.network.constants import CONTACT_SUBJECT_TYPE
from participatiehub.participants import services as panel_services
from participatiehub.participants.selectors import SUBJECT_TYPE as PARTICIPANT
from tests.factories import (
    ContactPersonFactory,
    HubFactory,
    OrganisationFactory,
    UserFactory,
    coordinator,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_user():
    return UserFactory(email="beheer@example.nl", is_staff=True, is_superuser=True)


@pytest.fixture
def admin_client(client, admin_user):
    client.force_login(admin_user)
    return client


def _reads(subject_type: str):
    return ProcessingLogEntry.objects.filter(operation="read", subject_type=subject_type)


def _participant(hub):
    batch = panel_services.invitation_batch_create(hub=hub, actor=coordinator(hub), name="Brieven", size=1)
    return panel_services.participant_signup(
        code=batch.codes.first().code, email="inwoner@example.nl", display_name="Ans", consents=["panel"]
    )


def test_admin_participant_list_and_form_are_logged(admin_client, admin_user):
    hub = HubFactory()
    participant = _participant(hub)
    before = _reads(PARTICIPANT).count()
    assert admin_client.get(reverse("admin:participants_participant_changelist")).status_code == 200
    listed = list(_reads(PARTICIPANT).order_by("id")[before:])
    assert [(row.actor, row.subject_pseudonym, row.hub_id) for row in listed] == [
        (admin_user, pseudonym(PARTICIPANT, participant.pk), hub.pk)
    ]
    assert admin_client.get(reverse("admin:participants_participant_change", args=[participant.pk])).status_code == 200
    viewed = _reads(PARTICIPANT).latest("id")
    assert viewed.activity == "admin view participant" and viewed.subject_pseudonym == pseudonym(
        PARTICIPANT, participant.pk
    )


def test_admin_contact_list_form_and_organisation_inline_are_logged(admin_client, admin_user):
    hub = HubFactory()
    organisation = OrganisationFactory(hub=hub)
    contact = ContactPersonFactory(hub=hub, organisation=organisation)
    expected = pseudonym(CONTACT_SUBJECT_TYPE, contact.pk)
    for url in (
        reverse("admin:network_contactperson_changelist"),
        reverse("admin:network_contactperson_change", args=[contact.pk]),
        reverse("admin:network_organisation_change", args=[organisation.pk]),  # contacts inline
    ):
        before = _reads(CONTACT_SUBJECT_TYPE).count()
        assert admin_client.get(url).status_code == 200
        rows = list(_reads(CONTACT_SUBJECT_TYPE).order_by("id")[before:])
        assert [(row.actor, row.subject_pseudonym, row.hub_id) for row in rows] == [(admin_user, expected, hub.pk)], url


def test_admin_user_list_and_form_are_logged(admin_client, admin_user):
    other = UserFactory(email="iemand@example.nl")
    admin_client.get(reverse("admin:accounts_user_changelist"))
    listed = {row.subject_pseudonym for row in _reads("accounts.user")}
    assert {pseudonym("accounts.user", other.pk), pseudonym("accounts.user", admin_user.pk)} <= listed
    count = _reads("accounts.user").count()
    assert admin_client.get(reverse("admin:accounts_user_change", args=[other.pk])).status_code == 200
    assert _reads("accounts.user").count() == count + 1
    assert _reads("accounts.user").latest("id").subject_pseudonym == pseudonym("accounts.user", other.pk)


def test_an_empty_admin_list_writes_nothing(admin_client):
    admin_client.get(reverse("admin:network_contactperson_changelist"))
    assert not _reads(CONTACT_SUBJECT_TYPE).exists()


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_organisation_export_is_logged(client, fmt):
    hub = HubFactory()
    OrganisationFactory.create_batch(3, hub=hub)
    user = coordinator(hub)
    client.force_login(user)
    response = client.get(reverse(f"network:export_{fmt}", args=[hub.slug]))
    assert response.status_code == 200
    row = ProcessingLogEntry.objects.get(subject_type="network.organisation")
    assert (row.actor, row.operation, row.hub_id, row.object_count) == (user, "read", hub.pk, 3)
    assert row.activity == f"network.organisations.export ({fmt})"
