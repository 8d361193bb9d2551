"""Background tasks for the questionnaire (django-tasks)."""

from __future__ import annotations

from django_tasks import task

from . import services


@task()
def send_questionnaire_invitations() -> int:
    """Send every questionnaire invitation not sent yet (idempotent; a failed run is simply run again)."""
    return services.invitations_send()
