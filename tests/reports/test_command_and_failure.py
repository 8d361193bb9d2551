"""The command makes the same files; a failing run keeps the previous files and can be retried."""

from __future__ import annotations

import io
import os
from io import StringIO
from unittest import mock

from django.core.management import call_command
from django.core.management.base import CommandError

import pytest
from pypdf import PdfReader

from participatiehub.reports import generation, services
from participatiehub.reports.constants import ReportStatus
from participatiehub.reports.models import ProgrammeReport

from .conftest import ORGANISATIONS, PLANTED_EMAILS, PLANTED_NAMES

pytestmark = pytest.mark.django_db


def test_command_writes_the_public_files(programme, tmp_path):
    out = StringIO()
    call_command("programme_report", "--period", "2026", "--public", "--out", str(tmp_path / "uit"), stdout=out)
    files = sorted(p.name for p in (tmp_path / "uit").iterdir())
    assert files == ["programmarapportage-2026-openbaar.docx", "programmarapportage-2026-openbaar.pdf"]
    text = "".join(
        "".join(page.extract_text().split())
        for page in PdfReader(io.BytesIO((tmp_path / "uit" / files[1]).read_bytes())).pages
    )
    for planted in (*PLANTED_NAMES, *PLANTED_EMAILS):
        assert "".join(planted.split()) not in text
    assert all("".join(o.split()) in text for o in ORGANISATIONS)
    report = ProgrammeReport.objects.get()
    assert report.status == ReportStatus.DONE and report.requested_by is None
    assert report.data_version[:12] in out.getvalue()


def test_command_refuses_a_bad_period(db, tmp_path):
    with pytest.raises(CommandError):
        call_command("programme_report", "--period", "morgen", "--out", str(tmp_path))
    assert not ProgrammeReport.objects.exists()


def test_a_failed_run_keeps_the_previous_files_and_can_be_retried(
    programme, run_tasks, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        report = services.report_request(actor=programme.office, period="2026-Q2")
    run_tasks()
    report.refresh_from_db()
    before = (report.public_pdf.name, report.data_version, report.findings.count())
    assert report.status == ReportStatus.DONE and before[2] > 0

    with django_capture_on_commit_callbacks(execute=True):
        assert services.report_rerun(actor=programme.office, report=report)
    with mock.patch("participatiehub.reports.render.report_docx", side_effect=RuntimeError("disk full")):
        run_tasks()
    report.refresh_from_db()
    assert report.status == ReportStatus.FAILED and report.error == str(generation.FAILED)
    assert (report.public_pdf.name, report.data_version, report.findings.count()) == before
    assert report.public_pdf.storage.exists(report.public_pdf.name)
    tmp = report.public_pdf.storage.path("tmp")
    assert not any(name.endswith(".part") for name in os.listdir(tmp))

    with django_capture_on_commit_callbacks(execute=True):
        assert services.report_rerun(actor=programme.office, report=report)
    run_tasks()
    report.refresh_from_db()
    assert report.status == ReportStatus.DONE and report.runs == 2
    assert report.public_pdf.name != before[0] and not report.public_pdf.storage.exists(before[0])
