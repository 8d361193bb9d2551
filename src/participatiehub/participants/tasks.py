"""Background tasks of the resident side (django-tasks): the invitation letters PDF.

The task body lives here and reads and writes through the models; ``services`` only queues it
(``services.invitation_letters_retry``, ``invitation_letters_requeue``, a new batch).
"""

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

from . import letters, selectors
from .constants import LettersStatus
from .models import InvitationBatch

logger = logging.getLogger(__name__)

LETTERS_FAILED = gettext_lazy(
    "Making the letters did not work. The codes are kept. Click 'Try again'. "
    "Does it go wrong again? Then contact the administrator."
)


@task()
def make_invitation_letters(batch_id: int) -> str:
    """Make the letters PDF of a waiting batch; progress per chunk, the file moved into place at the end."""
    return str(invitation_letters_make(batch_id))


def _letters_progress(batch_id: int, done: int) -> None:
    # Autocommit: one short statement per chunk, never a transaction around the whole job.
    InvitationBatch.objects.filter(pk=batch_id, letters_status=LettersStatus.BUSY).update(
        letters_done=done, letters_updated_at=timezone.now()
    )


def invitation_letters_make(batch_id: int) -> str:
    """The body of the letters task: render in chunks to a temporary file, then move it into place.

    Progress is written after each chunk. On success the file and the status "ready" are stored in
    one statement; on any error the status is "failed" with a Dutch message, the unfinished file is
    removed and the codes are left as they are. Returns the final status ("skipped" when the batch
    was not waiting).
    """
    with translation.override(settings.LANGUAGE_CODE):  # the stored message is Dutch, whoever queued it
        claimed = InvitationBatch.objects.filter(pk=batch_id, letters_status=LettersStatus.WAITING).update(
            letters_status=LettersStatus.BUSY, letters_done=0, letters_error="", letters_updated_at=timezone.now()
        )
        if not claimed:
            return "skipped"
        batch = InvitationBatch.objects.select_related("hub").get(pk=batch_id)
        field = InvitationBatch._meta.get_field("letters_file")
        storage = field.storage
        tmp_path = None
        final_name = None
        try:
            codes = selectors.batch_codes(batch)
            with tempfile.NamedTemporaryFile(
                dir=unfinished_dir(storage), prefix=f"letters-{batch_id}-", suffix=".part", delete=False
            ) as tmp:
                tmp_path = tmp.name

                def progress(done: int, path: str = tmp.name) -> None:
                    _letters_progress(batch_id, done)
                    os.utime(path)  # a file still being made is never taken for a left-over one

                letters.write_letters_pdf(batch, codes, tmp, progress=progress)
            final_name = field.generate_filename(batch, "letters.pdf")
            final_name = place_finished(storage, tmp_path, final_name)
            tmp_path = None
            with transaction.atomic():
                stored = InvitationBatch.objects.filter(pk=batch_id, letters_status=LettersStatus.BUSY).update(
                    letters_status=LettersStatus.READY,
                    letters_file=final_name,
                    letters_done=len(codes),
                    letters_error="",
                    letters_generated_at=timezone.now(),
                    letters_updated_at=timezone.now(),
                )
            if not stored:  # the batch was deleted or taken over meanwhile: keep nothing
                storage.delete(final_name)
                return "skipped"
        except Exception:
            logger.exception("Letters of invitation batch %s failed", batch_id)
            if tmp_path and os.path.exists(tmp_path):
                os.unlink(tmp_path)
            if final_name and storage.exists(final_name):
                storage.delete(final_name)
            InvitationBatch.objects.filter(pk=batch_id).update(
                letters_status=LettersStatus.FAILED,
                letters_error=str(LETTERS_FAILED),
                letters_file="",
                letters_updated_at=timezone.now(),
            )
            return LettersStatus.FAILED
    return LettersStatus.READY
