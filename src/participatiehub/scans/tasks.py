"""Background tasks for the scan (django-tasks)."""

from __future__ import annotations

from django_tasks import task

from . import services


@task()
def send_scan_reminders() -> int:
    """Invitations on the opening date and reminders before and after the deadline (idempotent)."""
    return services.reminders_send()
