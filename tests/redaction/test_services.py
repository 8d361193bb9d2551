"""The Redactor built from the database: known persons of every source, the keep list, the decisions."""

from __future__ import annotations

from django.core.exceptions import ValidationError

import pytest

from participatiehub.audit.models import ProcessingLogEntry
from participatiehub.participants.models import Participant
from participatiehub.redaction import services
from participatiehub.redaction.constants import DecisionAction, KeepKind
from participatiehub.redaction.models import RedactionDecision
from tests.factories import ContactPersonFactory, HubFactory, OrganisationFactory, UserFactory, programme_officer
from tests.trajectories.factories import ParticipantFactory, QuestionFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def office():
    return programme_officer(full_name="Olga Officemedewerker")


def test_known_persons_of_every_source(office):
    hub = HubFactory(name="Participatiehub Eemland", contact_name="Henk Hubbink (kwartiermaker)")
    org = OrganisationFactory(hub=hub, name="Stichting Welzijn Eemland")
    UserFactory(full_name="Uriël Gebruikersma", email="u.gebruikersma@example.nl")
    ContactPersonFactory(hub=hub, organisation=org, name="Carla Contactpersoon", phone="033 - 123 45 67")
    Participant.objects.create(hub=hub, display_name="Ingrid Inwonersma")
    ParticipantFactory(name="Teun Trajectdeelnemer", email="teun@example.nl")
    QuestionFactory(hub=hub, contact_name="Vera Vraagsteller")
    text = (
        "Uriël Gebruikersma, Carla Contactpersoon, Ingrid Inwonersma, Teun Trajectdeelnemer, Vera Vraagsteller, "
        "Henk Hubbink en Olga Officemedewerker werkten met Stichting Welzijn Eemland in Participatiehub Eemland. "
        "Bel mevrouw Contactpersoon op 0331234567 of mail teun@example.nl."
    )
    result = services.Redactor.build().redact(text)
    for name in ("Gebruikersma", "Contactpersoon", "Inwonersma", "Trajectdeelnemer", "Vraagsteller", "Hubbink", "Olga"):
        assert name not in result.text
    assert "Stichting Welzijn Eemland" in result.text and "Participatiehub Eemland" in result.text
    assert "0331234567" not in result.text and "teun@" not in result.text
    known = {s.original for s in result.spans if s.source == "bekende persoon"}
    assert {"Uriël Gebruikersma", "Vera Vraagsteller", "Contactpersoon", "0331234567", "teun@example.nl"} <= known
    for span in result.spans:
        assert text[span.start : span.end] == span.original


def test_keep_list_office_holder_and_organisation(office):
    UserFactory(full_name="Fatima El Amrani")
    text = "Wethouder Fatima El Amrani opende de avond van Buurtkracht Noord."
    assert "Fatima" not in services.Redactor.build().redact(text).text
    services.keep_term_add(actor=office, kind=KeepKind.OFFICE_HOLDER, name="Fatima El Amrani", role="wethouder")
    services.keep_term_add(actor=office, kind=KeepKind.ORGANISATION, name="Buurtkracht Noord")
    assert services.Redactor.build().redact(text).text == text
    with pytest.raises(ValidationError):
        services.keep_term_add(actor=office, kind=KeepKind.OFFICE_HOLDER, name="Jan Burger", role="")
    with pytest.raises(ValidationError):
        services.keep_term_add(actor=office, kind=KeepKind.ORGANISATION, name="Buurtkracht Noord")


def test_decisions_apply_next_time_and_are_logged(office):
    UserFactory(full_name="Bram Zorgvuldig")
    text = "Bram Zorgvuldig en buurtvader Sjaakie spraken met het buurthuis."
    before = services.Redactor.build().redact(text).text
    assert "Bram" not in before and "buurtvader Sjaakie" in before

    undo = services.decision_record(
        actor=office, action=DecisionAction.UNDO, term="Bram Zorgvuldig", reason="Dit is een zaalnaam."
    )
    services.decision_record(actor=office, action=DecisionAction.ADD, term="buurtvader  Sjaakie", reason="Gemist.")
    after = services.Redactor.build().redact(text)
    assert after.text == "Bram Zorgvuldig en [naam] spraken met het buurthuis."
    assert [s.source for s in after.spans] == ["handmatig"]
    activities = set(ProcessingLogEntry.objects.values_list("activity", flat=True))
    assert {"redaction.decision_undo", "redaction.decision_add"} <= activities

    # A new decision on the same text withdraws the old one; withdrawing brings the engine's own choice back.
    services.decision_record(actor=office, action=DecisionAction.ADD, term="bram zorgvuldig", reason="Toch wel.")
    undo.refresh_from_db()
    assert undo.withdrawn_at is not None and undo.withdrawn_by == office
    assert RedactionDecision.objects.filter(withdrawn_at__isnull=True).count() == 2
    assert "Bram" not in services.Redactor.build().redact(text).text


def test_bad_decisions_change_nothing(office):
    for kwargs in (
        {"action": DecisionAction.UNDO, "term": "  ", "reason": "x"},
        {"action": DecisionAction.UNDO, "term": "Jan", "reason": " "},
        {"action": "maybe", "term": "Jan", "reason": "x"},
        {"action": DecisionAction.ADD, "term": "Jan", "reason": "x", "category": "kleur"},
    ):
        with pytest.raises(ValidationError):
            services.decision_record(actor=office, **kwargs)
    assert not RedactionDecision.objects.exists()
    assert not ProcessingLogEntry.objects.filter(activity__startswith="redaction").exists()
