"""Reminders to the decision-makers before and after the answer's due date: each sent once."""

from __future__ import annotations

import datetime as dt

from django.core import mail
from django.core.management import call_command

import pytest

from participatiehub.trajectories import services, tasks
from participatiehub.trajectories.models import Advice

from .helpers import delivered, started

pytestmark = pytest.mark.django_db

DUE = dt.date(2025, 6, 1)


@pytest.fixture
def advice(question, coordinator_user, dm_user):
    assert question.answer_due_date == DUE
    advice = delivered(started(question, coordinator_user), coordinator_user, n=2)
    mail.outbox.clear()
    return advice


def _send(today, capture, run_tasks):
    """Run the reminders; the task worker then sends what they queued."""
    with capture(execute=True):
        count = services.answer_reminders_send(today=today, base_url="https://hub.example.nl")
    run_tasks()
    return count


def test_nothing_too_early(advice, django_capture_on_commit_callbacks, run_tasks):
    assert _send(DUE - dt.timedelta(days=15), django_capture_on_commit_callbacks, run_tasks) == 0
    assert mail.outbox == []


def test_before_and_after_each_once(advice, dm_user, question, django_capture_on_commit_callbacks, run_tasks):
    capture = django_capture_on_commit_callbacks
    assert _send(DUE - dt.timedelta(days=14), capture, run_tasks) == 1
    assert _send(DUE - dt.timedelta(days=10), capture, run_tasks) == 0  # running again sends nothing
    assert sorted(m.to[0] for m in mail.outbox) == sorted([dm_user.email, question.contact_email])
    assert "Herinnering" in mail.outbox[0].subject
    assert "Nog 2 aanbevelingen hebben geen reactie" in mail.outbox[0].body
    assert f"https://hub.example.nl/trajecten/{question.pk}/reactie/" in mail.outbox[0].body
    mail.outbox.clear()

    assert _send(DUE, capture, run_tasks) == 0  # the due date itself is not "after"
    assert _send(DUE + dt.timedelta(days=1), capture, run_tasks) == 1
    assert _send(DUE + dt.timedelta(days=2), capture, run_tasks) == 0
    assert len(mail.outbox) == 2
    assert "te laat" in mail.outbox[0].subject
    advice.refresh_from_db()
    assert advice.reminder_before_sent_at and advice.reminder_after_sent_at


def test_command_twice_sends_once(advice, django_capture_on_commit_callbacks, capsys, run_tasks):
    with django_capture_on_commit_callbacks(execute=True):
        call_command("send_answer_reminders", "--today", "2025-06-05")
        call_command("send_answer_reminders", "--today", "2025-06-05")
    assert run_tasks() == 2
    assert len(mail.outbox) == 2  # one e-mail to each of the two recipients
    assert "1 herinnering(en)" in capsys.readouterr().out


def test_task_runs_the_same_service(advice, monkeypatch):
    calls = []
    monkeypatch.setattr(services, "answer_reminders_send", lambda **kw: calls.append(kw) or 0)
    tasks.send_answer_reminders.call()
    assert calls == [{}]


def test_fully_answered_advice_gets_no_reminder(advice, dm_user, django_capture_on_commit_callbacks, run_tasks):
    for rec in advice.recommendations.all():
        services.response_record(user=dm_user, recommendation=rec, decision="adopted", decided_on=dt.date(2025, 5, 1))
    mail.outbox.clear()
    assert _send(DUE + dt.timedelta(days=3), django_capture_on_commit_callbacks, run_tasks) == 0
    assert mail.outbox == []


def test_draft_advice_gets_no_reminder(question, coordinator_user, django_capture_on_commit_callbacks, run_tasks):
    services.advice_save(
        actor=coordinator_user, trajectory=started(question, coordinator_user), summary="S", recommendations=["A"]
    )
    assert _send(DUE + dt.timedelta(days=3), django_capture_on_commit_callbacks, run_tasks) == 0
    assert Advice.objects.get().reminder_after_sent_at is None
