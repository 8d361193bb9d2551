"""Background tasks for trajectories (django-tasks)."""

from __future__ import annotations

from django_tasks import task

from . import services


@task()
def send_answer_reminders() -> int:
    """Remind decision-makers of unanswered advice before and after the due date (idempotent)."""
    return services.answer_reminders_send()
