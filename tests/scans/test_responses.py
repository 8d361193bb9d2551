"""A hub's response: drafts saved as you go (each save checks the version), refusals that save nothing,
submission refused with the missing questions, read-only after submission, reopened by the office
with a reason (e-mailed) and submitted again; the coalition's coordinators work on the same response."""

from __future__ import annotations

import pytest

from participatiehub.core.exceptions import ConcurrentEditError, ServiceError
from participatiehub.core.models import OutgoingEmail
from participatiehub.scans import services
from participatiehub.scans.constants import ResponseStatus
from participatiehub.scans.models import Answer, DimensionComment, ResponseEvent

from .factories import open_round, questions_of

pytestmark = pytest.mark.django_db


@pytest.fixture
def scan(office, hub, coord):
    scan_round = open_round(year=2026, office=office)
    return scan_round.responses.get(hub=hub)


def _all(response, value=4) -> dict:
    return {q.pk: value for q in questions_of(response.scan_round)}


def test_saving_stores_answers_and_comments_and_makes_it_a_draft(scan, coord):
    questions = questions_of(scan.scan_round)
    vision = questions[0].dimension
    saved = services.response_save(
        actor=coord,
        response=scan,
        expected_version=scan.version,
        answers={questions[0].pk: "3", questions[1].pk: "na", questions[2].pk: None},
        comments={vision.pk: "  Samen met de adviesraad ingevuld. "},
    )
    assert saved.status == ResponseStatus.DRAFT
    assert saved.version == 2 and saved.last_saved_by == coord and saved.last_saved_at is not None
    answers = {a.question_id: (a.value, a.not_applicable) for a in Answer.objects.filter(response=scan)}
    assert answers == {questions[0].pk: (3, False), questions[1].pk: (None, True)}
    assert DimensionComment.objects.get(response=scan).text == "Samen met de adviesraad ingevuld."
    # Clearing an answer removes it; an empty comment removes the comment.
    services.response_save(
        actor=coord, response=scan, expected_version=2, answers={questions[0].pk: None}, comments={vision.pk: ""}
    )
    assert set(Answer.objects.filter(response=scan).values_list("question_id", flat=True)) == {questions[1].pk}
    assert not DimensionComment.objects.filter(response=scan).exists()


def test_a_stale_save_saves_nothing_and_says_so(scan, coord, second_coord):
    question = questions_of(scan.scan_round)[0]
    services.response_save(actor=second_coord, response=scan, expected_version=1, answers={question.pk: 5})
    with pytest.raises(ConcurrentEditError, match="Someone else saved this scan"):
        services.response_save(actor=coord, response=scan, expected_version=1, answers={question.pk: 1})
    scan.refresh_from_db()
    assert Answer.objects.get(response=scan, question=question).value == 5
    assert (scan.version, scan.last_saved_by) == (2, second_coord)


@pytest.mark.parametrize("value", ["6", "0", "veel", 2.5])
def test_an_answer_outside_the_scale_is_refused(scan, coord, value):
    question = questions_of(scan.scan_round)[0]
    with pytest.raises(ServiceError, match="Choose one of the answers"):
        services.response_save(actor=coord, response=scan, expected_version=1, answers={question.pk: value})
    scan.refresh_from_db()
    assert scan.version == 1 and scan.status == ResponseStatus.NOT_STARTED
    assert not Answer.objects.filter(response=scan).exists()


def test_a_question_of_another_version_is_refused(scan, coord, office):
    from participatiehub.scans.models import Question

    other = Question.objects.exclude(dimension__template_version=scan.scan_round.template_version).first()
    if other is None:
        draft = services.template_draft(actor=office, template=scan.scan_round.template_version.template)
        other = Question.objects.filter(dimension__template_version=draft).first()
    with pytest.raises(ServiceError):
        services.response_save(actor=coord, response=scan, expected_version=1, answers={other.pk: 3})
    assert not Answer.objects.filter(response=scan).exists()


def test_submitting_is_refused_with_the_missing_questions_then_accepted_and_read_only(scan, coord):
    questions = questions_of(scan.scan_round)
    answers = _all(scan)
    del answers[questions[4].pk]
    answers[questions[7].pk] = None
    saved = services.response_save(actor=coord, response=scan, expected_version=1, answers=answers)
    with pytest.raises(services.IncompleteError) as refused:
        services.response_submit(actor=coord, response=scan, expected_version=saved.version)
    assert [q.pk for q in refused.value.missing] == [questions[4].pk, questions[7].pk]
    scan.refresh_from_db()
    assert scan.status == ResponseStatus.DRAFT and scan.submitted_at is None
    saved = services.response_save(
        actor=coord,
        response=scan,
        expected_version=scan.version,
        answers={questions[4].pk: "na", questions[7].pk: 2},
    )
    submitted = services.response_submit(actor=coord, response=scan, expected_version=saved.version)
    assert submitted.status == ResponseStatus.SUBMITTED and submitted.submitted_at is not None
    assert ResponseEvent.objects.get(response=scan).kind == "submitted"
    with pytest.raises(ServiceError, match="submitted"):
        services.response_save(
            actor=coord, response=scan, expected_version=submitted.version, answers={questions[0].pk: 1}
        )
    assert Answer.objects.get(response=scan, question=questions[0]).value == 4


def test_an_optional_question_may_stay_empty(scan, coord):
    questions = questions_of(scan.scan_round)
    Answer.objects.all().delete()
    questions[0].required = False
    questions[0].save()
    answers = _all(scan)
    del answers[questions[0].pk]
    saved = services.response_save(actor=coord, response=scan, expected_version=1, answers=answers)
    assert services.response_submit(actor=coord, response=scan, expected_version=saved.version).status == "submitted"


def test_the_office_reopens_with_a_reason_that_is_emailed_and_the_hub_submits_again(scan, coord, second_coord, office):
    saved = services.response_save(actor=coord, response=scan, expected_version=1, answers=_all(scan))
    services.response_submit(actor=coord, response=scan, expected_version=saved.version)
    with pytest.raises(ServiceError, match="Say why"):
        services.response_reopen(actor=office, response=scan, reason="  ")
    reopened = services.response_reopen(actor=office, response=scan, reason="Bij bereik ontbreken de jongeren.")
    assert reopened.status == ResponseStatus.REOPENED
    mails = OutgoingEmail.objects.filter(purpose="scan_reopened").order_by("to")
    assert [m.to for m in mails] == ["coord@hub.example.nl", "tweede@hub.example.nl"]
    assert "Bij bereik ontbreken de jongeren." in mails[0].body
    # Another coordinator of the coalition changes an answer and submits again.
    question = questions_of(scan.scan_round)[0]
    saved = services.response_save(
        actor=second_coord, response=scan, expected_version=reopened.version, answers={question.pk: 5}
    )
    assert saved.last_saved_by == second_coord
    again = services.response_submit(actor=second_coord, response=scan, expected_version=saved.version)
    assert again.status == ResponseStatus.SUBMITTED
    assert list(ResponseEvent.objects.filter(response=scan).order_by("pk").values_list("kind", flat=True)) == [
        "submitted",
        "reopened",
        "submitted",
    ]
    with pytest.raises(ServiceError):
        services.response_reopen(actor=office, response=scan.__class__.objects.get(pk=scan.pk), reason="")


def test_only_a_submitted_scan_is_reopened_and_a_closed_round_takes_no_answers(scan, coord, office):
    with pytest.raises(ServiceError, match="Only a submitted"):
        services.response_reopen(actor=office, response=scan, reason="Waarom niet?")
    services.round_close(actor=office, scan_round=scan.scan_round)
    with pytest.raises(ServiceError, match="closed"):
        services.response_save(actor=coord, response=scan, expected_version=1, answers={})
    assert OutgoingEmail.objects.filter(purpose="scan_reopened").count() == 0


def test_quick_saves_of_one_form_do_not_conflict_but_another_forms_save_in_between_does(scan, coord, second_coord):
    """The form saves on every change: a save may leave before the answer of the previous one came
    back (with the new version). Those are the same form's saves in a row; another form's save in
    between still makes the page stale."""
    first, second, third = questions_of(scan.scan_round)[:3]
    services.response_save(actor=coord, response=scan, expected_version=1, answers={first.pk: 2}, page="page-a")
    services.response_save(
        actor=coord, response=scan, expected_version=1, answers={first.pk: 2, second.pk: 3}, page="page-a"
    )
    scan.refresh_from_db()
    assert scan.version == 3 and Answer.objects.filter(response=scan).count() == 2
    services.response_save(actor=second_coord, response=scan, expected_version=3, answers={third.pk: 5}, page="page-b")
    with pytest.raises(ConcurrentEditError):
        services.response_save(actor=coord, response=scan, expected_version=3, answers={first.pk: 1}, page="page-a")
    with pytest.raises(ConcurrentEditError):
        services.response_save(actor=coord, response=scan, expected_version=2, answers={first.pk: 1}, page="page-b2")
    assert Answer.objects.get(response=scan, question=first).value == 2
