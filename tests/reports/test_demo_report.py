"""On the demo data, the public report names nobody the platform holds: every user, contact person,
participant and asker is searched for in the text extracted from the public PDF and DOCX."""

from __future__ import annotations

import io
import re
from io import StringIO

from django.core.management import call_command

import pytest
from docx import Document
from pypdf import PdfReader

from participatiehub.accounts.models import User
from participatiehub.hubs.models import Hub
from participatiehub.network.models import ContactPerson, Organisation, ParticipationBody
from participatiehub.participants.models import Participant
from participatiehub.questions.models import PolicyQuestion
from participatiehub.reports import services
from participatiehub.reports.constants import ReportStatus
from participatiehub.trajectories.models import TrajectoryParticipant
from tests.core.conftest import REGION_CODES, regions  # noqa: F401

pytestmark = [pytest.mark.django_db, pytest.mark.slow]


def flat(text: str) -> str:
    return " ".join(text.split()).casefold()


def names_held() -> set[str]:
    """Every person's name in the database, without a role in brackets; organisation and hub names
    (the demo's helper accounts may carry one) are not persons' names and may stay."""
    raw = [
        *User.objects.values_list("full_name", flat=True),
        *ContactPerson.objects.values_list("name", flat=True),
        *Participant.objects.values_list("display_name", flat=True),
        *TrajectoryParticipant.objects.values_list("name", flat=True),
        *PolicyQuestion.objects.values_list("contact_name", flat=True),
        *Hub.objects.values_list("contact_name", flat=True),
    ]
    organisations = {
        flat(n)
        for n in [
            *Hub.objects.values_list("name", flat=True),
            *Organisation.objects.values_list("name", flat=True),
            *ParticipationBody.objects.values_list("name", flat=True),
        ]
    }
    names = {flat(re.sub(r"\(.*?\)", " ", name or "")) for name in raw}
    return {n for n in names if n and " " in n and n not in organisations}


def test_public_report_on_demo_data_names_nobody(regions, private_files, run_tasks, django_capture_on_commit_callbacks):  # noqa: F811
    call_command(
        "demo",
        stdout=StringIO(),
        regions=",".join(REGION_CODES),
        min_organisations=25,
        max_organisations=30,
        min_bodies=15,
        max_bodies=16,
    )
    office = User.objects.get(email="programmabureau@demo.example")
    # The demo's texts name few people: each hub's description also names a contact person, a resident
    # and an account holder of the database, as a coordinator might write them.
    contacts = list(ContactPerson.objects.order_by("id")[:10])
    residents = list(Participant.objects.exclude(display_name="").order_by("id")[:10])
    accounts = list(User.objects.exclude(full_name="").order_by("-id")[:10])
    for n, hub in enumerate(Hub.objects.order_by("id")):
        Hub.objects.filter(pk=hub.pk).update(
            summary=f"{hub.summary} Bel {contacts[n].name} of vraag {residents[n].display_name}; "
            f"het verslag is van {accounts[n].full_name}."
        )
    with django_capture_on_commit_callbacks(execute=True):
        report = services.report_request(actor=office, period="2024-Q1..2026-Q4")
    run_tasks()
    report.refresh_from_db()
    assert report.status == ReportStatus.DONE, report.error
    with report.public_pdf.open("rb") as handle:
        pdf = flat(" ".join(p.extract_text() for p in PdfReader(io.BytesIO(handle.read())).pages))
    with report.public_docx.open("rb") as handle:
        doc = Document(io.BytesIO(handle.read()))
    docx = flat(
        " ".join([p.text for p in doc.paragraphs] + [c.text for t in doc.tables for r in t.rows for c in r.cells])
    )
    names = names_held()
    assert len(names) > 50 and Participant.objects.exists()
    for text in (pdf, docx):
        assert "participatiehub" in text  # hub names stay
        leaked = sorted(n for n in names if n in text)
        assert leaked == []
    assert report.findings.filter(category="naam").exists()
    assert report.findings.filter(source="bekende persoon").count() >= 3 * len(REGION_CODES)
