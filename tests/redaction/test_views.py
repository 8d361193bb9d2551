"""The office's redaction page: the keep list and the decisions, with bad input changing nothing."""

from __future__ import annotations

from django.urls import reverse

import pytest

from participatiehub.audit.models import ProcessingLogEntry
from participatiehub.redaction.models import KeepTerm, RedactionDecision
from tests.factories import programme_officer

pytestmark = pytest.mark.django_db

URL = "/redactie/"


@pytest.fixture
def office(client):
    user = programme_officer()
    client.force_login(user)
    return user


def test_keep_list_add_and_remove(client, office):
    assert reverse("redaction:keep_list") == URL
    response = client.post(
        URL, {"action": "keep", "keep-kind": "office_holder", "keep-name": "Fatima El Amrani", "keep-role": ""}
    )
    assert response.status_code == 200 and response.context["keep_form"].errors
    assert not KeepTerm.objects.exists()
    response = client.post(
        URL, {"action": "keep", "keep-kind": "office_holder", "keep-name": "Fatima El Amrani", "keep-role": "wethouder"}
    )
    assert response.status_code == 302
    term = KeepTerm.objects.get()
    assert term.created_by == office and term.role == "wethouder"
    page = client.get(URL).content.decode()
    assert "Fatima El Amrani" in page and "wethouder" in page
    client.post(URL, {"action": "delete_keep", "pk": term.pk})
    assert not KeepTerm.objects.exists()
    assert ProcessingLogEntry.objects.filter(activity="redaction.keep_term_delete", actor=office).exists()


def test_decisions_add_and_withdraw(client, office):
    data = {"action": "decision", "decision-action": "add", "decision-term": "Ome Kees", "decision-category": "naam"}
    response = client.post(URL, {**data, "decision-reason": ""})
    assert response.status_code == 200 and not RedactionDecision.objects.exists()
    assert client.post(URL, {**data, "decision-reason": "Bijnaam van een deelnemer."}).status_code == 302
    decision = RedactionDecision.objects.get()
    assert decision.action == "add" and decision.decided_by == office
    assert client.post(URL, {"action": "withdraw", "pk": decision.pk}).status_code == 302
    decision.refresh_from_db()
    assert decision.withdrawn_at is not None and decision.withdrawn_by == office
    assert "Ome Kees" in client.get(URL).content.decode()  # withdrawn decisions stay in the history
    assert client.post(URL, {"action": "nonsense"}).status_code == 302
