# ruff: noqa: F811  (pytest fixtures imported from participant_helpers)
"""The invitation letters PDF as a background task: progress, the private file, failure, retry and access."""

from __future__ import annotations

import datetime as dt
import io
import os

from django.conf import settings
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

import pytest
from pypdf import PdfReader

from participatiehub.participants import letters, services, tasks
from participatiehub.participants.constants import LettersStatus
from participatiehub.participants.letters import display_code
from participatiehub.participants.models import InvitationBatch
from tests.factories import coordinator, programme_officer
from tests.participants.participant_helpers import (  # noqa: F401
    _english,
    coordinator_user,
    hub,
    other_hub,
    utrecht,
)

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _private(private_files):
    return private_files


def _files(root) -> list[str]:
    """Every file under the private folder (also unfinished ones)."""
    return sorted(os.path.join(d, f) for d, _dirs, files in os.walk(root) for f in files) if root.exists() else []


def _make(hub, actor, capture, run_tasks, *, size=7, name="Brieven maart") -> InvitationBatch:
    with capture(execute=True):
        batch = services.invitation_batch_create(hub=hub, actor=actor, name=name, size=size)
    batch.refresh_from_db()
    assert batch.letters_status == LettersStatus.WAITING  # queued: the task worker makes them
    assert run_tasks() == 1
    batch.refresh_from_db()
    return batch


def _download(client, hub, batch):
    return client.get(reverse("participants:invitation_letters", args=[hub.slug, batch.pk]))


# --- the task -------------------------------------------------------------------------------------


def test_task_stores_a_valid_pdf_with_one_page_per_code(
    client, hub, coordinator_user, private_files, django_capture_on_commit_callbacks, run_tasks
):
    batch = _make(hub, coordinator_user, django_capture_on_commit_callbacks, run_tasks)
    assert batch.letters_status == LettersStatus.READY, batch.letters_error
    assert batch.letters_done == batch.size == 7
    assert batch.letters_generated_at is not None and batch.letters_error == ""
    # The file is in the private folder, nowhere else, and nothing unfinished is left behind.
    assert _files(private_files) == [os.path.join(private_files, batch.letters_file.name)]
    assert batch.letters_file.name.startswith(f"letters/{hub.pk}/{batch.pk}-")
    with batch.letters_file.open("rb") as handle:
        reader = PdfReader(handle)
        codes = list(batch.codes.order_by("id").values_list("code", flat=True))
        assert len(reader.pages) == 7
        for page, code in zip(reader.pages, codes, strict=True):
            assert display_code(code) in page.extract_text()
    client.force_login(coordinator_user)
    response = _download(client, hub, batch)
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert 'attachment; filename="brieven-brieven-maart.pdf"' == response["Content-Disposition"]
    assert len(PdfReader(io.BytesIO(b"".join(response.streaming_content))).pages) == 7


def test_progress_is_written_after_every_chunk(
    hub, coordinator_user, monkeypatch, django_capture_on_commit_callbacks, run_tasks
):
    monkeypatch.setattr(letters, "CHUNK", 3)
    seen = []
    real = letters.render_chunk

    def render(batch, codes):
        row = InvitationBatch.objects.get(pk=batch.pk)
        seen.append((row.letters_status, row.letters_done, len(codes)))
        return real(batch, codes)

    monkeypatch.setattr(letters, "render_chunk", render)
    batch = _make(hub, coordinator_user, django_capture_on_commit_callbacks, run_tasks)
    assert seen == [("busy", 0, 3), ("busy", 3, 3), ("busy", 6, 1)]
    assert batch.letters_status == LettersStatus.READY and batch.letters_done == 7


def test_a_failure_leaves_status_failed_no_file_and_the_codes(
    client, hub, coordinator_user, private_files, monkeypatch, django_capture_on_commit_callbacks, run_tasks
):
    monkeypatch.setattr(letters, "CHUNK", 3)
    real = letters.render_chunk
    calls = []

    def broken(batch, codes):
        calls.append(len(codes))
        if len(calls) == 2:
            raise RuntimeError("WeasyPrint crashed")
        return real(batch, codes)

    monkeypatch.setattr(letters, "render_chunk", broken)
    batch = _make(hub, coordinator_user, django_capture_on_commit_callbacks, run_tasks)
    codes = sorted(batch.codes.values_list("code", flat=True))
    assert batch.letters_status == LettersStatus.FAILED
    assert not batch.letters_file and batch.letters_generated_at is None
    assert "Probeer het opnieuw" in batch.letters_error or "Opnieuw proberen" in batch.letters_error  # Dutch
    assert _files(private_files) == []  # the unfinished file is removed
    assert sorted(batch.codes.values_list("code", flat=True)) == codes and len(codes) == 7
    assert not batch.codes.filter(used_at__isnull=False).exists()

    # The list shows the failure and a "try again" button (POST with a CSRF token).
    client.force_login(coordinator_user)
    page = client.get(reverse("participants:invitations", args=[hub.slug])).content.decode()
    retry_url = reverse("participants:invitation_letters_retry", args=[hub.slug, batch.pk])
    assert f'action="{retry_url}"' in page and "csrfmiddlewaretoken" in page and "Try again" in page
    assert reverse("participants:invitation_letters", args=[hub.slug, batch.pk]) not in page

    # Downloading now gives a message, not an error page.
    response = _download(client, hub, batch)
    assert response.status_code == 302
    page = client.get(response.url).content.decode()
    assert "could not be made" in page

    # Try again: the same codes, now on letters.
    monkeypatch.setattr(letters, "render_chunk", real)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(retry_url)
    assert response.status_code == 302
    assert run_tasks() == 1
    batch.refresh_from_db()
    assert batch.letters_status == LettersStatus.READY and batch.letters_error == ""
    with batch.letters_file.open("rb") as handle:
        text = "".join(p.extract_text() for p in PdfReader(handle).pages)
    assert all(display_code(code) in text for code in codes)
    assert len(_files(private_files)) == 1


def test_retry_only_after_a_failure(client, hub, coordinator_user, django_capture_on_commit_callbacks, run_tasks):
    batch = _make(hub, coordinator_user, django_capture_on_commit_callbacks, run_tasks, size=2)
    name = batch.letters_file.name
    client.force_login(coordinator_user)
    response = client.post(reverse("participants:invitation_letters_retry", args=[hub.slug, batch.pk]), follow=True)
    assert "already ready or being made" in response.content.decode()
    batch.refresh_from_db()
    assert batch.letters_status == LettersStatus.READY and batch.letters_file.name == name
    assert client.get(reverse("participants:invitation_letters_retry", args=[hub.slug, batch.pk])).status_code == 405


def test_download_before_ready_gives_a_clear_dutch_message(client, hub, coordinator_user):
    batch = services.invitation_batch_create(hub=hub, actor=coordinator_user, name="Wacht", size=3)  # not run
    client.force_login(coordinator_user)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "nl"
    response = _download(client, hub, batch)
    assert response.status_code == 302 and response.url == reverse("participants:invitations", args=[hub.slug])
    page = client.get(response.url).content.decode()
    assert "zijn nog niet klaar" in page


def test_list_shows_status_and_a_polled_progress_bar(client, hub, coordinator_user):
    batch = services.invitation_batch_create(hub=hub, actor=coordinator_user, name="Bezig", size=50)
    InvitationBatch.objects.filter(pk=batch.pk).update(letters_status=LettersStatus.BUSY, letters_done=20)
    client.force_login(coordinator_user)
    page = client.get(reverse("participants:invitations", args=[hub.slug])).content.decode()
    status_url = reverse("participants:invitation_letters_status", args=[hub.slug, batch.pk])
    assert f'hx-get="{status_url}"' in page and 'hx-trigger="every 2s"' in page
    assert f'<progress id="letters-progress-{batch.pk}" max="50" value="20">' in page
    assert "20 of 50 letters made" in page
    assert reverse("participants:invitation_letters", args=[hub.slug, batch.pk]) not in page
    assert ' style="' not in page  # strict CSP: no inline styles
    # The polled fragment stops polling once the letters are ready.
    InvitationBatch.objects.filter(pk=batch.pk).update(
        letters_status=LettersStatus.READY, letters_done=50, letters_generated_at=timezone.now()
    )
    fragment = client.get(status_url, HTTP_HX_REQUEST="true").content.decode()
    assert "hx-trigger" not in fragment
    assert reverse("participants:invitation_letters", args=[hub.slug, batch.pk]) in fragment


def test_requeue_command_picks_up_waiting_and_stopped_batches(
    hub, coordinator_user, private_files, django_capture_on_commit_callbacks, run_tasks
):
    services.invitation_batch_create(hub=hub, actor=coordinator_user, name="Wacht", size=2)
    stopped = services.invitation_batch_create(hub=hub, actor=coordinator_user, name="Gestopt", size=2)
    running = services.invitation_batch_create(hub=hub, actor=coordinator_user, name="Loopt", size=2)
    lost = services.invitation_batch_create(hub=hub, actor=coordinator_user, name="Kwijt", size=2)
    InvitationBatch.objects.filter(pk=lost.pk).update(letters_status="ready", letters_file="letters/1/weg.pdf")
    long_ago = timezone.now() - dt.timedelta(hours=2)
    InvitationBatch.objects.filter(pk=stopped.pk).update(letters_status="busy", letters_updated_at=long_ago)
    InvitationBatch.objects.filter(pk=running.pk).update(letters_status="busy", letters_updated_at=timezone.now())
    # What a stopped worker left behind is removed; what a running one writes stays.
    (private_files / "tmp").mkdir(parents=True)
    left, current = private_files / "tmp" / "letters-1-x.part", private_files / "tmp" / "letters-2-y.part"
    left.write_bytes(b"%PDF-1.7 half")
    current.write_bytes(b"%PDF-1.7 busy")
    os.utime(left, (long_ago.timestamp(), long_ago.timestamp()))
    out = io.StringIO()
    with django_capture_on_commit_callbacks(execute=True):
        call_command("invitation_letters_requeue", stdout=out)
    assert "3 reeks(en)" in out.getvalue()
    assert run_tasks() == 3
    statuses = dict(InvitationBatch.objects.values_list("name", "letters_status"))
    assert statuses == {"Wacht": "ready", "Gestopt": "ready", "Loopt": "busy", "Kwijt": "ready"}
    lost.refresh_from_db()
    assert lost.letters_file.name != "letters/1/weg.pdf" and lost.letters_file.storage.exists(lost.letters_file.name)
    assert not left.exists() and current.exists()


def test_a_second_job_for_the_same_batch_does_nothing(
    hub, coordinator_user, django_capture_on_commit_callbacks, run_tasks
):
    batch = _make(hub, coordinator_user, django_capture_on_commit_callbacks, run_tasks, size=2)
    assert tasks.invitation_letters_make(batch.pk) == "skipped"
    batch.refresh_from_db()
    assert batch.letters_status == LettersStatus.READY


# --- access ---------------------------------------------------------------------------------------

LETTER_VIEWS = ["invitation_letters", "invitation_letters_status", "invitation_letters_retry"]


@pytest.fixture
def ready_batch(hub, coordinator_user, django_capture_on_commit_callbacks, run_tasks):
    return _make(hub, coordinator_user, django_capture_on_commit_callbacks, run_tasks, size=2)


@pytest.mark.parametrize("view", LETTER_VIEWS)
def test_other_hub_and_other_roles_get_403(client, hub, other_hub, ready_batch, view):
    url = reverse(f"participants:{view}", args=[hub.slug, ready_batch.pk])
    for user in (coordinator(other_hub), programme_officer()):
        client.force_login(user)
        assert client.get(url).status_code == 403
        assert client.post(url).status_code == 403
    ready_batch.refresh_from_db()
    assert ready_batch.letters_status == LettersStatus.READY


@pytest.mark.parametrize("view", LETTER_VIEWS)
def test_anonymous_is_sent_to_log_in(client, hub, ready_batch, view):
    url = reverse(f"participants:{view}", args=[hub.slug, ready_batch.pk])
    for response in (client.get(url), client.post(url)):
        assert response.status_code == 302 and "/account/login/" in response.url


@pytest.mark.parametrize("view", LETTER_VIEWS)
def test_a_batch_of_another_hub_is_404(client, hub, other_hub, ready_batch, view):
    client.force_login(coordinator(other_hub))
    assert client.get(reverse(f"participants:{view}", args=[other_hub.slug, ready_batch.pk])).status_code == 404


def test_the_file_has_no_public_address(client, ready_batch, private_files):
    name = ready_batch.letters_file.name
    path = os.path.realpath(ready_batch.letters_file.path)
    assert path.startswith(os.path.realpath(private_files) + os.sep)
    for public in (settings.MEDIA_ROOT, settings.STATIC_ROOT):
        assert not path.startswith(os.path.realpath(public) + os.sep)
    with pytest.raises(ValueError):
        ready_batch.letters_file.url  # noqa: B018 - the storage refuses to make a URL
    for prefix in ("/" + settings.MEDIA_URL, "/" + settings.STATIC_URL, "/"):
        assert client.get(prefix + name).status_code == 404
