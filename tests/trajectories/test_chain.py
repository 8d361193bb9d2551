"""public_chain shows only published parts and nothing personal; chain_for_staff shows drafts."""

from __future__ import annotations

import datetime as dt

from django.core.files.uploadedfile import SimpleUploadedFile
from django.template.loader import render_to_string

import pytest

from participatiehub.questions.constants import QuestionStatus
from participatiehub.trajectories import selectors, services

from .conftest import PDF_BYTES
from .factories import ParticipantFactory
from .helpers import delivered, full_chain, started, with_activity

pytestmark = pytest.mark.django_db


def _flat(value) -> str:
    """Everything in the chain as one string, to look for things that must not be there."""
    if isinstance(value, dict):
        return " ".join(f"{k}={_flat(v)}" for k, v in value.items())
    if isinstance(value, list | tuple):
        return " ".join(_flat(v) for v in value)
    return str(value)


def test_nothing_before_a_trajectory_or_for_a_non_public_question(question):
    assert selectors.public_chain(question) is None
    question.status = QuestionStatus.SUBMITTED
    assert selectors.public_chain(question) is None


def test_drafts_and_personal_data_are_never_public(question, coordinator_user, dm_user):
    trajectory = started(question, coordinator_user)
    services.trajectory_update(
        actor=coordinator_user,
        trajectory=trajectory,
        expected_version=1,
        description="Interne notitie",
        delivered_rung="advise",
    )
    with_activity(trajectory, coordinator_user, notes="Geheime notitie", place="Zeist")
    ParticipantFactory(trajectory=trajectory, name="Jan Jansen", email="jan@example.nl")
    secret_doc = services.document_upload(
        actor=coordinator_user,
        trajectory=trajectory,
        uploaded_file=SimpleUploadedFile("a.pdf", PDF_BYTES),
        title="Intern",
    )
    services.advice_save(
        actor=coordinator_user,
        trajectory=trajectory,
        summary="Conceptadvies",
        recommendations=["Concept-aanbeveling"],
        document=secret_doc,
    )
    services.feedback_save(
        actor=coordinator_user, trajectory=trajectory, what_was_asked="Conceptvraag", what_participants_said="X"
    )
    question.refresh_from_db()

    chain = selectors.public_chain(question)
    text = _flat(chain)
    assert chain["advice"] is None and chain["feedback"] is None
    assert chain["recommendation_count"] == 0
    for secret in [
        "Conceptadvies",
        "Concept-aanbeveling",
        "Conceptvraag",
        "Interne notitie",
        "Geheime notitie",
        "Jan Jansen",
        "jan@example.nl",
    ]:
        assert secret not in text
    assert chain["activities"][0]["place"] == "Zeist"
    assert chain["delivered_rung"] == "advise"
    assert [e["kind"] for e in chain["timeline"]] == ["started", "activity"]

    staff = selectors.chain_for_staff(question)
    assert staff["advice"]["summary"] == "Conceptadvies"
    assert staff["feedback"]["what_was_asked"] == "Conceptvraag"
    assert staff["advice"]["document_url"]
    assert "Jan Jansen" not in _flat(
        {k: v for k, v in staff.items() if k not in {"trajectory", "advice_obj", "feedback_obj", "documents"}}
    )

    # Delivered: the advice is public, the non-public document is not linked.
    services.advice_deliver(actor=coordinator_user, trajectory=trajectory)
    question.refresh_from_db()
    chain = selectors.public_chain(question)
    assert chain["advice"]["summary"] == "Conceptadvies"
    assert chain["advice"]["document_url"] == ""
    services.document_update(actor=coordinator_user, document=secret_doc, title="Advies", is_public=True)
    assert selectors.public_chain(question)["advice"]["document_url"] == f"/trajecten/documenten/{secret_doc.pk}/"
    assert selectors.public_chain(question)["feedback"] is None


def test_answers_overdue_flag_and_timeline(question, coordinator_user, dm_user):
    trajectory = started(question, coordinator_user)
    with_activity(trajectory, coordinator_user, held_on=dt.date(2025, 2, 1))
    advice = delivered(trajectory, coordinator_user, n=2)
    first, second = advice.recommendations.all()
    services.response_record(
        user=dm_user, recommendation=first, decision="not_adopted", reason="Geen geld", decided_on=dt.date(2025, 5, 1)
    )
    question.refresh_from_db()

    chain = selectors.public_chain(question, today=dt.date(2025, 6, 1))
    assert chain["overdue"] is False  # due date is today: not yet overdue
    chain = selectors.public_chain(question, today=dt.date(2025, 6, 2))
    assert chain["overdue"] is True
    assert (chain["answered_count"], chain["recommendation_count"]) == (1, 2)
    recs = chain["advice"]["recommendations"]
    assert recs[0]["response"]["decision"] == "not_adopted" and recs[0]["response"]["reason"] == "Geen geld"
    assert recs[1]["response"] is None
    assert "responded_by" not in _flat(recs)
    assert [e["kind"] for e in chain["timeline"]].count("answer") == 1

    html = render_to_string("trajectories/_public_chain.html", {"chain": chain, "show_timeline": True})
    assert "Answer overdue." in html
    assert "Not adopted" in html and "Geen geld" in html
    assert "1 of 2 recommendations have been answered" in html
    assert 'id="chain-timeline-heading"' in html

    assert list(selectors.overdue_answers(question.hub, today=dt.date(2025, 6, 2))) == [question]
    assert list(selectors.overdue_answers(question.hub, today=dt.date(2025, 5, 2))) == []
    services.response_record(user=dm_user, recommendation=second, decision="adopted", decided_on=dt.date(2025, 6, 3))
    assert list(selectors.overdue_answers(question.hub, today=dt.date(2025, 6, 4))) == []
    question.refresh_from_db()
    assert selectors.public_chain(question, today=dt.date(2025, 6, 4))["overdue"] is False


def test_published_feedback_is_public_with_its_date(question, coordinator_user, dm_user):
    trajectory, _advice = full_chain(question, coordinator_user, dm_user)
    services.feedback_publish(
        actor=coordinator_user, trajectory=trajectory, what_was_asked="Vraag", what_participants_said="Inbreng"
    )
    question.refresh_from_db()
    chain = selectors.public_chain(question)
    assert chain["feedback"]["what_was_asked"] == "Vraag"
    assert chain["feedback"]["published_at"] is not None
    assert chain["timeline"][-1]["kind"] == "feedback"
    assert chain["all_answered"] is True
