"""Queueing e-mail: stored in the outbox within the caller's transaction, sent by a task after commit."""

from __future__ import annotations

from django.db import transaction

from .models import OutgoingEmail

MAX_ATTEMPTS = 8


def email_queue(*, to: str, subject: str, body: str, purpose: str = "") -> OutgoingEmail:
    message = OutgoingEmail.objects.create(to=to, subject=subject, body=body, purpose=purpose)
    transaction.on_commit(lambda: _enqueue(message.pk))
    return message


def _enqueue(pk: int) -> None:
    from .tasks import send_email

    send_email.enqueue(pk)
