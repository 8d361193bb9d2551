"""Delete uploaded organisation files that are older than a number of days (default 30)."""

from __future__ import annotations

from datetime import timedelta

from django.core.management.base import BaseCommand
from django.utils import timezone

from participatiehub.network.models import NetworkImport


class Command(BaseCommand):
    help = "Delete network imports (checked upload files) older than --days days."

    def add_arguments(self, parser):
        parser.add_argument("--days", type=int, default=30)

    def handle(self, *args, days: int, **options):
        cutoff = timezone.now() - timedelta(days=days)
        deleted, _ = NetworkImport.objects.filter(created_at__lt=cutoff).delete()
        self.stdout.write(f"{deleted} network import(s) deleted.")
