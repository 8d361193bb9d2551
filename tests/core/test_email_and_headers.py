from django.core import mail
from django.core.management import call_command
from django.urls import reverse

import pytest

from participatiehub.core.models import OutgoingEmail
from participatiehub.core.services import email_queue

pytestmark = pytest.mark.django_db


def test_email_is_stored_then_sent_after_commit(django_capture_on_commit_callbacks, run_tasks):
    with django_capture_on_commit_callbacks(execute=True):
        message = email_queue(to="a@example.nl", subject="Onderwerp", body="Tekst")
    message.refresh_from_db()
    assert message.status == OutgoingEmail.Status.PENDING and not mail.outbox  # queued for the worker
    assert run_tasks() == 1
    message.refresh_from_db()
    assert message.status == OutgoingEmail.Status.SENT and message.attempts == 1
    assert [m.to for m in mail.outbox] == [["a@example.nl"]]


def test_failed_send_keeps_the_message_and_is_retried(monkeypatch, django_capture_on_commit_callbacks, run_tasks):
    import participatiehub.core.tasks as tasks

    def broken(*args, **kwargs):
        raise ConnectionRefusedError("SMTP server down")

    monkeypatch.setattr(tasks, "send_mail", broken)
    with django_capture_on_commit_callbacks(execute=True):
        message = email_queue(to="b@example.nl", subject="Onderwerp", body="Tekst")
    run_tasks()
    message.refresh_from_db()
    assert message.status == OutgoingEmail.Status.FAILED
    assert "SMTP server down" in message.last_error
    monkeypatch.undo()
    call_command("send_pending_email", verbosity=0)
    assert run_tasks() == 1
    message.refresh_from_db()
    assert message.status == OutgoingEmail.Status.SENT and message.attempts == 2
    assert len(mail.outbox) == 1


def test_nothing_is_sent_when_the_transaction_rolls_back(django_capture_on_commit_callbacks):
    from django.db import transaction

    with django_capture_on_commit_callbacks(execute=True):
        with pytest.raises(RuntimeError), transaction.atomic():
            email_queue(to="c@example.nl", subject="x", body="y")
            raise RuntimeError
    assert not OutgoingEmail.objects.exists() and not mail.outbox


def test_security_headers_and_dutch_first(client):
    response = client.get(reverse("hubs:list"), HTTP_ACCEPT_LANGUAGE="en")
    assert "default-src 'self'" in response["Content-Security-Policy"]
    assert response["X-Frame-Options"] == "DENY"
    assert '<html lang="nl"' in response.content.decode()
    client.post(reverse("set_language"), {"language": "en", "next": "/hubs/"})
    assert '<html lang="en"' in client.get(reverse("hubs:list")).content.decode()


def test_status_colours_in_css_match_the_map():
    from django.conf import settings

    from participatiehub.hubs.constants import STATUS_COLOURS

    css = (settings.BASE_DIR / "static" / "css" / "site.css").read_text()
    for status, colour in STATUS_COLOURS.items():
        assert f".ph-swatch--{status} {{ background: {colour}; }}" in css


def test_failed_send_is_retried_automatically_with_a_deferring_backend(monkeypatch, settings):
    """With the database task backend a failed send queues itself again, later (backing off)."""
    import datetime as dt

    import participatiehub.core.tasks as tasks

    monkeypatch.setattr(tasks, "send_mail", lambda *a, **k: (_ for _ in ()).throw(OSError("down")))
    message = OutgoingEmail.objects.create(to="d@example.nl", subject="x", body="y")
    settings.TASKS = {**settings.TASKS, "immediate": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    assert tasks.schedule_retry(message.pk, 1, backend="immediate") is False  # a backend that cannot defer
    assert tasks.schedule_retry(message.pk, 1) is True
    from django_tasks_db.models import DBTaskResult

    queued = DBTaskResult.objects.get()
    assert queued.run_after is not None
    assert queued.run_after > tasks.timezone.now() + dt.timedelta(seconds=30)
    assert tasks.retry_delay(20) == dt.timedelta(hours=6)
    assert tasks.schedule_retry(message.pk, 99) is False  # gives up after MAX_ATTEMPTS; the outbox row stays
