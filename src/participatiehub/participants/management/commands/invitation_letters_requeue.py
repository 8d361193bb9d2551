"""Queue the invitation letters that are still waiting (e.g. after a worker outage or an upgrade)."""

from __future__ import annotations

from datetime import timedelta

from django.core.management.base import BaseCommand

from participatiehub.participants.services import LETTERS_STALE_AFTER, invitation_letters_requeue


class Command(BaseCommand):
    help = (
        "Queue the letters PDF of every invitation batch that is waiting, of every batch that has been "
        "'busy' without progress for a long time (the worker stopped), and of every 'ready' batch whose "
        "file is gone. Safe to run at any time."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--stale-minutes",
            type=int,
            default=int(LETTERS_STALE_AFTER.total_seconds() // 60),
            help="A batch that has been busy this long without progress is started again (default: 30).",
        )

    def handle(self, *args, stale_minutes, **options):
        count = invitation_letters_requeue(stale_after=timedelta(minutes=stale_minutes))
        self.stdout.write(f"{count} reeks(en) brieven in de wachtrij gezet.")
