# ruff: noqa: F811  (pytest fixtures imported from participant_helpers)
"""Sign-up with a letter code, consents, attributes and the coordinator's participant pages."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

import pytest

from participatiehub.audit.models import ProcessingLogEntry
from participatiehub.audit.services import pseudonym
from participatiehub.core.exceptions import ServiceError
from participatiehub.participants import services
from participatiehub.participants.constants import ConsentPurpose
from participatiehub.participants.models import Consent, ConsentText, InvitationCode, Participant, SpecialAttributes
from tests.factories import OrganisationFactory, coordinator, decision_maker, evaluator, programme_officer
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


def _signup(client, code, *, consents=("panel",), email="inwoner@example.nl"):
    client.post(reverse("participants:signup"), {"code": code})
    data = {"email": email, "display_name": "Ans"}
    data.update({f"consent_{p}": "on" for p in consents})
    return client.post(reverse("participants:signup_details"), data)


def test_consent_texts_exist_for_every_purpose():
    assert set(ConsentText.objects.values_list("purpose", flat=True)) == set(ConsentPurpose.values)


def test_signup_page_prefills_code(client):
    response = client.get(reverse("participants:signup") + "?code=ABCD")
    assert response.status_code == 200
    assert 'value="ABCD"' in response.content.decode()


def test_signup_happy_path(client, batch):
    code = batch.codes.first()
    typed = "-".join([code.code[:4].lower(), code.code[4:8], " " + code.code[8:]])  # case, dashes and spaces
    response = client.post(reverse("participants:signup"), {"code": typed})
    assert response.status_code == 302 and response.url == reverse("participants:signup_details")
    page = client.get(reverse("participants:signup_details"))
    for purpose in ConsentPurpose.values:
        assert f"consent_{purpose}" in page.content.decode()
    response = client.post(
        reverse("participants:signup_details"),
        {"email": "Ans@Example.nl", "display_name": "Ans", "consent_panel": "on", "consent_attributes": "on"},
    )
    assert response.status_code == 302 and response.url == reverse("participants:signup_attributes")
    participant = Participant.objects.get()
    assert participant.hub == batch.hub and participant.user.email == "ans@example.nl"
    assert not participant.user.has_usable_password()
    code.refresh_from_db()
    assert code.used_at and code.participant == participant
    consents = {c.purpose: c.text.version for c in participant.consents.all()}
    assert consents == {"panel": 1, "attributes": 1}
    # logged in: step 3 shows the standard questions but no special ones (no SPECIAL consent)
    page = client.get(reverse("participants:signup_attributes")).content.decode()
    assert "attr_age_band" in page and "attr_mantelzorg" in page and "special_beperking" not in page
    response = client.post(
        reverse("participants:signup_attributes"),
        {"attr_age_band": "35-44", "attr_municipality": "GM0344", "attr_mantelzorg": "ja", "special_beperking": "ja"},
    )
    assert response.status_code == 302
    participant.refresh_from_db()
    assert participant.attributes == {"age_band": "35-44", "municipality": "GM0344", "mantelzorg": "ja"}
    assert not SpecialAttributes.objects.exists()


def test_special_answers_stored_apart_only_with_consent(client, batch):
    _signup(client, batch.codes.first().code, consents=("panel", "attributes", "special"))
    response = client.post(
        reverse("participants:signup_attributes"),
        {"attr_gender": "woman", "special_beperking": "ja", "household_code": "zonnebloem"},
    )
    assert response.status_code == 302
    participant = Participant.objects.get()
    assert participant.attributes == {"gender": "woman"}
    assert "beperking" not in participant.attributes
    assert participant.special.data == {"beperking": "ja"}
    assert participant.household_code == "zonnebloem"


def test_attributes_without_consent_are_refused(batch):
    participant = make_participant(batch, consents=[ConsentPurpose.PANEL])
    with pytest.raises(ServiceError):
        services.participant_attributes_update(participant=participant, actor=None, attributes={"age_band": "35-44"})
    with pytest.raises(ServiceError):
        services.participant_attributes_update(
            participant=participant, actor=None, attributes={}, special={"beperking": "ja"}
        )
    participant.refresh_from_db()
    assert participant.attributes == {} and not SpecialAttributes.objects.exists()


def test_municipality_outside_the_hub_area_is_refused(client, batch):
    _signup(client, batch.codes.first().code, consents=("panel", "attributes"))
    response = client.post(reverse("participants:signup_attributes"), {"attr_municipality": "GM0999"})
    assert response.status_code == 200
    assert Participant.objects.get().attributes == {}


def test_panel_consent_is_required(client, batch):
    code = batch.codes.first()
    response = _signup(client, code.code, consents=("attributes",))
    assert response.status_code == 200
    assert "To take part you must agree to this." in response.content.decode()
    code.refresh_from_db()
    assert code.used_at is None and not Participant.objects.exists()


def test_unknown_code_gives_message_and_changes_nothing(client, batch):
    response = client.post(reverse("participants:signup"), {"code": "NOPE-NOPE-NOPE"})
    assert response.status_code == 200
    assert "We do not know this code" in response.content.decode()
    assert not InvitationCode.objects.filter(used_at__isnull=False).exists()


def test_used_code_gives_message_and_changes_nothing(client, batch):
    participant = make_participant(batch)
    code = participant.invitation_code
    response = client.post(reverse("participants:signup"), {"code": code.code})
    assert "This code has already been used" in response.content.decode()
    before = (Participant.objects.count(), get_user_model().objects.count(), Consent.objects.count())
    with pytest.raises(ServiceError):
        services.participant_signup(code=code.code, email="ander@example.nl", consents=["panel"])
    assert (Participant.objects.count(), get_user_model().objects.count(), Consent.objects.count()) == before


def test_existing_email_is_refused_and_code_stays_unused(batch):
    make_participant(batch, email="dubbel@example.nl")
    code = batch.codes.filter(used_at__isnull=True).first()
    with pytest.raises(ServiceError):
        services.participant_signup(code=code.code, email="DUBBEL@example.nl", consents=["panel"])
    code.refresh_from_db()
    assert code.used_at is None and Participant.objects.count() == 1


def test_code_can_be_used_only_once(batch):
    """Two sign-ups with one code (as two concurrent requests would do it): one wins."""
    code = batch.codes.first().code
    services.participant_signup(code=code, email="een@example.nl", consents=["panel"])
    with pytest.raises(ServiceError):
        services.participant_signup(code=code, email="twee@example.nl", consents=["panel"])
    assert Participant.objects.count() == 1
    assert not get_user_model().objects.filter(email="twee@example.nl").exists()


def test_code_claim_is_compare_and_set(batch, monkeypatch):
    """Even when the row lock is not honoured (SQLite), the conditional update stops the second use."""
    from participatiehub.participants import selectors

    code = batch.codes.first()
    InvitationCode.objects.filter(pk=code.pk).update(used_at="2025-01-01T00:00:00Z")
    real_filter = InvitationCode.objects.select_for_update

    class StaleRow:
        """Pretend the lock read the row before the other request marked it used."""

        def __init__(self, **kwargs):
            self.qs = real_filter(**kwargs)

        def select_related(self, *args):
            self.qs = self.qs.select_related(*args)
            return self

        def filter(self, **kwargs):
            self.qs = self.qs.filter(**kwargs)
            return self

        def first(self):
            row = self.qs.first()
            row.used_at = None
            return row

    monkeypatch.setattr(InvitationCode.objects, "select_for_update", StaleRow)
    with pytest.raises(ServiceError):
        services.participant_signup(code=code.code, email="laat@example.nl", consents=["panel"])
    assert not Participant.objects.exists() and not get_user_model().objects.filter(email="laat@example.nl").exists()
    assert selectors.normalise_code(" ab-cd ") == "ABCD"


def test_code_tries_are_rate_limited(client, batch):
    for i in range(10):
        response = client.post(reverse("participants:signup"), {"code": f"WRONGCODE{i}"})
        assert response.status_code == 200
    good = batch.codes.first().code
    response = client.post(reverse("participants:signup"), {"code": good})
    assert response.status_code == 429
    assert "You tried too many codes" in response.content.decode()
    assert InvitationCode.objects.get(code=good).used_at is None


def test_rate_limit_is_per_ip_across_sessions(client, batch):
    from django.test import Client

    for i in range(10):
        Client().post(reverse("participants:signup"), {"code": f"WRONGCODE{i}"})  # a fresh session each time
    assert client.post(reverse("participants:signup"), {"code": batch.codes.first().code}).status_code == 429


# --- coordinator side ---------------------------------------------------------------------------


def test_participant_list_logs_one_row_per_participant(client, batch, coordinator_user, hub):
    people = [make_participant(batch, email=f"p{i}@example.nl", name=f"Persoon {i}") for i in range(3)]
    client.force_login(coordinator_user)
    ProcessingLogEntry.objects.all().delete()
    response = client.get(reverse("participants:participants", args=[hub.slug]))
    assert response.status_code == 200
    body = response.content.decode()
    assert "Persoon 0" in body and "p2@example.nl" in body and "beperking" not in body
    rows = ProcessingLogEntry.objects.filter(activity="panels.participants_view")
    assert sorted(rows.values_list("subject_pseudonym", flat=True)) == sorted(
        pseudonym("participant", p.pk) for p in people
    )
    assert all(row.actor_id == coordinator_user.pk and row.hub_id == hub.pk for row in rows)


def test_participant_detail_logs_and_special_answers_logged_separately(client, batch, coordinator_user, hub):
    participant = make_participant(batch)
    services.participant_attributes_update(
        participant=participant, actor=None, attributes={"age_band": "75+"}, special={"beperking": "ja"}
    )
    client.force_login(coordinator_user)
    ProcessingLogEntry.objects.all().delete()
    url = reverse("participants:participant_detail", args=[hub.slug, participant.pk])
    response = client.get(url)
    assert response.status_code == 200 and "75+" in response.content.decode()
    assert "beperking" not in response.content.decode()
    assert ProcessingLogEntry.objects.filter(activity="panels.participants_view").count() == 1
    assert not ProcessingLogEntry.objects.filter(activity="panels.participant_special_view").exists()
    response = client.get(url + "?bijzonder=1")
    assert "beperking" in response.content.decode()
    special = ProcessingLogEntry.objects.get(activity="panels.participant_special_view")
    assert special.subject_pseudonym == pseudonym("participant", participant.pk)


def test_participant_list_filters(client, batch, coordinator_user, hub):
    a = make_participant(batch, email="a@example.nl", name="Alfa")
    make_participant(batch, email="b@example.nl", name="Bravo")
    services.participant_attributes_update(participant=a, actor=None, attributes={"age_band": "16-24"})
    client.force_login(coordinator_user)
    body = client.get(reverse("participants:participants", args=[hub.slug]) + "?age_band=16-24").content.decode()
    assert "Alfa" in body and "Bravo" not in body
    body = client.get(reverse("participants:participants", args=[hub.slug]) + "?q=brav").content.decode()
    assert "Bravo" in body and "Alfa" not in body


def _list_queries(client, hub) -> int:
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(reverse("participants:participants", args=[hub.slug])).status_code == 200
    return len(ctx.captured_queries)


def test_participant_list_query_count_is_flat(client, hub, coordinator_user):
    small = services.invitation_batch_create(hub=hub, actor=None, name="a", size=200)
    for i in range(10):
        make_participant(small, email=f"q{i}@example.nl")
    client.force_login(coordinator_user)
    _list_queries(client, hub)  # warm up session and permission caches
    few = _list_queries(client, hub)
    for i in range(10, 200):
        make_participant(small, email=f"q{i}@example.nl")
    many = _list_queries(client, hub)
    assert many == few


# --- access -------------------------------------------------------------------------------------


def _coordinator_urls(hub, participant, batch):
    return [
        reverse("participants:participants", args=[hub.slug]),
        reverse("participants:participant_detail", args=[hub.slug, participant.pk]),
        reverse("participants:invitations", args=[hub.slug]),
        reverse("participants:invitation_create", args=[hub.slug]),
        reverse("participants:invitation_letters", args=[hub.slug, batch.pk]),
    ]


@pytest.mark.parametrize("who", ["other_coordinator", "programme_office", "evaluator", "decision_maker", "resident"])
def test_coordinator_urls_forbidden_for_others(client, batch, hub, other_hub, who):
    participant = make_participant(batch)
    user = {
        "other_coordinator": lambda: coordinator(other_hub),
        "programme_office": programme_officer,
        "evaluator": evaluator,
        "decision_maker": lambda: decision_maker(OrganisationFactory(hub=hub)),
        "resident": lambda: participant.user,
    }[who]()
    client.force_login(user)
    for url in _coordinator_urls(hub, participant, batch):
        assert client.get(url).status_code == 403, url
        assert client.post(url, {}).status_code == 403, url
    assert (
        not ProcessingLogEntry.objects.filter(activity__startswith="panels.participant")
        .exclude(activity="panels.participant_signup")
        .exists()
    )


def test_coordinator_urls_need_login(client, batch, hub):
    participant = make_participant(batch)
    for url in _coordinator_urls(hub, participant, batch):
        response = client.get(url)
        assert response.status_code == 302 and "/account/" in response.url


def test_participant_of_other_hub_is_404(client, batch, other_hub):
    participant = make_participant(batch)
    client.force_login(coordinator(other_hub))
    assert (
        client.get(reverse("participants:participant_detail", args=[other_hub.slug, participant.pk])).status_code == 404
    )
