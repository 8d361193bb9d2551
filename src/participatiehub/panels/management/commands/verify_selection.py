"""Recompute the draw of a selection from its published data and the seed (exit code 0 = matches)."""

from __future__ import annotations

import sys

from django.core.management.base import BaseCommand, CommandError

from fairlot import SelectionError

from participatiehub.core.exceptions import ServiceError
from participatiehub.panels.models import Selection
from participatiehub.panels.services import selection_verify


class Command(BaseCommand):
    help = "Recompute the draw of a selection from the published panels and the seed, and compare it."

    def add_arguments(self, parser):
        parser.add_argument("selection_id", type=int)
        parser.add_argument("--seed", default=None, help="Use this seed instead of the stored one.")

    def handle(self, *args, selection_id, seed, **options):
        selection = Selection.objects.filter(pk=selection_id).first()
        if selection is None:
            raise CommandError(f"Loting {selection_id} bestaat niet.")
        try:
            panel, matches = selection_verify(selection, seed)
        except (ServiceError, SelectionError) as exc:
            self.stderr.write(" ".join(getattr(exc, "messages", [str(exc)])))
            sys.exit(1)
        published = selection.result["published"]
        self.stdout.write(
            f"Loting {selection.pk} ({selection.pool}), startwaarde: {seed if seed is not None else selection.seed!r}"
        )
        self.stdout.write(
            f"Vingerafdruk panels (SHA-256): {published.get('panels_sha256', '')}; aantal panels: {len(published['panels'])}"
        )
        self.stdout.write("Getrokken panel (pseudoniemen):")
        for code in panel:
            self.stdout.write(f"  {code}")
        if matches:
            self.stdout.write(self.style.SUCCESS("Klopt: dit is hetzelfde panel als het opgeslagen panel."))
            return
        self.stdout.write(self.style.ERROR("Klopt NIET: dit panel verschilt van het opgeslagen panel."))
        sys.exit(1)
