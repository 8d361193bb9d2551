"""A report made by its background task: a page per hub, the public files free of the planted details."""

from __future__ import annotations

import io

import pytest
from docx import Document
from pypdf import PdfReader

from participatiehub.reports import services
from participatiehub.reports.constants import FindingState, ReportStatus
from participatiehub.reports.models import ProgrammeReport

from .conftest import FALSE_POSITIVE, ORGANISATIONS, PLANTED_EMAILS, PLANTED_NAMES, PLANTED_PHONES

pytestmark = pytest.mark.django_db


def pdf_pages(field) -> list[str]:
    with field.open("rb") as handle:
        return [page.extract_text() for page in PdfReader(io.BytesIO(handle.read())).pages]


def docx_text(field) -> str:
    with field.open("rb") as handle:
        doc = Document(io.BytesIO(handle.read()))
    parts = [p.text for p in doc.paragraphs]
    for table in doc.tables:
        parts.extend(cell.text for row in table.rows for cell in row.cells)
    return "\n".join(parts)


def squash(text: str) -> str:
    """PDF text extraction may break lines anywhere: compare without whitespace."""
    return "".join(text.split())


def make(programme, run_tasks, django_capture_on_commit_callbacks, period="2026") -> ProgrammeReport:
    with django_capture_on_commit_callbacks(execute=True):
        report = services.report_request(actor=programme.office, period=period)
    assert run_tasks() == 1
    report.refresh_from_db()
    return report


def test_report_files_and_redaction(programme, run_tasks, django_capture_on_commit_callbacks):
    report = make(programme, run_tasks, django_capture_on_commit_callbacks)
    assert report.status == ReportStatus.DONE and report.progress == 100
    assert len(report.data_version) == 32 and report.redaction_version

    internal = squash("\n".join(pdf_pages(report.internal_pdf)))
    for name in PLANTED_NAMES[:3]:
        assert squash(name) in internal  # the internal version has the texts as written

    pages = pdf_pages(report.public_pdf)
    # A page per hub: each hub's name heads a page of its own.
    for hub in programme.hubs:
        assert sum(1 for page in pages if page.lstrip().startswith(hub.name)) == 1
    public_pdf = squash("\n".join(pages))
    public_docx = docx_text(report.public_docx)
    for text in (public_pdf, squash(public_docx)):
        for planted in (*PLANTED_NAMES, *PLANTED_EMAILS, *PLANTED_PHONES):
            assert squash(planted) not in text, planted
        for organisation in ORGANISATIONS:
            assert squash(organisation) in text
        assert "[naam]" in text and "[e-mailadres]" in text and "[telefoonnummer]" in text
    assert "Wijkzorg dichterbij" in public_docx and "Samen met de wijk" in public_docx

    findings = list(report.findings.all())
    assert {f.category for f in findings} >= {"naam", "e-mailadres", "telefoonnummer"}
    assert all(f.ground.startswith("art. 5.1") for f in findings)
    assert any(FALSE_POSITIVE in f.original for f in findings)
    assert all(f.state == FindingState.APPLIED for f in findings)


def test_undo_and_add_make_the_public_files_again(programme, run_tasks, django_capture_on_commit_callbacks):
    report = make(programme, run_tasks, django_capture_on_commit_callbacks)
    wrong = report.findings.get(original__contains=FALSE_POSITIVE)
    with django_capture_on_commit_callbacks(execute=True):
        services.finding_undo(actor=programme.office, finding=wrong, reason="Naam van een buurthuis.")
    report.refresh_from_db()
    assert report.status == ReportStatus.QUEUED
    assert run_tasks() == 1
    with django_capture_on_commit_callbacks(execute=True):
        services.term_add(actor=programme.office, report=report, term="inwonerspanel", category="naam", reason="Test.")
    assert run_tasks() == 1
    report.refresh_from_db()
    assert report.status == ReportStatus.DONE and report.runs == 3
    public = squash(docx_text(report.public_docx))
    assert squash("Huis van de Wijk") in public
    assert "inwonerspanel" not in public
    states = {f.original: f.state for f in report.findings.all()}
    assert states[wrong.original] == FindingState.UNDONE
    assert states["inwonerspanel"] == FindingState.ADDED
