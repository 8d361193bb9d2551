"""``manage.py programme_report --period 2026 [--public] --out DIR``: make a programme report now.

Runs the same code as the background task (the report is kept with its period and data version, and
shows on the office's pages), then copies the PDF and DOCX to DIR: the public (redacted) version with
``--public``, otherwise the internal one.
"""

from __future__ import annotations

import shutil
from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from participatiehub.reports import generation, services
from participatiehub.reports.constants import ReportStatus
from participatiehub.reports.models import ProgrammeReport


class Command(BaseCommand):
    help = "Make a programme report of a period (PDF and DOCX) and write its files to a folder."

    def add_arguments(self, parser):
        parser.add_argument("--period", required=True, help="2026, 2026-Q2 or 2026-Q1..2026-Q3")
        parser.add_argument("--public", action="store_true", help="Write the public (redacted) version.")
        parser.add_argument("--out", required=True, help="The folder to write the files to.")

    def handle(self, *args, period: str, public: bool, out: str, **options):
        try:
            parsed = services.period_parse(period)
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from None
        folder = Path(out)
        folder.mkdir(parents=True, exist_ok=True)
        with transaction.atomic():
            report = ProgrammeReport.objects.create(
                period=str(parsed), starts_on=parsed.starts_on, ends_on=parsed.ends_on
            )
        status = generation.report_generate(report.pk)
        report.refresh_from_db()
        if status != ReportStatus.DONE:
            raise CommandError(report.error or f"The report was not made ({status}).")
        written = []
        for extension in ("pdf", "docx"):
            field = getattr(report, f"{'public' if public else 'internal'}_{extension}")
            target = folder / generation.file_name(report, public, extension)
            with field.open("rb") as source, open(target, "wb") as handle:
                shutil.copyfileobj(source, handle)
            written.append(target)
        for path in written:
            self.stdout.write(str(path))
        self.stdout.write(
            self.style.SUCCESS(
                f"Report {report.pk} ({report.period}), data version {report.data_version[:12]}, "
                f"{report.findings.count()} redactions in the redaction report."
            )
        )
