"""Background tasks for panels (django-tasks): the selection by lot."""

from __future__ import annotations

from django_tasks import task


@task()
def run_selection(selection_id: int) -> str:
    """Run a queued selection; progress is written as it goes, the outcome in one transaction at the end."""
    from .selection_services import selection_run

    return str(selection_run(selection_id))
