"""A run of a programme report (the body of the background task and of ``manage.py programme_report``).

A run reads everything (``content.collect``), redacts every free text for the public version, writes four
files (internal and public, PDF and DOCX) to temporary files and only then puts them in place with the
findings, in one transaction. A failure marks the report failed with a Dutch message and keeps the files
of the previous run; the office can try again.
"""

from __future__ import annotations

import logging
import os
import tempfile

from django.conf import settings
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy

from participatiehub.core.storage import place_finished, unfinished_dir
from participatiehub.redaction import services as redaction
from participatiehub.redaction.constants import Source

from . import content as report_content
from . import render
from .constants import CONTEXT_CHARS, FindingState, ReportStatus
from .models import ProgrammeReport, RedactionFinding
from .periods import Period

logger = logging.getLogger(__name__)

FAILED = gettext_lazy(
    "Making the report did not work. The files of the previous run are kept. Click 'Try again'. "
    "Does it go wrong again? Then contact the administrator."
)

#: The steps of a run: (percent when the step starts, what the page says).
STEPS = (
    (5, gettext_lazy("Reading the figures and texts")),
    (25, gettext_lazy("Redacting the public version")),
    (40, gettext_lazy("Writing the internal PDF")),
    (55, gettext_lazy("Writing the internal Word file")),
    (65, gettext_lazy("Writing the public PDF")),
    (80, gettext_lazy("Writing the public Word file")),
    (90, gettext_lazy("Storing the files")),
)


def _progress(report_id: int, step: int) -> None:
    percent, text = STEPS[step]
    ProgrammeReport.objects.filter(pk=report_id, status=ReportStatus.RUNNING).update(progress=percent, step=str(text))


def _findings(report: ProgrammeReport, texts, redactor) -> list[RedactionFinding]:
    """Redact every free text (its ``shown`` becomes the public text) and list what was done."""
    rows = []
    for text in texts:
        if not text:
            continue
        redacted, undone = redactor.review(text.text)
        text.shown = redacted.text
        for span, state in [
            *((s, FindingState.ADDED if s.source == Source.MANUAL else FindingState.APPLIED) for s in redacted.spans),
            *((s, FindingState.UNDONE) for s in undone),
        ]:
            rows.append(
                RedactionFinding(
                    report=report,
                    object_kind=text.kind,
                    object_id=text.pk,
                    field=text.field,
                    where=text.where[:300],
                    start=span.start,
                    end=span.end,
                    original=span.original[:500],
                    before=text.text[max(0, span.start - CONTEXT_CHARS) : span.start][-120:],
                    after=text.text[span.end : span.end + CONTEXT_CHARS][:120],
                    category=span.category,
                    placeholder=span.placeholder,
                    ground=span.ground,
                    source=span.source,
                    state=state,
                )
            )
    rows.sort(key=lambda f: (f.state != FindingState.UNDONE, f.object_kind, f.object_id, f.field, f.start))
    return rows


def _write(directory: str | None, name: str, data: bytes) -> str:
    with tempfile.NamedTemporaryFile(dir=directory, prefix=f"{name}-", suffix=".part", delete=False) as tmp:
        tmp.write(data)
        return tmp.name


FILES = (
    ("internal_pdf", False, "pdf"),
    ("internal_docx", False, "docx"),
    ("public_pdf", True, "pdf"),
    ("public_docx", True, "docx"),
)


def file_name(report: ProgrammeReport, public: bool, extension: str) -> str:
    """The name a download gets: programmarapportage-2026(-openbaar).pdf."""
    period = report.period.replace("..", "-tot-")
    return f"programmarapportage-{period}{'-openbaar' if public else '-intern'}.{extension}"


def report_generate(report_id: int) -> str:
    """Make the files of a waiting report. Returns the final status ("skipped" when it was not waiting)."""
    with translation.override(settings.LANGUAGE_CODE):
        claimed = ProgrammeReport.objects.filter(pk=report_id, status=ReportStatus.QUEUED).update(
            status=ReportStatus.RUNNING,
            progress=STEPS[0][0],
            step=str(STEPS[0][1]),
            error="",
            started_at=timezone.now(),
        )
        if not claimed:
            return "skipped"
        report = ProgrammeReport.objects.get(pk=report_id)
        storage = ProgrammeReport._meta.get_field("public_pdf").storage
        temporary: list[str] = []
        placed: list[str] = []
        try:
            period = Period.parse(report.period)
            content = report_content.collect(period)
            version = content.data_version()
            _progress(report_id, 1)
            redactor = redaction.Redactor.build()
            findings = _findings(report, content.texts, redactor)
            made_at = timezone.now()
            run = report.runs + 1
            outputs = {}
            redacted = [t.shown for t in content.texts]
            for step, (field_name, public, extension) in enumerate(FILES, start=2):
                _progress(report_id, step)
                for text, shown in zip(content.texts, redacted, strict=True):
                    text.shown = shown if public else None  # the internal files print the texts as written
                maker = render.report_pdf if extension == "pdf" else render.report_docx
                data = maker(content, public=public, version=version, made_at=made_at)
                tmp = _write(unfinished_dir(storage), field_name, data)
                temporary.append(tmp)
                outputs[field_name] = (tmp, f"reports/{report_id}/{run}/{file_name(report, public, extension)}")
            _progress(report_id, 6)
            names = {}
            for field_name, (tmp, name) in outputs.items():
                names[field_name] = place_finished(storage, tmp, name)
                placed.append(names[field_name])
                temporary.remove(tmp)
            old = [getattr(report, f).name for f, _p, _e in FILES if getattr(report, f)]
            with transaction.atomic():
                stored = ProgrammeReport.objects.filter(pk=report_id, status=ReportStatus.RUNNING).update(
                    status=ReportStatus.DONE,
                    progress=100,
                    step="",
                    error="",
                    data_version=version,
                    redaction_version=redactor.version,
                    finished_at=timezone.now(),
                    runs=run,
                    **names,
                )
                if stored:
                    RedactionFinding.objects.filter(report_id=report_id).delete()
                    RedactionFinding.objects.bulk_create(findings, batch_size=500)
            if not stored:  # deleted or taken over meanwhile: keep nothing of this run
                for name in placed:
                    storage.delete(name)
                return "skipped"
            for name in old:
                if name not in names.values() and storage.exists(name):
                    storage.delete(name)
        except Exception:
            logger.exception("Programme report %s failed", report_id)
            for path in temporary:
                if os.path.exists(path):
                    os.unlink(path)
            for name in placed:
                if storage.exists(name):
                    storage.delete(name)
            ProgrammeReport.objects.filter(pk=report_id).update(
                status=ReportStatus.FAILED, step="", error=str(FAILED), finished_at=timezone.now()
            )
            return ReportStatus.FAILED
    return ReportStatus.DONE
