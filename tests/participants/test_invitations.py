# ruff: noqa: F811  (pytest fixtures imported from participant_helpers)
"""Invitation batches: unique codes, the letters PDF and the response rate."""

from __future__ import annotations

import io

from django.urls import reverse

import pytest
from pypdf import PdfReader

from participatiehub.core.exceptions import ServiceError
from participatiehub.participants import services
from participatiehub.participants.constants import LettersStatus
from participatiehub.participants.letters import DEFAULT_LETTER_TEXT, display_code
from participatiehub.participants.models import CODE_ALPHABET, InvitationBatch, InvitationCode
from tests.factories import MunicipalityFactory
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


def test_batch_has_unique_unguessable_codes(hub, coordinator_user):
    batch = services.invitation_batch_create(hub=hub, actor=coordinator_user, name="Groot", size=2000)
    codes = list(batch.codes.values_list("code", flat=True))
    assert len(codes) == len(set(codes)) == 2000
    assert all(len(c) == 12 and set(c) <= set(CODE_ALPHABET) for c in codes)


@pytest.mark.parametrize("size", [0, 10_001])
def test_batch_size_limits(hub, size):
    with pytest.raises(ServiceError):
        services.invitation_batch_create(hub=hub, actor=None, name="x", size=size)
    assert not InvitationBatch.objects.exists()


def test_municipality_must_be_in_hub_area(hub):
    with pytest.raises(ServiceError):
        services.invitation_batch_create(hub=hub, actor=None, name="x", size=3, municipality=MunicipalityFactory())
    assert not InvitationBatch.objects.exists() and not InvitationCode.objects.exists()


def test_create_batch_through_the_form(client, hub, coordinator_user, utrecht):
    client.force_login(coordinator_user)
    page = client.get(reverse("participants:invitation_create", args=[hub.slug])).content.decode()
    assert "Beste inwoner" in page  # prefilled default letter text
    response = client.post(
        reverse("participants:invitation_create", args=[hub.slug]),
        {"name": "Utrecht maart", "size": "25", "municipality": utrecht.pk, "letter_text": DEFAULT_LETTER_TEXT},
    )
    assert response.status_code == 302
    batch = InvitationBatch.objects.get()
    assert batch.size == 25 and batch.codes.count() == 25 and batch.municipality == utrecht
    assert batch.created_by == coordinator_user


def test_create_batch_bad_input_changes_nothing(client, hub, coordinator_user):
    client.force_login(coordinator_user)
    response = client.post(
        reverse("participants:invitation_create", args=[hub.slug]), {"name": "x", "size": "20000", "letter_text": "t"}
    )
    assert response.status_code == 200 and not InvitationBatch.objects.exists()


def test_letters_pdf_one_page_per_code(
    client, hub, coordinator_user, private_files, django_capture_on_commit_callbacks, run_tasks
):
    """The letters are made by the background task after the batch is saved, then downloaded."""
    with django_capture_on_commit_callbacks(execute=True):
        batch = services.invitation_batch_create(hub=hub, actor=coordinator_user, name="Brieven", size=7)
    assert run_tasks() == 1
    batch.refresh_from_db()
    assert batch.letters_status == LettersStatus.READY, batch.letters_error
    client.force_login(coordinator_user)
    response = client.get(reverse("participants:invitation_letters", args=[hub.slug, batch.pk]))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert {"private", "no-store"} <= {part.strip() for part in response["Cache-Control"].split(",")}
    reader = PdfReader(io.BytesIO(b"".join(response.streaming_content)))
    codes = list(batch.codes.order_by("id").values_list("code", flat=True))
    assert len(reader.pages) == 7
    for page, code in zip(reader.pages, codes, strict=True):
        text = page.extract_text()
        assert display_code(code) in text
        assert hub.name in text
        assert f"/aanmelden/?code={code}" in text.replace("\n", "")


def test_no_names_or_addresses_stored_on_batches():
    fields = {f.name for f in InvitationBatch._meta.get_fields()} | {f.name for f in InvitationCode._meta.get_fields()}
    assert not fields & {"address", "street", "postcode", "first_name", "last_name", "recipient"}


def test_response_rate(client, hub, coordinator_user, batch):
    make_participant(batch, email="a@example.nl")
    make_participant(batch, email="b@example.nl")
    client.force_login(coordinator_user)
    response = client.get(reverse("participants:invitations", args=[hub.slug]))
    batches = response.context["batches"]
    assert batches[0].used == 2 and batches[0].rate == pytest.approx(0.4)
    assert "40%" in response.content.decode()


def test_letters_of_other_hub_batch_is_404(client, batch, other_hub):
    from tests.factories import coordinator

    client.force_login(coordinator(other_hub))
    assert client.get(reverse("participants:invitation_letters", args=[other_hub.slug, batch.pk])).status_code == 404
