from __future__ import annotations

import logging
from datetime import timedelta

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.utils import timezone

from django_tasks import task

from .models import OutgoingEmail

logger = logging.getLogger(__name__)

#: Attempts per message; after these the message stays in the outbox as failed.
MAX_ATTEMPTS = 8


@task()
def send_email(pk: int) -> str:
    """Send one stored message. A failure is recorded on the message; `send_pending_email` retries it."""
    with transaction.atomic():
        message = OutgoingEmail.objects.select_for_update().filter(pk=pk).first()
        if message is None or message.status == OutgoingEmail.Status.SENT:
            return "skipped"
        message.attempts += 1
        try:
            send_mail(message.subject, message.body, settings.DEFAULT_FROM_EMAIL, [message.to], fail_silently=False)
        except Exception as exc:  # noqa: BLE001 - any transport error must be kept for the retry
            message.status = OutgoingEmail.Status.FAILED
            message.last_error = f"{type(exc).__name__}: {exc}"[:2000]
            message.save(update_fields=["status", "attempts", "last_error"])
            logger.warning("E-mail %s failed (attempt %s): %s", pk, message.attempts, exc)
            transaction.on_commit(lambda: schedule_retry(pk, message.attempts))
            return "failed"
        message.status = OutgoingEmail.Status.SENT
        message.sent_at = timezone.now()
        message.last_error = ""
        message.save(update_fields=["status", "attempts", "last_error", "sent_at"])
        return "sent"


def retry_delay(attempts: int) -> timedelta:
    """Back off: 1, 2, 4, 8 … minutes, at most 6 hours."""
    return timedelta(minutes=min(2 ** (attempts - 1), 360))


def schedule_retry(pk: int, attempts: int, *, backend: str = "default") -> bool:
    """Queue the next attempt later, when the task backend can defer; otherwise `send_pending_email` does it."""
    from django_tasks import task_backends

    if attempts >= MAX_ATTEMPTS or not task_backends[backend].supports_defer:
        return False
    send_email.using(backend=backend, run_after=timezone.now() + retry_delay(attempts)).enqueue(pk)
    return True
