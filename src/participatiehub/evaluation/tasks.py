"""The background task that makes an evaluator export (django-tasks). ``services`` queues it; the body
(``export_make``) writes the ZIP to a temporary file in private storage and moves it into place."""

from __future__ import annotations

import logging
import os
import tempfile

from django.conf import settings
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy

from django_tasks import task

from participatiehub.core.storage import place_finished, unfinished_dir

from . import redact, writer
from .constants import ACTIVITY_MAKE, ExportStatus
from .log import export_log
from .models import Export
from .pseudonyms import Pseudonymiser
from .tables import Context

logger = logging.getLogger(__name__)

S = ExportStatus

EXPORT_FAILED = gettext_lazy(
    "Making the export did not work. Nothing was lost: click 'Try again'. Does it go wrong again? "
    "Then contact the administrator."
)


@task()
def make_export(export_id: int) -> str:
    return str(export_make(export_id))


def _progress(export_id: int, text: str) -> None:
    # Autocommit: one short statement per table, never a transaction around the whole job.
    Export.objects.filter(pk=export_id, status=S.BUSY).update(progress_text=text[:100], updated_at=timezone.now())


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
                dir=unfinished_dir(storage, "evaluation/tmp"),
                prefix=f"export-{export_id}-",
                suffix=".part",
                delete=False,
            ) as tmp:
                tmp_path = tmp.name
                summary = writer.write_zip(
                    tmp, context=context, meta=meta, progress=lambda table: _progress(export_id, table.filename)
                )
            size = os.path.getsize(tmp_path)
            final_name = place_finished(storage, tmp_path, field.generate_filename(export, "export.zip"))
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
                    export_log(export=export, actor=export.recipient, activity=ACTIVITY_MAKE, object_count=summary.rows)
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
