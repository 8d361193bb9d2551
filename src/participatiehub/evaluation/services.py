"""Writes of the evaluator export: ask for one, make it (the background task's body), try again, download.

Every step writes its row in the processing log (``audit``) in the same transaction, under the export's
trace id: asked for (who, purpose, version, tables), made (how many rows), downloaded.
"""

from __future__ import annotations

import logging
import os
import secrets
import tempfile
from datetime import timedelta

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.core.files import File
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from participatiehub.audit.services import processing_log_write
from participatiehub.core.exceptions import ServiceError

from . import redact, writer
from .constants import (
    ACTIVITY_DOWNLOAD,
    ACTIVITY_MAKE,
    ACTIVITY_REQUEST,
    OPEN_STATUSES,
    SCHEMA_VERSION,
    STALE_MINUTES,
    SUBJECT_TYPE,
    ExportStatus,
)
from .models import Export
from .pseudonyms import Pseudonymiser, pseudonym_key
from .tables import TABLES, Context

logger = logging.getLogger(__name__)

S = ExportStatus

EXPORT_FAILED = gettext_lazy(
    "Making the export did not work. Nothing was lost: click 'Try again'. Does it go wrong again? "
    "Then contact the administrator."
)


def _log(*, export: Export, actor, activity: str, object_count: int = 0) -> None:
    processing_log_write(
        actor=actor,
        activity=f"{activity} {export.schema_version}",
        purpose=export.purpose,
        operation="read",
        subject_type=SUBJECT_TYPE,
        trace_id=export.trace_id,
        object_count=object_count,
    )


def _enqueue(export_id: int) -> None:
    from . import tasks  # the task module imports this one

    tasks.make_export.enqueue(export_id)


def export_request(*, actor, purpose: str) -> Export:
    """Ask for a new export for ``actor`` (who must be an evaluator: the view checks). It is made in the
    background. Refused while another export of the same person is still waiting or being made."""
    purpose = " ".join((purpose or "").split())
    if not purpose:
        raise ServiceError(_("Fill in what you need the data for."))
    try:
        pseudonym_key()
    except ImproperlyConfigured:
        raise ServiceError(
            _("The export has not been set up yet (the key for pseudonyms is missing). Contact the administrator.")
        ) from None
    with transaction.atomic():
        if Export.objects.select_for_update().filter(recipient=actor, status__in=OPEN_STATUSES).exists():
            raise ServiceError(_("An export is already being made for you. Wait until it is ready."))
        export = Export.objects.create(
            recipient=actor,
            purpose=purpose[:200],
            schema_version=SCHEMA_VERSION,
            tables=[table.name for table in TABLES],
            trace_id=secrets.token_hex(16),
        )
        _log(export=export, actor=actor, activity=ACTIVITY_REQUEST, object_count=len(TABLES))
        transaction.on_commit(lambda: _enqueue(export.pk))
    return export


def export_retry(*, export: Export, actor) -> Export:
    """Queue a failed export again (or one whose worker stopped: busy without a sign of life)."""
    stale = timezone.now() - timedelta(minutes=STALE_MINUTES)
    with transaction.atomic():
        claimed = (
            Export.objects.filter(pk=export.pk, recipient=actor)
            .filter(status=S.FAILED)
            .update(status=S.WAITING, error="", progress_text="", updated_at=timezone.now())
        ) or (
            Export.objects.filter(pk=export.pk, recipient=actor, status=S.BUSY, updated_at__lt=stale).update(
                status=S.WAITING, error="", progress_text="", updated_at=timezone.now()
            )
        )
        if not claimed:
            raise ServiceError(_("This export is ready or still being made. Reload the page."))
        transaction.on_commit(lambda: _enqueue(export.pk))
    export.refresh_from_db()
    return export


def export_download_log(*, export: Export, actor) -> None:
    with transaction.atomic():
        _log(export=export, actor=actor, activity=ACTIVITY_DOWNLOAD, object_count=export.row_count)


def _progress(export_id: int, text: str) -> None:
    # Autocommit: one short statement per table, never a transaction around the whole job.
    Export.objects.filter(pk=export_id, status=S.BUSY).update(progress_text=text[:100], updated_at=timezone.now())


def _tmp_dir(storage) -> str | None:
    """A folder for the unfinished file on the same file system as the final one (so the move is atomic)."""
    try:
        folder = storage.path("evaluation/tmp")
    except NotImplementedError:
        return None
    os.makedirs(folder, mode=0o700, exist_ok=True)
    return folder


def _store(storage, tmp_path: str, name: str) -> str:
    try:
        final_path = storage.path(name)
    except NotImplementedError:  # not a local file system: the storage writes it
        with open(tmp_path, "rb") as handle:
            name = storage.save(name, File(handle))
        os.unlink(tmp_path)
        return name
    os.makedirs(os.path.dirname(final_path), mode=0o750, exist_ok=True)
    if storage.file_permissions_mode is not None:
        os.chmod(tmp_path, storage.file_permissions_mode)
    os.replace(tmp_path, final_path)
    return name


def export_make(export_id: int) -> str:
    """The body of the export task: write the ZIP to a temporary file, then move it into place.

    On success the file, its summary and the status "ready" are stored with the processing log row in
    one transaction. On any error: status "failed" with a Dutch message, no file left behind; the
    request stays, so it can be tried again. Returns the final status ("skipped": not waiting)."""
    with translation.override(settings.LANGUAGE_CODE):  # the codebook's labels and messages are Dutch
        claimed = Export.objects.filter(pk=export_id, status=S.WAITING).update(
            status=S.BUSY, error="", progress_text="", updated_at=timezone.now()
        )
        if not claimed:
            return "skipped"
        export = Export.objects.select_related("recipient").get(pk=export_id)
        field = Export._meta.get_field("file")
        storage = field.storage
        tmp_path = final_name = None
        try:
            pseudo = Pseudonymiser(export.recipient_id)
            context = Context(pseudo=pseudo, clean=redact.build_cleaner())
            meta = {
                "recipient": f"account {export.recipient_id}",
                "purpose": export.purpose,
                "pseudonym_scope": pseudo.scope,
                "export": str(export.pk),
                "trace_id": export.trace_id,
            }
            with tempfile.NamedTemporaryFile(
                dir=_tmp_dir(storage), prefix=f"export-{export_id}-", suffix=".part", delete=False
            ) as tmp:
                tmp_path = tmp.name
                summary = writer.write_zip(
                    tmp, context=context, meta=meta, progress=lambda table: _progress(export_id, table.filename)
                )
            size = os.path.getsize(tmp_path)
            final_name = _store(storage, tmp_path, field.generate_filename(export, "export.zip"))
            tmp_path = None
            with transaction.atomic():
                stored = Export.objects.filter(pk=export_id, status=S.BUSY).update(
                    status=S.READY,
                    file=final_name,
                    size=size,
                    tables=summary.tables,
                    data_version=summary.data_version,
                    pseudonym_scope=pseudo.scope,
                    progress_text="",
                    finished_at=timezone.now(),
                    updated_at=timezone.now(),
                )
                if stored:
                    _log(export=export, actor=export.recipient, activity=ACTIVITY_MAKE, object_count=summary.rows)
            if not stored:  # taken over meanwhile (tried again after it looked stopped): keep nothing
                storage.delete(final_name)
                return "skipped"
        except Exception:
            logger.exception("Evaluator export %s failed", export_id)
            if tmp_path and os.path.exists(tmp_path):
                os.unlink(tmp_path)
            if final_name and storage.exists(final_name):
                storage.delete(final_name)
            Export.objects.filter(pk=export_id).update(
                status=S.FAILED, error=str(EXPORT_FAILED), file="", progress_text="", updated_at=timezone.now()
            )
            return S.FAILED
    return S.READY
