"""The office's pages: ask for a report, bad input, the list's query count, the review and the downloads."""

from __future__ import annotations

from django.core.files.base import ContentFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

import pytest

from participatiehub.audit.models import ProcessingLogEntry
from participatiehub.redaction.models import RedactionDecision
from participatiehub.reports.constants import FindingState, ReportStatus
from participatiehub.reports.models import ProgrammeReport, RedactionFinding
from tests.factories import UserFactory, programme_officer

pytestmark = pytest.mark.django_db


@pytest.fixture
def office(client):
    user = programme_officer()
    client.force_login(user)
    return user


def done_report(period="2026", findings=2) -> ProgrammeReport:
    report = ProgrammeReport.objects.create(
        period=period,
        starts_on="2026-01-01",
        ends_on="2026-12-31",
        status=ReportStatus.DONE,
        requested_by=UserFactory(),
        data_version="a" * 32,
    )
    for name in ("internal_pdf", "internal_docx", "public_pdf", "public_docx"):
        getattr(report, name).save(f"{name}.bin", ContentFile(f"%PDF {name}".encode()), save=False)
    report.save()
    for n in range(findings):
        RedactionFinding.objects.create(
            report=report,
            object_kind="question",
            object_id=n + 1,
            field="summary",
            where="Participatiehub Eemland, question 1",
            start=10,
            end=23,
            original="Huis van Wijk" if n == 0 else f"Piet Jansen {n}",
            before="Wij zitten in het ",
            after=" en praten",
            category="naam",
            placeholder="[naam]",
            ground="art. 5.1 lid 2 sub e Woo (eerbiediging van de persoonlijke levenssfeer)",
            source="deduce",
        )
    return report


def test_new_report_is_queued_and_bad_periods_change_nothing(client, office, django_capture_on_commit_callbacks):
    url = reverse("reports:list")
    for bad in ("", "twintig", "2026-Q5", "2026-Q3..2026-Q1", "1999"):
        response = client.post(url, {"period": bad})
        assert response.status_code == 200
        assert response.context["form"].errors, bad
    assert not ProgrammeReport.objects.exists()
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        response = client.post(url, {"period": "2026-q1..2026-q3"})
    report = ProgrammeReport.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse("reports:detail", kwargs={"pk": report.pk})
    assert report.period == "2026-Q1..2026-Q3" and str(report.ends_on) == "2026-09-30"
    assert report.status == ReportStatus.QUEUED and len(callbacks) == 1
    page = client.get(response["Location"]).content.decode()
    assert 'hx-get="' + reverse("reports:status", kwargs={"pk": report.pk}) in page


def test_list_queries_stay_flat(client, office, private_files, django_assert_max_num_queries):
    done_report()
    with CaptureQueriesContext(connection) as one:
        assert client.get(reverse("reports:list")).status_code == 200
    for year in range(2020, 2030):
        done_report(period=str(year), findings=3)
    with django_assert_max_num_queries(len(one.captured_queries)):
        response = client.get(reverse("reports:list"))
    assert response.content.decode().count('href="/rapportages/') >= 11


def test_review_undo_and_add(client, office, private_files, django_capture_on_commit_callbacks):
    report = done_report()
    review = reverse("reports:review", kwargs={"pk": report.pk})
    page = client.get(review).content.decode()
    assert "<mark>Huis van Wijk</mark>" in page and "art. 5.1 lid 2 sub e Woo" in page
    wrong = report.findings.get(original="Huis van Wijk")
    undo = reverse("reports:undo", kwargs={"pk": report.pk, "finding_pk": wrong.pk})
    assert client.post(undo, {"reason": " "}).status_code == 200  # a reason is needed
    assert not RedactionDecision.objects.exists()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(undo, {"reason": "Naam van een buurthuis."})
    assert response.status_code == 302
    wrong.refresh_from_db()
    report.refresh_from_db()
    assert wrong.state == FindingState.UNDONE and report.status == ReportStatus.QUEUED
    decision = RedactionDecision.objects.get()
    assert decision.action == "undo" and decision.term == "Huis van Wijk" and decision.decided_by == office
    assert ProcessingLogEntry.objects.filter(activity="redaction.decision_undo", actor=office).exists()

    ProgrammeReport.objects.filter(pk=report.pk).update(status=ReportStatus.DONE)
    response = client.post(review, {"term": "Buurtvader Sjaak", "category": "naam", "reason": "Gemist."})
    assert response.status_code == 302
    assert RedactionDecision.objects.filter(action="add", term="Buurtvader Sjaak").exists()
    response = client.post(review, {"term": "x", "category": "kleur", "reason": "Gemist."})
    assert response.status_code == 200 and RedactionDecision.objects.count() == 2


def test_downloads_are_private_and_the_internal_one_is_logged(client, office, private_files):
    report = done_report()
    response = client.get(reverse("reports:download", kwargs={"pk": report.pk, "kind": "openbaar-pdf"}))
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith('attachment; filename="programmarapportage-2026-openbaar.pdf"')
    assert b"".join(response.streaming_content) == b"%PDF public_pdf"
    assert not ProcessingLogEntry.objects.filter(activity="reports.download_internal").exists()
    response = client.get(reverse("reports:download", kwargs={"pk": report.pk, "kind": "intern-docx"}))
    assert response.status_code == 200 and "no-store" in response["Cache-Control"]
    assert ProcessingLogEntry.objects.filter(activity="reports.download_internal", actor=office).exists()


def test_failed_report_offers_a_retry(client, office, private_files, django_capture_on_commit_callbacks):
    report = done_report()
    ProgrammeReport.objects.filter(pk=report.pk).update(status=ReportStatus.FAILED, error="Het ging mis.")
    page = client.get(reverse("reports:detail", kwargs={"pk": report.pk})).content.decode()
    assert "Het ging mis." in page and reverse("reports:rerun", kwargs={"pk": report.pk}) in page
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        client.post(reverse("reports:rerun", kwargs={"pk": report.pk}))
    report.refresh_from_db()
    assert report.status == ReportStatus.QUEUED and len(callbacks) == 1
    # A second click while it waits starts nothing.
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        client.post(reverse("reports:rerun", kwargs={"pk": report.pk}))
    assert callbacks == []
