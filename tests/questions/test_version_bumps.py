"""Which services bump the "questions" data version (ADR 0004), listed so that none forgets it.

A service that changes what the public question pages show carries ``@bumps_version("questions")``.
A new public function in ``questions.services`` or ``trajectories.services`` must be added to one
of the lists below: to the bumping set, or to the read-only set with a reason.
"""

from __future__ import annotations

import inspect

import pytest

from participatiehub.core.exceptions import ServiceError
from participatiehub.core.services import bumps_version, data_version
from participatiehub.questions import services as question_services
from participatiehub.trajectories import services as trajectory_services

# Every use of the decorator returns a function with this same code object.
_BUMP_WRAPPER_CODE = bumps_version("questions")(lambda: None).__code__

QUESTION_SERVICES_THAT_BUMP = {
    "question_accept",
    "question_ask_clarification",
    "question_close",
    "question_decline",
    "question_enter_on_behalf",
    "question_resubmit",
    "question_step",
    "question_submit",
    "question_update",
}
TRAJECTORY_SERVICES_THAT_BUMP = {
    "activity_add",
    "activity_remove",
    "activity_update",
    "advice_deliver",
    "advice_save",
    "answer_reminders_send",
    "document_remove",
    "document_update",
    "document_upload",
    "feedback_publish",
    "feedback_save",
    "participant_add",
    "participant_remove",
    "participant_unsubscribe",
    "participants_bulk_add",
    "response_record",
    "responses_record",
    "trajectory_start",
    "trajectory_update",
}
# Public functions that change nothing the public pages show.
TRAJECTORY_READ_ONLY = {
    "document_check",  # checks an upload before it is stored
    "feedback_email",  # renders an e-mail text
    "participants_parse",  # parses pasted text
    "participants_view_log",  # writes only the processing log
    "public_question_link",  # builds a URL
}


def _public_functions(module) -> dict[str, object]:
    return {
        name: obj
        for name, obj in vars(module).items()
        if inspect.isfunction(obj) and obj.__module__ == module.__name__ and not name.startswith("_")
    }


def _bumping(module) -> set[str]:
    return {name for name, obj in _public_functions(module).items() if obj.__code__ is _BUMP_WRAPPER_CODE}


@pytest.mark.parametrize(
    ("module", "bumping", "read_only"),
    [
        (question_services, QUESTION_SERVICES_THAT_BUMP, set()),
        (trajectory_services, TRAJECTORY_SERVICES_THAT_BUMP, TRAJECTORY_READ_ONLY),
    ],
    ids=["questions", "trajectories"],
)
def test_the_services_that_bump_the_questions_version(module, bumping, read_only):
    assert _bumping(module) == bumping
    assert set(_public_functions(module)) - bumping == read_only
    for name in bumping:
        assert inspect.getclosurevars(getattr(module, name)).nonlocals["name"] == "questions", name


@pytest.mark.django_db
def test_accepting_a_question_bumps_the_version(question, coord):
    before = data_version("questions")
    question_services.question_accept(user=coord, question=question)
    assert data_version("questions") != before


@pytest.mark.django_db
def test_a_refused_step_does_not_bump_the_version(question, other_coord):
    before = data_version("questions")
    with pytest.raises(ServiceError):
        question_services.question_accept(user=other_coord, question=question)
    assert data_version("questions") == before
