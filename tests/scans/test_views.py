"""The scan pages: the office opens a round, follows it, closes it and exports the scores; edits a
template through a new version; the coordinator fills in (saved as they go, stale pages refused),
is refused at submission with the list of questions, submits and sees the radar chart with its table."""

from __future__ import annotations

import datetime as dt
import io
from decimal import Decimal

from django.urls import reverse
from django.utils import timezone

import pytest
from openpyxl import load_workbook

from participatiehub.scans import services
from participatiehub.scans.constants import ResponseStatus, VersionStatus
from participatiehub.scans.models import Answer, ScanRound, TemplateVersion

from .factories import answer_all, default_version, open_round, past_round, questions_of, response_of

pytestmark = pytest.mark.django_db


def _post_form(response, values: dict, **extra) -> dict:
    data = {"scan-version": response.version, "action": "save", **extra}
    for question_id, value in values.items():
        data[f"scan-q{question_id}"] = value
    return data


def test_the_office_opens_a_round_on_its_page(client, office, hub, coord):
    client.force_login(office)
    page = client.get(reverse("scans:office_rounds"))
    assert page.status_code == 200 and "Open a round" in page.content.decode()
    deadline = timezone.localtime(timezone.now() + dt.timedelta(days=30)).strftime("%Y-%m-%dT%H:%M")
    response = client.post(
        reverse("scans:office_rounds"),
        {
            "round-year": "2026",
            "round-template_version": default_version().pk,
            "round-opens_on": timezone.localdate().isoformat(),
            "round-deadline": deadline,
            "round-reminder_days": "10, 2",
        },
    )
    scan_round = ScanRound.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse("scans:office_round", args=[scan_round.pk])
    assert scan_round.reminder_days == [10, 2]
    assert timezone.localtime(scan_round.deadline).strftime("%Y-%m-%dT%H:%M") == deadline
    page = client.get(response["Location"]).content.decode()
    assert "Participatiehub Utrecht" in page and "Not started" in page


def test_a_refused_round_shows_the_reason_and_opens_nothing(client, office, hub):
    client.force_login(office)
    page = client.post(
        reverse("scans:office_rounds"),
        {
            "round-year": "2026",
            "round-template_version": default_version().pk,
            "round-opens_on": "2026-01-01",
            "round-deadline": "2020-01-01T17:00",
            "round-reminder_days": "",
        },
    )
    assert page.status_code == 200 and "The deadline must be in the future." in page.content.decode()
    assert ScanRound.objects.count() == 0


def test_the_office_changes_a_template_through_a_new_version(client, office):
    version = default_version()
    client.force_login(office)
    url = reverse("scans:office_version", args=[version.pk])
    page = client.get(url).content.decode()
    assert "Make a new version to change the template" in page and "Visie en ambitie" in page
    response = client.post(url, {"action": "new_draft"})
    draft = TemplateVersion.objects.get(status=VersionStatus.DRAFT)
    assert response["Location"] == reverse("scans:office_version", args=[draft.pk])
    draft_url = response["Location"]
    dimension = draft.dimensions.get(code="feedback")
    response = client.post(
        draft_url,
        {
            "action": "question_add",
            "row": dimension.pk,
            f"nq{dimension.pk}-text": "Deelnemers krijgen een bedankje.",
            f"nq{dimension.pk}-scale": draft.scales.get().pk,
            f"nq{dimension.pk}-order": "9",
            f"nq{dimension.pk}-required": "on",
            f"nq{dimension.pk}-version": draft.version,
        },
    )
    assert response.status_code == 302
    assert dimension.questions.filter(text="Deelnemers krijgen een bedankje.").exists()
    # A second page still showing the old version is refused.
    stale = client.post(
        draft_url,
        {
            "action": "dimension_update",
            "row": dimension.pk,
            f"d{dimension.pk}-name": "Iets anders",
            f"d{dimension.pk}-version": draft.version,
        },
    )
    assert stale.status_code == 200 and "Someone else changed this template" in stale.content.decode()
    draft.refresh_from_db()
    response = client.post(
        draft_url, {"action": "publish", "publish-note": "Bedankje.", "publish-version": draft.version}
    )
    draft.refresh_from_db()
    assert draft.status == VersionStatus.PUBLISHED
    assert version.dimensions.get(code="feedback").questions.count() == 3


def test_the_office_makes_a_template(client, office):
    client.force_login(office)
    response = client.post(reverse("scans:office_templates"), {"action": "create", "template-name": "Korte scan"})
    version = TemplateVersion.objects.get(template__name="Korte scan")
    assert response["Location"] == reverse("scans:office_version", args=[version.pk])
    page = client.post(reverse("scans:office_templates"), {"action": "create", "template-name": "Korte scan"})
    assert "A template with this name already exists." in page.content.decode()


@pytest.fixture
def scan(office, hub, coord):
    return open_round(year=2026, office=office).responses.get(hub=hub)


def test_the_coordinator_saves_as_they_go_and_a_stale_page_saves_nothing(client, scan, coord, second_coord):
    questions = questions_of(scan.scan_round)
    client.force_login(coord)
    url = reverse("scans:response", args=[scan.pk])
    page = client.get(url).content.decode()
    assert "Visie en ambitie" in page and "Helemaal wel" in page and 'hx-post="' in page
    autosave = client.post(url, _post_form(scan, {questions[0].pk: "4"}), HTTP_HX_REQUEST="true")
    assert autosave.status_code == 200
    assert 'value="2"' in autosave.content.decode() and "hx-swap-oob" in autosave.content.decode()
    assert Answer.objects.get(response=scan, question=questions[0]).value == 4
    # The other coordinator's page was opened before that save: their save is refused.
    client.force_login(second_coord)
    refused = client.post(url, _post_form(scan, {questions[0].pk: "1"}), HTTP_HX_REQUEST="true")
    assert "Someone else saved this scan" in refused.content.decode()
    assert Answer.objects.get(response=scan, question=questions[0]).value == 4
    page = client.get(url).content.decode()
    assert "by Sanne Coördinator" in page


def test_submitting_with_a_missing_answer_lists_the_question_then_submits(client, scan, coord):
    questions = questions_of(scan.scan_round)
    client.force_login(coord)
    url = reverse("scans:response", args=[scan.pk])
    values = {q.pk: "3" for q in questions[1:]}
    page = client.post(url, _post_form(scan, values, action="submit"))
    text = page.content.decode()
    assert page.status_code == 200 and "These questions still need an answer" in text
    assert f'href="#id_scan-q{questions[0].pk}_0"' in text and questions[0].text in text
    scan.refresh_from_db()
    assert scan.status == ResponseStatus.DRAFT  # the answers were kept, nothing was submitted
    values[questions[0].pk] = "na"
    response = client.post(url, _post_form(scan, values, action="submit"))
    assert response.status_code == 302
    scan.refresh_from_db()
    assert scan.status == ResponseStatus.SUBMITTED
    page = client.get(url).content.decode()
    assert "<title" in page and "<desc" in page and "ph-radar-chart" in page
    assert "National median" in page and "Submit the scan" not in page
    # Read-only after submission: a POST is refused with a message, nothing changes.
    client.post(url, _post_form(scan, {questions[1].pk: "1"}))
    assert Answer.objects.get(response=scan, question=questions[1]).value == 3


def test_the_radar_page_shows_the_same_numbers_as_its_table(client, office, hub, coord, other_hub):
    previous = past_round(year=2025)
    answer_all(response_of(previous, hub), lambda q: 2)  # 25,0
    scan_round = past_round(year=2026)
    scan_round.closed_at = None
    scan_round.save()
    response = answer_all(response_of(scan_round, hub), lambda q: 4)  # 75,0
    answer_all(response_of(scan_round, other_hub), lambda q: 5)  # 100,0: median 87,5
    client.force_login(coord)
    client.cookies["django_language"] = "nl"
    page = client.get(reverse("scans:response", args=[response.pk])).content.decode()
    assert "75,0" in page and "87,5" in page and "25,0" in page
    assert "2025" in page


def test_the_office_reopens_with_a_reason(client, scan, office, coord):
    answer_all(scan, lambda q: 3)
    client.force_login(office)
    url = reverse("scans:response", args=[scan.pk])
    page = client.post(url, {"action": "reopen", "reopen-reason": ""})
    assert page.status_code == 200
    scan.refresh_from_db()
    assert scan.status == ResponseStatus.SUBMITTED
    client.post(url, {"action": "reopen", "reopen-reason": "Vul bereik opnieuw in."})
    scan.refresh_from_db()
    assert scan.status == ResponseStatus.REOPENED
    client.force_login(coord)
    page = client.get(url).content.decode()
    assert "Vul bereik opnieuw in." in page and "Submit the scan" in page


def test_the_office_closes_the_round_and_exports_the_scores(client, office, hub, other_hub):
    scan_round = open_round(year=2026, office=office)
    answer_all(scan_round.responses.get(hub=hub), lambda q: 4)
    client.force_login(office)
    csv = client.get(reverse("scans:office_round_csv", args=[scan_round.pk]))
    assert csv["Content-Type"].startswith("text/csv")
    lines = csv.content.decode("utf-8-sig").splitlines()
    assert lines[0].startswith("Hub;Status;Submitted at;Visie en ambitie (vision)")
    assert lines[1].startswith("Participatiehub Twente;Not started;;;")
    assert lines[2].startswith("Participatiehub Utrecht;Submitted;") and lines[2].endswith(";75,0")
    xlsx = client.get(reverse("scans:office_round_xlsx", args=[scan_round.pk]))
    sheet = load_workbook(io.BytesIO(xlsx.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[2][0] == "Participatiehub Utrecht" and Decimal(str(rows[2][3])) == Decimal("75.0")
    assert rows[-1][0] == "National median"
    client.post(reverse("scans:office_round", args=[scan_round.pk]), {"action": "close"})
    scan_round.refresh_from_db()
    assert scan_round.closed_at is not None


def test_my_scans_lists_the_hubs_responses(client, scan, coord, other_hub, other_coord):
    client.force_login(coord)
    page = client.get(reverse("scans:my_scans")).content.decode()
    assert "Scan 2026" in page and "Participatiehub Utrecht" in page and "Twente" not in page


def test_required_questions_are_not_marked_optional_and_a_half_filled_form_saves(client, scan, coord):
    import re

    questions = questions_of(scan.scan_round)
    questions[1].required = False
    questions[1].save()
    client.force_login(coord)
    url = reverse("scans:response", args=[scan.pk])
    page = client.get(url).content.decode()
    legends = re.findall(r"<legend[^>]*>(.*?)</legend>", page, re.S)
    assert "(optional)" not in legends[0] and "(optional)" in legends[1]
    assert " required" not in page.split('id="autosave-status"')[0].split("<form")[1]
    response = client.post(url, _post_form(scan, {questions[2].pk: "2"}))
    assert response.status_code == 302
    assert Answer.objects.get(response=scan).question_id == questions[2].pk


def test_the_office_shows_the_hubs_by_status_with_their_last_reminder(client, office, hub, coord, other_hub):
    scan_round = open_round(year=2026, office=office, deadline_days=2)
    answer_all(scan_round.responses.get(hub=other_hub), lambda q: 3)
    services.reminders_send()  # hub A has not submitted: reminded (3 days before)
    client.force_login(office)
    url = reverse("scans:office_round", args=[scan_round.pk])
    page = client.get(url).content.decode()
    assert "Participatiehub Utrecht" in page and "Participatiehub Twente" in page
    assert "Not started (1)" in page and "Submitted (1)" in page and "All (2)" in page
    waiting = client.get(url, {"status": "not_started"}).content.decode()
    assert "Participatiehub Utrecht" in waiting and "Participatiehub Twente" not in waiting
    row = waiting.split("Participatiehub Utrecht</a>")[1].split("</tr>")[0]
    assert timezone.localdate().strftime("%Y") in row.split("<td")[-1]
    assert "Participatiehub Twente" in client.get(url, {"status": "nonsense"}).content.decode()
