"""Background tasks for panels (django-tasks): the selection by lot and the invitation letters PDF."""

from __future__ import annotations

from django_tasks import task


@task()
def run_selection(selection_id: int) -> str:
    """Run a queued selection; progress is written as it goes, the outcome in one transaction at the end."""
    from .selection_services import selection_run

    return str(selection_run(selection_id))


@task()
def make_invitation_letters(batch_id: int) -> str:
    """Make the letters PDF of a waiting batch; progress per chunk, the file moved into place at the end."""
    from .services import invitation_letters_make

    return str(invitation_letters_make(batch_id))
