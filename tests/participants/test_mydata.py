# ruff: noqa: F811  (pytest fixtures imported from participant_helpers)
"""My data: see, download, withdraw consent, change answers and erase the account."""

from __future__ import annotations

import csv
import io
import json

from django.contrib.auth import get_user_model
from django.urls import reverse

import pytest

from participatiehub.audit.models import ProcessingLogEntry
from participatiehub.core.models import OutgoingEmail
from participatiehub.core.services import email_queue
from participatiehub.panels.constants import AllowanceKind
from participatiehub.panels.models import Allowance, Pool, PoolMember
from participatiehub.participants import services
from participatiehub.participants.models import Consent, Participant, SpecialAttributes
from tests.participants.participant_helpers import (  # noqa: F401
    _english,
    batch,
    coordinator_user,
    hub,
    make_participant,
    other_hub,
    utrecht,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def resident(batch, hub, coordinator_user, client):
    participant = make_participant(batch, email="ans@example.nl", name="Ans de Vries")
    services.participant_attributes_update(
        participant=participant,
        actor=participant.user,
        attributes={"age_band": "45-54", "municipality": "GM0344", "mantelzorg": "ja"},
        special={"beperking": "ja"},
        household_code="huis-12",
    )
    pool = Pool.objects.create(hub=hub, name="Burgerberaad zorg", panel_size=10)
    PoolMember.objects.create(pool=pool, participant=participant)
    Allowance.objects.create(
        participant=participant,
        hub=hub,
        amount="25.00",
        paid_on="2025-03-01",
        kind=AllowanceKind.VOLUNTEER,
        note="Ans de Vries, bank NL00",
    )
    services.participants_view_log(actor=coordinator_user, hub=hub, participants=[participant])
    client.force_login(participant.user)
    return participant


def test_mydata_shows_everything(client, resident):
    body = client.get(reverse("participants:mydata")).content.decode()
    for expected in [
        "Ans de Vries",
        "ans@example.nl",
        "huis-12",
        "45-54",
        "Bent u mantelzorger?",
        "Heeft u een beperking?",
        "Burgerberaad zorg",
        "25.00",
        "Text version 1",
        "Hub staff",
    ]:
        assert expected in body, expected


def test_mydata_needs_a_participant(client, coordinator_user):
    client.force_login(coordinator_user)
    assert client.get(reverse("participants:mydata")).status_code == 404
    client.logout()
    assert client.get(reverse("participants:mydata")).status_code == 302


def test_download_json(client, resident):
    response = client.get(reverse("participants:mydata_json"))
    assert response["Content-Disposition"].startswith("attachment")
    data = json.loads(response.content)
    assert data["profile"]["email"] == "ans@example.nl"
    assert {a["key"]: a["answer"] for a in data["special_attributes"]} == {"beperking": "ja"}
    assert {c["purpose"] for c in data["consents"]} == {"panel", "attributes", "special"}
    assert all(c["text_version"] == 1 for c in data["consents"])
    assert data["pools"][0]["pool"] == "Burgerberaad zorg"
    assert data["allowances"][0]["amount"] == "25.00"
    assert any(not row["by_you"] and row["activity"] == "panels.participants_view" for row in data["processing_log"])


def test_download_csv(client, resident):
    response = client.get(reverse("participants:mydata_csv"))
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0] == ["section", "field", "value"]
    assert ["profile", "email", "ans@example.nl"] in rows
    assert any(row[0].startswith("consents") and row[1] == "text_version" for row in rows)
    assert len(rows) > 20


def test_withdraw_special_deletes_special_answers(client, resident):
    response = client.post(reverse("participants:consent_withdraw", args=["special"]))
    assert response.status_code == 302
    assert not SpecialAttributes.objects.filter(participant=resident).exists()
    consent = Consent.objects.get(participant=resident, purpose="special")
    assert consent.withdrawn_at is not None
    resident.refresh_from_db()
    assert resident.attributes  # the other answers stay


def test_withdraw_attributes_clears_attributes(client, resident):
    client.post(reverse("participants:consent_withdraw", args=["attributes"]))
    resident.refresh_from_db()
    assert resident.attributes == {}
    assert SpecialAttributes.objects.filter(participant=resident).exists()


def test_withdraw_is_post_only_and_give_again(client, resident):
    assert client.get(reverse("participants:consent_withdraw", args=["feedback"])).status_code == 405
    client.post(reverse("participants:consent_withdraw", args=["attributes"]))
    client.post(reverse("participants:consent_give", args=["attributes"]))
    assert Consent.objects.filter(participant=resident, purpose="attributes").count() == 2
    assert Consent.objects.filter(participant=resident, purpose="attributes", withdrawn_at__isnull=True).count() == 1


def test_withdraw_unknown_consent_gives_message(client, resident):
    response = client.post(reverse("participants:consent_withdraw", args=["feedback"]), follow=True)
    assert "You had not agreed to this" in response.content.decode()


def test_change_attributes(client, resident):
    response = client.post(reverse("participants:signup_attributes") + "?wijzig=1", {"attr_age_band": "55-64"})
    assert response.status_code == 302
    resident.refresh_from_db()
    assert resident.attributes == {"age_band": "55-64"}


def test_erase_account(client, resident, hub):
    user_pk = resident.user.pk
    with_email = OutgoingEmail.objects.count()
    email_queue(to="ans@example.nl", subject="Uitnodiging", body="Beste Ans")
    assert OutgoingEmail.objects.count() == with_email + 1
    assert client.get(reverse("participants:erase")).status_code == 200
    response = client.post(reverse("participants:erase"), {"confirm": "yes"})
    assert response.status_code == 302 and response.url == reverse("participants:erased")

    # identity and free text are gone everywhere
    assert not get_user_model().objects.filter(pk=user_pk).exists()
    assert not get_user_model().objects.filter(email__iexact="ans@example.nl").exists()
    assert not OutgoingEmail.objects.filter(to__iexact="ans@example.nl").exists()
    resident.refresh_from_db()
    assert resident.erased_at and resident.user is None
    assert resident.display_name == "" and resident.attributes == {} and resident.household_code == ""
    assert not SpecialAttributes.objects.filter(participant=resident).exists()
    assert Allowance.objects.get(participant=resident).note == ""
    from allauth.account.models import EmailAddress

    assert not EmailAddress.objects.filter(email__iexact="ans@example.nl").exists()

    # anonymous counts remain
    assert Participant.objects.filter(hub=hub).count() == 1
    assert PoolMember.objects.filter(participant=resident).count() == 1
    assert sum(a.amount for a in Allowance.objects.filter(hub=hub)) == 25
    assert resident.invitation_code.used_at is not None
    assert ProcessingLogEntry.objects.filter(activity="panels.participant_erase").exists()
    assert not ProcessingLogEntry.objects.filter(subject_pseudonym__icontains="ans").exists()

    # logged out
    assert "_auth_user_id" not in client.session
    assert client.get(reverse("participants:mydata")).status_code == 302


def test_erase_needs_confirmation(client, resident):
    response = client.post(reverse("participants:erase"), {})
    assert response.status_code == 400
    resident.refresh_from_db()
    assert resident.erased_at is None and resident.user is not None


def test_erased_participant_is_not_listed_for_coordinator(client, resident, coordinator_user, hub):
    services.participant_erase(participant=resident)
    client.force_login(coordinator_user)
    response = client.get(reverse("participants:participants", args=[hub.slug]))
    assert "Ans" not in response.content.decode()
    detail = client.get(reverse("participants:participant_detail", args=[hub.slug, resident.pk])).content.decode()
    assert "Erased participant" in detail and "ans@example.nl" not in detail
