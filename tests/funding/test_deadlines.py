"""Deadlines with frozen time, in Europe/Amsterdam: 13:59:59 is in time, 14:00:00 is too late, also on
the days around the change to and from summer time; a deadline entered as local time is stored right."""

from __future__ import annotations

import datetime as dt
from unittest import mock
from zoneinfo import ZoneInfo

from django.core.exceptions import ValidationError

import pytest

from participatiehub.funding import services
from participatiehub.funding.constants import ApplicationStatus
from participatiehub.funding.forms import CallForm, DeadlineForm
from participatiehub.funding.templatetags.funding import deadline_text

from .factories import CallFactory, ProgrammeLineFactory, complete_application

AMS = ZoneInfo("Europe/Amsterdam")
pytestmark = pytest.mark.django_db


def _at(*args) -> dt.datetime:
    return dt.datetime(*args, tzinfo=AMS)


def _frozen(moment: dt.datetime):
    return mock.patch("django.utils.timezone.now", return_value=moment.astimezone(dt.UTC))


# The closing day at 14:00 Amsterdam time: in summer (+02:00), in winter (+01:00), and on the Sundays of the
# change (last Sunday of March: 02:00 → 03:00; last Sunday of October: 03:00 → 02:00), and the days around them.
CLOSING_DAYS = [
    (2024, 9, 24),  # the 2024 coalition call
    (2024, 3, 30),
    (2024, 3, 31),  # summer time starts
    (2024, 4, 1),
    (2024, 10, 26),
    (2024, 10, 27),  # summer time ends
    (2024, 10, 28),
    (2025, 3, 30),  # summer time starts
    (2025, 10, 26),  # summer time ends
    (2024, 12, 31),
]


def _call_closing(year, month, day):
    closes = _at(year, month, day, 14, 0)
    return CallFactory(opens_at=closes - dt.timedelta(days=60), closes_at=closes)


@pytest.mark.parametrize("day", CLOSING_DAYS, ids=lambda d: "-".join(map(str, d)))
def test_one_second_before_14_00_is_in_time(day, applicant, hub):
    call = _call_closing(*day)
    with _frozen(_at(*day, 13, 0)):
        application = complete_application(call=call, hub=hub, lead_applicant=applicant)
    with _frozen(_at(*day, 13, 59, 59)):
        services.application_submit(actor=applicant, application=application)
    assert application.status == ApplicationStatus.SUBMITTED
    assert application.submitted_at.astimezone(AMS) == _at(*day, 13, 59, 59)


@pytest.mark.parametrize("day", CLOSING_DAYS, ids=lambda d: "-".join(map(str, d)))
def test_14_00_00_is_too_late(day, applicant, hub):
    call = _call_closing(*day)
    with _frozen(_at(*day, 13, 0)):
        application = complete_application(call=call, hub=hub, lead_applicant=applicant)
    with _frozen(_at(*day, 14, 0, 0)), pytest.raises(ValidationError) as exc_info:
        services.application_submit(actor=applicant, application=application)
    when = deadline_text(call.closes_at)
    assert exc_info.value.messages == [f"The call closed on {when}. You can no longer submit."]
    application.refresh_from_db()
    assert application.status == ApplicationStatus.DRAFT


def test_the_utc_moment_of_14_00_follows_summer_time():
    summer = _call_closing(2024, 3, 31)  # already summer time at 14:00
    winter = _call_closing(2024, 3, 30)
    autumn = _call_closing(2024, 10, 27)  # winter time again at 14:00
    assert summer.closes_at.astimezone(dt.UTC).hour == 12
    assert winter.closes_at.astimezone(dt.UTC).hour == 13
    assert autumn.closes_at.astimezone(dt.UTC).hour == 13


def test_closing_is_shown_as_dutch_local_time():
    from django.utils import translation

    call = _call_closing(2024, 9, 24)
    with translation.override("nl"):
        assert deadline_text(call.closes_at) == "24 september 2024, 14:00"
    winter = _call_closing(2024, 10, 27)
    with translation.override("nl"):
        assert deadline_text(winter.closes_at) == "27 oktober 2024, 14:00"


@pytest.mark.parametrize(
    ("entered", "utc"),
    [
        ("2024-09-24T14:00", dt.datetime(2024, 9, 24, 12, 0, tzinfo=dt.UTC)),
        ("2024-03-31T14:00", dt.datetime(2024, 3, 31, 12, 0, tzinfo=dt.UTC)),
        ("2024-03-30T14:00", dt.datetime(2024, 3, 30, 13, 0, tzinfo=dt.UTC)),
        ("2024-10-27T14:00", dt.datetime(2024, 10, 27, 13, 0, tzinfo=dt.UTC)),
        ("2024-06-11T14:00", dt.datetime(2024, 6, 11, 12, 0, tzinfo=dt.UTC)),
    ],
)
def test_a_deadline_entered_as_local_time_is_stored_right(entered, utc, office):
    line = ProgrammeLineFactory()
    form = CallForm(
        data={
            "line": line.pk,
            "title": "Oproep",
            "max_amount": "50000",
            "max_months": "6",
            "opens_at": "2024-01-02T09:00",
            "closes_at": entered,
            "min_partners": "2",
            "dutch_legal_entity_required": "on",
            "repair_days": "10",
        }
    )
    assert form.is_valid(), form.errors
    call = services.call_create(actor=office, **form.service_kwargs())
    call.refresh_from_db()
    assert call.closes_at == utc
    deadline_form = DeadlineForm(data={"label": "Eerste ronde", "at": entered})
    assert deadline_form.is_valid(), deadline_form.errors
    deadline = services.deadline_add(actor=office, call=call, **deadline_form.cleaned_data)
    deadline.refresh_from_db()
    assert deadline.at == utc


def test_the_repair_deadline_is_exact_to_the_second(applicant, hub, office):
    call = CallFactory(repair_days=10)
    application = complete_application(call=call, hub=hub, lead_applicant=applicant)
    services.application_submit(actor=applicant, application=application)
    services.application_return(actor=office, application=application, reason="Graag de handtekening.")
    due = application.repair_due
    with _frozen(due - dt.timedelta(seconds=1)):
        assert services.submission_problems(application) == []
    with _frozen(due), pytest.raises(ValidationError, match="time to repair"):
        services.application_submit(actor=applicant, application=application)
