# ruff: noqa: F811 - fixtures are imported from tests/panels/test_pools_support.py
"""Pages that wait on background work say when no worker picks it up (letters PDF, selection by lot)."""

from __future__ import annotations

from datetime import timedelta

from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

import pytest
from django_tasks_db.models import DBTaskResult

from participatiehub.panels import services as selection_services
from participatiehub.panels.constants import SelectionStatus
from participatiehub.panels.tasks import run_selection
from participatiehub.participants import services
from participatiehub.participants.constants import LettersStatus
from participatiehub.participants.models import InvitationBatch
from tests.panels.test_pools_support import _english, coord, coord_client, hub, small_pool  # noqa: F401

pytestmark = pytest.mark.django_db

NOTICE = "No background worker seems to be running"
COMMAND = "python manage.py db_worker"


@pytest.fixture(autouse=True)
def _private(private_files):
    return private_files


def _shift_queue_back(minutes: float) -> None:
    """As if everything now in the queue was queued `minutes` ago."""
    DBTaskResult.objects.update(enqueued_at=timezone.now() - timedelta(minutes=minutes))


def test_letters_waiting_over_a_minute_say_no_worker_runs(
    coord_client, hub, coord, django_capture_on_commit_callbacks, run_tasks
):
    with django_capture_on_commit_callbacks(execute=True):
        batch = services.invitation_batch_create(hub=hub, actor=coord, name="Brieven", size=3)
    status_url = reverse("participants:invitation_letters_status", args=[hub.slug, batch.pk])
    fragment = coord_client.get(status_url, HTTP_HX_REQUEST="true").content.decode()
    assert "<progress" in fragment and NOTICE not in fragment  # just queued: nothing to say yet
    _shift_queue_back(0.9)
    assert NOTICE not in coord_client.get(status_url, HTTP_HX_REQUEST="true").content.decode()
    _shift_queue_back(1.5)
    fragment = coord_client.get(status_url, HTTP_HX_REQUEST="true").content.decode()
    assert NOTICE in fragment and COMMAND in fragment and 'hx-trigger="every 2s"' in fragment
    assert NOTICE in coord_client.get(reverse("participants:invitations", args=[hub.slug])).content.decode()
    # The worker starts: the letters are made and the notice is gone.
    assert run_tasks() == 1
    batch.refresh_from_db()
    assert batch.letters_status == LettersStatus.READY
    assert NOTICE not in coord_client.get(status_url, HTTP_HX_REQUEST="true").content.decode()


def test_letters_being_made_show_no_notice(coord_client, hub, coord, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        batch = services.invitation_batch_create(hub=hub, actor=coord, name="Brieven", size=3)
    _shift_queue_back(5)
    batch.__class__.objects.filter(pk=batch.pk).update(letters_status=LettersStatus.BUSY)
    fragment = coord_client.get(reverse("participants:invitation_letters_status", args=[hub.slug, batch.pk])).content
    assert NOTICE not in fragment.decode()


def test_a_queued_selection_over_a_minute_says_no_worker_runs(coord_client, hub, coord, run_tasks):
    selection = selection_services.selection_start(pool=small_pool(hub), actor=coord, seed="7", panel_count=50)
    run_selection.enqueue(selection.pk)  # selection_start queues after commit; a test never commits
    progress_url = reverse("panels:selection_progress", args=[hub.slug, selection.pk])
    assert NOTICE not in coord_client.get(progress_url, HTTP_HX_REQUEST="true").content.decode()
    _shift_queue_back(2)
    fragment = coord_client.get(progress_url, HTTP_HX_REQUEST="true").content.decode()
    assert NOTICE in fragment and COMMAND in fragment and 'hx-trigger="every 1s"' in fragment
    page = coord_client.get(reverse("panels:selection_detail", args=[hub.slug, selection.pk])).content.decode()
    assert NOTICE in page
    run_tasks()
    selection.refresh_from_db()
    assert selection.status == SelectionStatus.DONE, selection.error
    assert NOTICE not in coord_client.get(progress_url).content.decode()


def test_the_notice_is_dutch(hub, coord, django_capture_on_commit_callbacks):
    client = Client()  # without the English cookie of this module's other tests
    client.force_login(coord)
    with django_capture_on_commit_callbacks(execute=True):
        batch = services.invitation_batch_create(hub=hub, actor=coord, name="Brieven", size=2)
    _shift_queue_back(3)
    fragment = client.get(reverse("participants:invitation_letters_status", args=[hub.slug, batch.pk])).content.decode()
    assert "Er lijkt geen achtergrondproces te draaien" in fragment and COMMAND in fragment


def test_the_list_asks_once_however_many_batches_wait(coord_client, hub, coord, django_capture_on_commit_callbacks):
    def queries_for_the_list() -> int:
        with CaptureQueriesContext(connection) as captured:
            page = coord_client.get(reverse("participants:invitations", args=[hub.slug])).content.decode()
        assert page.count(NOTICE) == InvitationBatch.objects.count()
        return len([q for q in captured.captured_queries if "django_tasks_database" in q["sql"]])

    for name in ("Eén", "Twee", "Drie"):
        with django_capture_on_commit_callbacks(execute=True):
            services.invitation_batch_create(hub=hub, actor=coord, name=name, size=1)
    _shift_queue_back(2)
    assert queries_for_the_list() == 2  # waiting too long, and is anything running: once for the page
