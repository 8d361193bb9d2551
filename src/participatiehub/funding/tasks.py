"""Background tasks for funding (django-tasks)."""

from __future__ import annotations

from django_tasks import task

from . import services_grants


@task()
def send_grant_reminders() -> int:
    """Remind grantees of progress reports due within two weeks or overdue (idempotent)."""
    return services_grants.grant_reminders_send()
