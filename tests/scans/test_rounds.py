"""Rounds: opening makes a response per active hub and invites its coordinators; refusals change
nothing; reminders before the deadline and after it go once (the command and the task)."""

from __future__ import annotations

import datetime as dt
from io import StringIO

from django.core.management import call_command
from django.utils import timezone

import pytest

from participatiehub.core.exceptions import ServiceError
from participatiehub.core.models import OutgoingEmail
from participatiehub.hubs.constants import HubStatus
from participatiehub.scans import services, tasks
from participatiehub.scans.constants import ResponseStatus
from participatiehub.scans.models import ReminderSent, ScanResponse, ScanRound
from tests.factories import HubFactory, coordinator

from .factories import default_version, open_round

pytestmark = pytest.mark.django_db

AMS = timezone.get_fixed_timezone(60)


def _mails(purpose: str) -> list[OutgoingEmail]:
    return list(OutgoingEmail.objects.filter(purpose=f"scan_{purpose}").order_by("to"))


def test_opening_makes_a_response_per_active_hub_and_invites_their_coordinators(office, hub, coord, second_coord):
    stopped = HubFactory(status=HubStatus.STOPPED)
    coordinator(stopped, email="gestopt@example.nl")
    other = HubFactory(status=HubStatus.PREPARING)
    coordinator(other, email="kwartiermaker@example.nl")
    scan_round = open_round(year=2026, office=office)
    responses = ScanResponse.objects.filter(scan_round=scan_round)
    assert set(responses.values_list("hub_id", flat=True)) == {hub.pk, other.pk}
    assert set(responses.values_list("status", flat=True)) == {ResponseStatus.NOT_STARTED}
    mails = _mails("invitation")
    assert [m.to for m in mails] == ["coord@hub.example.nl", "kwartiermaker@example.nl", "tweede@hub.example.nl"]
    assert "Participatiescan 2026" in mails[0].subject
    assert f"/scan/antwoorden/{responses.get(hub=hub).pk}/" in mails[0].body
    # The command later sends no second invitation.
    assert services.reminders_send() == 0


def test_a_round_opening_later_invites_on_its_opening_date(office, hub, coord):
    today = timezone.localdate()
    scan_round = open_round(year=2026, office=office, opens_on=today + dt.timedelta(days=5), deadline_days=40)
    assert _mails("invitation") == []
    assert services.reminders_send() == 0
    opening = timezone.make_aware(dt.datetime.combine(today + dt.timedelta(days=5), dt.time(7, 0)))
    assert services.reminders_send(now=opening) == 1
    assert services.reminders_send(now=opening) == 0
    assert [m.to for m in _mails("invitation")] == ["coord@hub.example.nl"]
    assert scan_round.responses.count() == 1


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"year": 1999}, "between 2000 and 2100"),
        ({"deadline_days": -1}, "future"),
        ({"opens_on": "after"}, "after the opening date"),
        ({"reminder_days": [0]}, "Reminder days"),
    ],
)
def test_refusals_open_nothing(office, hub, coord, change, message):
    kwargs = {"year": 2026, "office": office, **change}
    if kwargs.get("opens_on") == "after":
        kwargs["opens_on"] = timezone.localdate() + dt.timedelta(days=60)
    with pytest.raises(ServiceError, match=message):
        open_round(**kwargs)
    assert ScanRound.objects.count() == 0
    assert ScanResponse.objects.count() == 0
    assert OutgoingEmail.objects.count() == 0


def test_a_draft_version_cannot_be_used_and_one_open_round_per_year(office, hub):
    draft = services.template_draft(actor=office, template=default_version().template)
    with pytest.raises(ServiceError, match="published"):
        open_round(year=2026, office=office, version=draft)
    open_round(year=2026, office=office)
    with pytest.raises(ServiceError, match="still open"):
        open_round(year=2026, office=office)
    assert ScanRound.objects.count() == 1


def test_reminder_days_are_read_from_the_office_text():
    assert services.reminder_days_parse("") == [14, 3]
    assert services.reminder_days_parse("3; 14, 7") == [14, 7, 3]
    with pytest.raises(ServiceError):
        services.reminder_days_parse("morgen")


def test_reminders_go_once_on_each_day_and_once_after_the_deadline_to_hubs_that_have_not_submitted(
    office, hub, coord, other_hub, other_coord
):
    deadline = timezone.make_aware(dt.datetime(2026, 12, 31, 17, 0))
    scan_round = services.round_open(
        actor=office,
        year=2026,
        template_version=default_version(),
        opens_on=dt.date(2026, 12, 1),
        deadline=deadline,
        reminder_days=[14, 3],
        now=timezone.make_aware(dt.datetime(2026, 11, 30, 9, 0)),
    )
    done = scan_round.responses.get(hub=other_hub)
    done.status = ResponseStatus.SUBMITTED
    done.save()
    at = lambda day, hour=8: timezone.make_aware(dt.datetime(2026, 12, day, hour, 0))  # noqa: E731
    assert services.reminders_send(now=at(1)) == 2  # the invitations on the opening date (both hubs)
    assert services.reminders_send(now=at(16)) == 0  # 15 days before: nothing yet
    assert services.reminders_send(now=at(17)) == 1  # 14 days before: hub A only
    assert services.reminders_send(now=at(17, 20)) == 0  # the same day again
    assert services.reminders_send(now=at(28)) == 1  # 3 days before
    assert services.reminders_send(now=at(31, 16)) == 0
    assert services.reminders_send(now=at(31, 17)) == 1  # the deadline passed: once
    assert services.reminders_send(now=at(31, 18)) == 0
    before = _mails("before")
    assert [m.to for m in before] == ["coord@hub.example.nl", "coord@hub.example.nl"]
    assert "nog 14 dagen" in before[0].body or "nog 3 dagen" in before[0].body
    overdue = _mails("overdue")
    assert [m.to for m in overdue] == ["coord@hub.example.nl"]
    assert "termijn is voorbij" in overdue[0].subject
    assert ReminderSent.objects.filter(response__hub=other_hub).exclude(kind="invitation").count() == 0


def test_a_missed_reminder_day_is_not_sent_afterwards(office, hub, coord):
    deadline = timezone.make_aware(dt.datetime(2026, 12, 31, 17, 0))
    services.round_open(
        actor=office,
        year=2026,
        template_version=default_version(),
        opens_on=dt.date(2026, 12, 1),
        deadline=deadline,
        reminder_days=[14, 3],
        now=timezone.make_aware(dt.datetime(2026, 12, 1, 9, 0)),
    )
    # Cron did not run between the 17th and the 28th: one reminder (3 days), not two.
    assert services.reminders_send(now=timezone.make_aware(dt.datetime(2026, 12, 29, 8, 0))) == 1
    assert services.reminders_send(now=timezone.make_aware(dt.datetime(2026, 12, 29, 9, 0))) == 0
    assert len(_mails("before")) == 1


def test_the_command_and_the_task_send_each_reminder_once(office, hub, coord):
    scan_round = open_round(year=2026, office=office, deadline_days=2)
    out = StringIO()
    call_command("send_scan_reminders", stdout=out)
    assert "1 e-mail" in out.getvalue()
    call_command("send_scan_reminders", stdout=out)
    assert len(_mails("before")) == 1
    assert tasks.send_scan_reminders.call() == 0
    later = timezone.localtime(scan_round.deadline + dt.timedelta(hours=1)).strftime("%Y-%m-%dT%H:%M")
    call_command("send_scan_reminders", "--now", later, stdout=out)
    assert len(_mails("overdue")) == 1


def test_a_closed_round_sends_nothing_and_refuses_closing_twice(office, hub, coord):
    scan_round = open_round(year=2026, office=office, deadline_days=2)
    services.round_close(actor=office, scan_round=scan_round)
    assert services.reminders_send() == 0
    with pytest.raises(ServiceError):
        services.round_close(actor=office, scan_round=scan_round)
