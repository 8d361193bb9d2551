"""The coordinator's widest panels pages fit a 360 px phone: the invitation list and the selection pages.

Tables scroll inside their own labelled region; the page itself never scrolls sideways. axe-core (WCAG 2.1
AA) runs on every page visited.
"""

from __future__ import annotations

from django.utils import timezone

import pytest

from participatiehub.panels import services, tasks
from participatiehub.panels.constants import SelectionStatus
from participatiehub.panels.models import Pool, PoolMember, Quota, Selection
from participatiehub.participants.constants import ConsentPurpose, LettersStatus
from participatiehub.participants.models import Consent, ConsentText, InvitationBatch, Participant
from tests.browser.conftest import assert_fits_phone, consent_texts
from tests.factories import HubFactory, HubMunicipalityFactory, MunicipalityFactory, coordinator

pytestmark = pytest.mark.django_db(transaction=True)

EMAIL = "coordinator@telefoon.example"


@pytest.fixture
def hub():
    hub = HubFactory(name="Participatiehub Noordoost-Brabant en Maasland", slug="telefoon")
    municipality = MunicipalityFactory(code="GM1948", name="Meierijstad")
    HubMunicipalityFactory(hub=hub, municipality=municipality)
    consent_texts()
    coordinator(hub, email=EMAIL)
    now = timezone.now()
    for status, name in (
        (LettersStatus.READY, "Brieven Meierijstad, voorjaarsronde wijkgerichte gezondheidszorg"),
        (LettersStatus.FAILED, "Tweede ronde"),
        (LettersStatus.BUSY, "Derde ronde"),
    ):
        InvitationBatch.objects.create(
            hub=hub,
            name=name,
            municipality=municipality,
            size=12500,
            letters_status=status,
            letters_done=4000,
            letters_error="Er ging iets mis bij het maken van de brieven. Probeer het opnieuw."
            if status == "failed"
            else "",
            letters_generated_at=now if status == "ready" else None,
            letters_updated_at=now,
        )
    return hub


@pytest.fixture
def finished_selection(hub):
    panel_text = ConsentText.objects.get(purpose=ConsentPurpose.PANEL, version=1)
    pool = Pool.objects.create(
        hub=hub, name="Burgerpanel gezondheidszorg dichtbij", panel_size=4, categories=["gender", "education"]
    )
    for i in range(10):
        participant = Participant.objects.create(
            hub=hub,
            display_name=f"Vrijwilliger Achternaam{i:02d}",
            attributes={"gender": "woman" if i % 2 else "man", "education": ["low", "middle", "high"][i % 3]},
        )
        Consent.objects.create(participant=participant, purpose=ConsentPurpose.PANEL, text=panel_text)
        PoolMember.objects.create(pool=pool, participant=participant)
    Quota.objects.bulk_create(
        [
            Quota(pool=pool, category="gender", value="woman", minimum=2, maximum=2),
            Quota(pool=pool, category="gender", value="man", minimum=2, maximum=2),
            *(Quota(pool=pool, category="education", value=v, minimum=0, maximum=4) for v in ("low", "middle", "high")),
        ]
    )
    # The task's body, run here: this test is about the pages, the task path is tested in tests/panels.
    selection = Selection.objects.create(pool=pool, seed="2026-12-05 Lotto 4 8 15 16 23 42", panel_count=100)
    tasks.selection_run(selection.pk)
    selection.refresh_from_db()
    assert selection.status == SelectionStatus.DONE, selection.error
    return selection


def test_the_invitation_list_fits_a_phone(phone_visitor, hub):
    phone_visitor.login(EMAIL)
    phone_visitor.goto(f"/panels/{hub.slug}/uitnodigingen/")
    assert phone_visitor.page.get_by_role("region").count() >= 1  # the table scrolls in a labelled region
    assert_fits_phone(phone_visitor)


def test_the_selection_pages_fit_a_phone(phone_visitor, hub, finished_selection):
    phone_visitor.login(EMAIL)
    base = f"/panels/{hub.slug}"
    for path in (
        f"{base}/selecties/{finished_selection.pk}/",
        f"{base}/selecties/{finished_selection.pk}/verslag/",
        f"{base}/pools/{finished_selection.pool_id}/",
    ):
        phone_visitor.goto(path)
        assert_fits_phone(phone_visitor)
    # The public version of the report, as a resident opens it on a phone.
    published = services.transparency_publish(selection=finished_selection, actor=None)
    phone_visitor.goto(f"/hubs/{hub.slug}/loting/{published.public_id}/")
    assert_fits_phone(phone_visitor)
