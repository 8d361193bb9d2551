"""``manage.py import_regions [PATH] [--year 2025] [--dry-run]``: load the reference geography."""

from __future__ import annotations

from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from participatiehub.geo.services import RegionDataError, regions_import, svg_paths_rebuild


class Command(BaseCommand):
    help = (
        "Import municipalities, regions (province, zorgkantoorregio, GGD region), their boundaries and the "
        "memberships of one year from a folder or from one CSV or GeoJSON file (also the CBS/PDOK format with "
        "statcode/statnaam). Re-running updates in place; a bad file changes nothing."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "path",
            nargs="?",
            type=Path,
            help="Folder or file to import (default: PH_REGIONS_DIR, the CBS files shipped with the product).",
        )
        parser.add_argument("--year", type=int, default=2025, help="Year of the memberships (default 2025).")
        parser.add_argument("--dry-run", action="store_true", help="Check and count, but save nothing.")
        parser.add_argument(
            "--rebuild-svg", action="store_true", help="Only recompute the stored map outlines from the boundaries."
        )

    def handle(self, *args, path: Path | None, year: int, dry_run: bool, rebuild_svg: bool, **options):
        if rebuild_svg:
            count = svg_paths_rebuild()
            self.stdout.write(_("Map outlines recomputed: %(count)s.") % {"count": count})
            return
        path = path or Path(settings.PH_REGIONS_DIR)
        try:
            summary = regions_import(path=path, year=year, dry_run=dry_run)
        except RegionDataError as exc:
            raise CommandError(
                "\n".join([_("Nothing was imported. Please fix these problems and try again:"), *exc.errors])
            ) from exc
        for line in summary.lines():
            self.stdout.write(line)
        if dry_run:
            self.stdout.write(self.style.WARNING(_("Dry run: nothing was saved.")))
        else:
            self.stdout.write(self.style.SUCCESS(_("Import done.")))
