"""Mark selections whose worker stopped as failed, so their pools can be drawn again."""

from __future__ import annotations

from django.conf import settings
from django.core.management.base import BaseCommand

from participatiehub.panels.services import selections_fail_stale


class Command(BaseCommand):
    help = (
        "Mark every running selection by lot that gave no sign of life for SELECTION_STALE_MINUTES as failed "
        "(its worker stopped). The coordinator can then start it again. Safe to run at any time; the pool and "
        "selection pages do the same when they are opened."
    )

    def handle(self, *args, **options):
        count = selections_fail_stale()
        self.stdout.write(
            f"{count} loting(en) zonder teken van leven in {settings.SELECTION_STALE_MINUTES} minuten als mislukt gemarkeerd."
        )
