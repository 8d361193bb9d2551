"""The procedure is data: the office changes a call's steps and the next application follows them;
an application already under way keeps the procedure it was submitted with."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.urls import reverse

import pytest

from participatiehub.funding import services, workflow
from participatiehub.funding.constants import ApplicationStatus, StepKind

from .factories import CallFactory, complete_application

A = ApplicationStatus
S = StepKind
pytestmark = pytest.mark.django_db


def _steps(**enabled) -> list[dict]:
    order = [S.COMPLETENESS, S.REFEREES, S.REBUTTAL, S.COMMITTEE, S.DECISION]
    return [{"kind": k, "order": (i + 1) * 10, "enabled": enabled.get(k, True)} for i, k in enumerate(order)]


def test_a_change_of_procedure_applies_to_the_next_application_only(applicant, hub, office):
    call = CallFactory()
    first = complete_application(call=call, hub=hub, lead_applicant=applicant)
    services.application_submit(actor=applicant, application=first)
    # The office drops the rebuttal in the interface's service.
    procedure = services.call_steps_set(actor=office, call=call, steps=_steps(rebuttal=False))
    assert procedure == [S.COMPLETENESS, S.REFEREES, S.COMMITTEE, S.DECISION]
    second = complete_application(call=call, hub=hub, lead_applicant=applicant)
    services.application_submit(actor=applicant, application=second)
    assert first.procedure == [S.COMPLETENESS, S.REFEREES, S.REBUTTAL, S.COMMITTEE, S.DECISION]
    assert second.procedure == [S.COMPLETENESS, S.REFEREES, S.COMMITTEE, S.DECISION]
    for application in (first, second):
        services.application_accept(actor=office, application=application)
        workflow.application_advance(application=application, user=office)  # the referees are done
    assert first.status == A.REBUTTAL
    assert second.status == A.COMMITTEE


def test_without_a_completeness_check_submission_goes_straight_to_the_first_step(applicant, hub, office):
    call = CallFactory(procedure=[S.COMMITTEE, S.DECISION])
    application = complete_application(call=call, hub=hub, lead_applicant=applicant)
    services.application_submit(actor=applicant, application=application)
    assert application.status == A.COMMITTEE
    assert [c.to_status for c in application.status_changes.order_by("pk")] == [A.SUBMITTED, A.COMMITTEE]
    workflow.application_advance(application=application, user=office)
    assert application.status == A.DECISION
    with pytest.raises(ValidationError, match="no next step"):
        workflow.application_advance(application=application, user=office)


def test_the_order_of_steps_is_data(office):
    call = CallFactory()
    steps = _steps()
    steps[3]["order"] = 15  # the committee before the referees
    procedure = services.call_steps_set(actor=office, call=call, steps=steps)
    assert procedure == [S.COMPLETENESS, S.COMMITTEE, S.REFEREES, S.REBUTTAL, S.DECISION]


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"decision": False}, "needs a decision step"),
        ({"referees": False}, "rebuttal answers the referees"),
    ],
)
def test_an_impossible_procedure_is_refused(office, change, message):
    call = CallFactory()
    with pytest.raises(ValidationError, match=message):
        services.call_steps_set(actor=office, call=call, steps=_steps(**change))
    assert workflow.call_procedure(call) == [S.COMPLETENESS, S.REFEREES, S.REBUTTAL, S.COMMITTEE, S.DECISION]


def test_order_problems():
    assert workflow.procedure_problems([S.REFEREES, S.COMPLETENESS, S.DECISION]) == [
        "The completeness check must be the first step."
    ]
    assert workflow.procedure_problems([S.DECISION, S.COMMITTEE]) == ["The decision must be the last step."]
    assert workflow.procedure_problems([S.REBUTTAL, S.REFEREES, S.DECISION]) == [
        "A rebuttal answers the referees: it must come after the referees step."
    ]
    assert workflow.procedure_problems([S.DECISION]) == []


def test_only_the_office_changes_the_procedure(applicant):
    call = CallFactory()
    with pytest.raises(ValidationError, match="Only the programme office"):
        services.call_steps_set(actor=applicant, call=call, steps=_steps(rebuttal=False))


def test_open_and_close(office):
    call = CallFactory(status="draft")
    services.call_open(actor=office, call=call)
    assert call.status == "open"
    with pytest.raises(ValidationError, match="already open"):
        services.call_open(actor=office, call=call)
    services.call_close(actor=office, call=call)
    assert call.status == "closed"


def test_the_office_changes_the_procedure_on_the_call_page(client, applicant, hub, office):
    """The same change made through the page the office uses: no code, the next application follows it."""
    call = CallFactory()
    first = complete_application(call=call, hub=hub, lead_applicant=applicant)
    services.application_submit(actor=applicant, application=first)
    client.force_login(office)
    data = {"action": "steps"}
    for step in _steps(rebuttal=False):
        data[f"steps-{step['kind']}_order"] = step["order"]
        if step["enabled"]:
            data[f"steps-{step['kind']}_enabled"] = "on"
    response = client.post(reverse("funding:office_call", args=[call.slug]), data)
    assert response.status_code == 302
    second = complete_application(call=call, hub=hub, lead_applicant=applicant)
    services.application_submit(actor=applicant, application=second)
    first.refresh_from_db()
    assert S.REBUTTAL in first.procedure
    assert second.procedure == [S.COMPLETENESS, S.REFEREES, S.COMMITTEE, S.DECISION]
