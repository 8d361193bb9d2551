"""Background tasks for the questionnaire (django-tasks), and what runs after feedback is published."""

from __future__ import annotations

from django.db import transaction

from django_tasks import task, task_backends

from . import services


@task()
def send_questionnaire_invitations() -> int:
    """Send every questionnaire invitation that is due and not sent yet (idempotent; a failed run is simply
    run again, and ``manage.py send_questionnaire_invitations`` does the same by hand or from cron)."""
    return services.invitations_send()


def after_feedback_published(trajectory_id: int) -> None:
    """Registered with ``trajectories.hooks`` (runs after the publication commits): the invitation rows,
    then this task queued for the moment they are due. A backend that cannot wait leaves it to the command."""
    moment = services.invitations_create(trajectory_id)
    if moment is not None and task_backends["default"].supports_defer:
        transaction.on_commit(lambda: send_questionnaire_invitations.using(run_after=moment).enqueue())
