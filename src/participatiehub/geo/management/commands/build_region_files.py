"""``manage.py build_region_files``: rebuild the shipped regions files from the official CBS/PDOK downloads."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from participatiehub.geo.build import DEFAULT_TOLERANCE_M, MUNICIPALITY, build_region_files, read_official_layers
from participatiehub.geo.constants import Layer
from participatiehub.geo.services import RegionDataError, plan_import, read_sources


class Command(BaseCommand):
    help = (
        "Rebuild the regions files (municipalities.csv, regions.csv and four GeoJSON files) from the official "
        "CBS Gebiedsindelingen downloads: the GeoPackage (--gpkg) or four PDOK WFS GeoJSON files. Simplifies the "
        "borders (shared borders stay shared), picks a point inside every area and assigns every municipality to "
        "its province, zorgkantoorregio and GGD region. Checks that import_regions accepts the result before "
        "writing anything. See docs/geo.md for the download steps."
    )

    def add_arguments(self, parser):
        parser.add_argument("--gpkg", type=Path, help="The CBS GeoPackage, e.g. cbsgebiedsindelingen2025.gpkg.")
        parser.add_argument("--municipalities", type=Path, help="GeoJSON of gemeente_gegeneraliseerd.")
        parser.add_argument("--provinces", type=Path, help="GeoJSON of provincie_gegeneraliseerd.")
        parser.add_argument("--zorgkantoorregio", type=Path, help="GeoJSON of zorgkantoorregio_gegeneraliseerd.")
        parser.add_argument("--ggdregio", type=Path, help="GeoJSON of ggdregio_gegeneraliseerd.")
        parser.add_argument(
            "--output", type=Path, help="Folder to write to (default: PH_REGIONS_DIR, the files shipped in geo/data)."
        )
        parser.add_argument(
            "--tolerance",
            type=float,
            default=DEFAULT_TOLERANCE_M,
            help=f"Simplification tolerance in metres (default {DEFAULT_TOLERANCE_M:g}; 0 keeps every point).",
        )
        parser.add_argument("--dry-run", action="store_true", help="Build and check, but write nothing.")

    def handle(
        self, *args, gpkg, municipalities, provinces, zorgkantoorregio, ggdregio, output, tolerance, dry_run, **options
    ):
        files = {
            MUNICIPALITY: municipalities,
            Layer.PROVINCE.value: provinces,
            Layer.ZORGKANTOORREGIO.value: zorgkantoorregio,
            Layer.GGDREGIO.value: ggdregio,
        }
        files = {kind: Path(path) for kind, path in files.items() if path}
        gpkg = Path(gpkg) if gpkg else None
        if (gpkg is None) == (not files) or (files and len(files) != 4):
            raise CommandError(
                _(
                    "Give either --gpkg, or all four of --municipalities, --provinces, --zorgkantoorregio and "
                    "--ggdregio."
                )
            )
        if tolerance < 0:
            raise CommandError(_("The tolerance cannot be negative."))
        output = Path(output or settings.PH_REGIONS_DIR)
        try:
            result = build_region_files(read_official_layers(gpkg=gpkg, files=files), tolerance=tolerance)
            with tempfile.TemporaryDirectory() as folder:
                for name, text in result.files.items():
                    (Path(folder) / name).write_text(text, encoding="utf-8")
                plan_import(read_sources(Path(folder)))  # the importer must accept what we write
        except RegionDataError as exc:
            raise CommandError(
                "\n".join([_("Nothing was written. Please fix these problems and try again:"), *exc.errors])
            ) from exc
        for note in result.notes:
            self.stdout.write(self.style.WARNING(note))
        for name, text in result.files.items():
            self.stdout.write(f"{name}: {len(text.encode('utf-8')) / 1024:.1f} KB")
        counts = ", ".join(f"{kind} {count}" for kind, count in result.counts.items())
        self.stdout.write(_("Areas: %(counts)s.") % {"counts": counts})
        if dry_run:
            self.stdout.write(self.style.WARNING(_("Dry run: nothing was saved.")))
            return
        output.mkdir(parents=True, exist_ok=True)
        for name, text in result.files.items():
            temporary = output / f".{name}.tmp"
            temporary.write_text(text, encoding="utf-8")
            os.replace(temporary, output / name)
        self.stdout.write(
            self.style.SUCCESS(
                _("Written to %(folder)s. Load them with: manage.py import_regions %(folder)s") % {"folder": output}
            )
        )
