"""Documents live in private storage: never under the media address, only through the checked view."""

from __future__ import annotations

import importlib
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import storages
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings
from django.urls import include, path, re_path, reverse
from django.views.static import serve

import pytest

from participatiehub.trajectories import services
from participatiehub.trajectories.models import Document
from tests.factories import HubFactory, coordinator

from .conftest import PDF_BYTES
from .helpers import started

pytestmark = pytest.mark.django_db

move = importlib.import_module("participatiehub.trajectories.migrations.0003_move_documents_to_private")


def _serve_media(request, path):
    """What a web server does with the media folder: serve whatever is in it."""
    return serve(request, path, document_root=settings.MEDIA_ROOT)


urlpatterns = [
    re_path(r"^media/(?P<path>.*)$", _serve_media),
    path("", include("participatiehub.urls")),
]


@pytest.fixture
def trajectory(question, coordinator_user):
    return started(question, coordinator_user)


@pytest.fixture
def secret(trajectory, coordinator_user):
    return services.document_upload(
        actor=coordinator_user,
        trajectory=trajectory,
        uploaded_file=SimpleUploadedFile("intern.pdf", PDF_BYTES),
        title="Intern verslag",
        is_public=False,
    )


def _files(folder: Path) -> list[Path]:
    return [p for p in Path(folder).rglob("*") if p.is_file()] if Path(folder).exists() else []


@override_settings(ROOT_URLCONF=__name__)
def test_a_private_document_is_not_under_the_media_address(client, secret, private_files):
    assert _files(settings.MEDIA_ROOT) == []
    assert _files(private_files) == [private_files / secret.file.name]
    assert client.get(f"/media/{secret.file.name}").status_code == 404
    with pytest.raises(ValueError):
        secret.file.url  # noqa: B018 - private storage has no address


def test_an_outsider_gets_nothing_through_the_view(client, secret):
    url = reverse("trajectories:document", args=[secret.pk])
    anonymous = client.get(url)
    assert anonymous.status_code == 302 and "next=" in anonymous["Location"]
    client.force_login(coordinator(HubFactory()))
    assert client.get(url).status_code == 403


def test_the_coordinator_downloads_it(client, secret, coordinator_user):
    client.force_login(coordinator_user)
    response = client.get(reverse("trajectories:document", args=[secret.pk]))
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PDF_BYTES
    assert {"private", "no-store"} <= {part.strip() for part in response["Cache-Control"].split(",")}


def test_a_missing_file_is_404(client, secret, coordinator_user):
    secret.file.storage.delete(secret.file.name)
    client.force_login(coordinator_user)
    assert client.get(reverse("trajectories:document", args=[secret.pk])).status_code == 404


def test_nginx_sends_the_file_after_the_check(client, secret, coordinator_user, settings):
    settings.PRIVATE_SENDFILE = "x-accel-redirect"
    settings.PRIVATE_SENDFILE_URL = "/_private/"
    url = reverse("trajectories:document", args=[secret.pk])
    assert "X-Accel-Redirect" not in client.get(url)  # anonymous: the log-in page, no file
    client.force_login(coordinator_user)
    response = client.get(url)
    assert response.status_code == 200
    assert response["X-Accel-Redirect"] == f"/_private/{secret.file.name}"
    assert response.content == b""
    assert response["Content-Disposition"] == 'attachment; filename="intern-verslag.pdf"'
    assert response["Content-Type"] == "application/pdf"


def test_apache_sends_the_file_after_the_check(client, secret, coordinator_user, settings, private_files):
    settings.PRIVATE_SENDFILE = "x-sendfile"
    client.force_login(coordinator_user)
    response = client.get(reverse("trajectories:document", args=[secret.pk]))
    assert Path(response["X-Sendfile"]) == private_files / secret.file.name
    secret.file.storage.delete(secret.file.name)
    assert client.get(reverse("trajectories:document", args=[secret.pk])).status_code == 404


def test_the_admin_opens_a_document_without_a_file_address(admin_client, secret):
    page = admin_client.get(reverse("admin:trajectories_document_change", args=[secret.pk]))
    assert page.status_code == 200
    assert reverse("trajectories:document", args=[secret.pk]) in page.content.decode()
    assert secret.file.name not in page.content.decode()


# --- migration 0003: files uploaded before move out of the media folder -------------------------


def _old_document(trajectory, name: str, data: bytes) -> Document:
    """A row as 0001 left it: the file in the media folder."""
    stored = storages["default"].save(name, ContentFile(data))
    document = Document(trajectory=trajectory, title=name, content_type="application/pdf", size=len(data))
    document.file.name = stored
    document.save()
    return document


def test_the_migration_moves_old_files_to_private_storage(trajectory, private_files):
    first = _old_document(trajectory, f"trajectories/{trajectory.pk}/aaaa-advies.pdf", PDF_BYTES)
    second = _old_document(trajectory, f"trajectories/{trajectory.pk}/bbbb-verslag.pdf", b"%PDF-1.4 tweede")
    # A name already taken in private storage by another file: the moved file gets a new name.
    storages["private"].save(second.file.name, ContentFile(b"iets anders"))
    gone = Document.objects.create(
        trajectory=trajectory, title="weg", content_type="application/pdf", size=1, file="trajectories/x/weg.pdf"
    )

    move.documents_to_private(apps, None)

    assert _files(settings.MEDIA_ROOT) == []
    first.refresh_from_db()
    second.refresh_from_db()
    assert first.file.read() == PDF_BYTES
    assert second.file.name != f"trajectories/{trajectory.pk}/bbbb-verslag.pdf"
    assert second.file.read() == b"%PDF-1.4 tweede"
    gone.refresh_from_db()
    assert gone.file.name == "trajectories/x/weg.pdf"

    move.documents_to_private(apps, None)  # a second run changes nothing
    assert len(_files(private_files)) == 3

    move.documents_to_media(apps, None)
    assert storages["default"].open(first.file.name).read() == PDF_BYTES
    assert not storages["private"].exists(first.file.name)


def test_the_migration_finishes_a_run_that_stopped_half_way(trajectory):
    document = _old_document(trajectory, f"trajectories/{trajectory.pk}/cccc-advies.pdf", PDF_BYTES)
    storages["private"].save(document.file.name, ContentFile(PDF_BYTES))  # copied, not yet removed
    move.documents_to_private(apps, None)
    document.refresh_from_db()
    assert document.file.name == f"trajectories/{trajectory.pk}/cccc-advies.pdf"
    assert not storages["default"].exists(document.file.name)
    assert document.file.read() == PDF_BYTES


def test_deleting_in_the_admin_removes_the_file(
    admin_client, secret, private_files, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(reverse("admin:trajectories_document_delete", args=[secret.pk]), {"post": "yes"})
    assert response.status_code == 302
    assert not Document.objects.exists()
    assert _files(private_files) == []


def test_an_unknown_sendfile_mode_is_refused_at_start():
    import os
    import subprocess
    import sys

    root = Path(__file__).resolve().parents[2]
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "PH_"))}
    env["PH_PRIVATE_SENDFILE"] = "x-accel"
    result = subprocess.run(
        [sys.executable, "manage.py", "check"], cwd=root, env=env, capture_output=True, text=True, timeout=120
    )
    assert result.returncode != 0
    assert "PH_PRIVATE_SENDFILE must be empty, 'x-accel-redirect' or 'x-sendfile'." in result.stderr
