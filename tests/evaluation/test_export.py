"""The evaluator export end to end: asked for through the service, made by the task worker, read from the ZIP.

Must show: no e-mail address, phone number or name from the database in any file; the same person has
the same pseudonym in two exports to the same recipient and different ones across recipients (and the
secret key plays no part, the pseudonym key does); small cells suppressed; every export in the
processing log; the codebook names every column of every CSV.
"""

from __future__ import annotations

import csv
import io
import re

from django.test import override_settings

import pytest

from participatiehub.accounts.models import User
from participatiehub.audit.models import ProcessingLogEntry
from participatiehub.core.exceptions import ServiceError
from participatiehub.evaluation import redact, services
from participatiehub.evaluation.constants import SCHEMA_VERSION
from participatiehub.evaluation.models import Export
from participatiehub.evaluation.tables import TABLES
from participatiehub.hubs.models import Hub
from participatiehub.network.models import ContactPerson, Organisation, ParticipationBody
from participatiehub.participants.models import Participant
from participatiehub.questions.models import PolicyQuestion
from participatiehub.trajectories.models import TrajectoryParticipant

from .conftest import CONTACT_PHONE, HUB_PHONE, rows

pytestmark = pytest.mark.django_db


def _identifiers() -> set[str]:
    """Every name, e-mail address and phone number the database holds for a person (or a hub's contact)."""
    found: set[str] = set()
    for values in (
        User.objects.values_list("full_name", "email"),
        ContactPerson.objects.values_list("name", "email", "phone"),
        Participant.objects.values_list("display_name", flat=True),
        TrajectoryParticipant.objects.values_list("name", "email"),
        PolicyQuestion.objects.values_list("contact_name", "contact_email"),
        Hub.objects.values_list("contact_name", "contact_email", "contact_phone"),
        Organisation.objects.values_list("email", "phone"),
        ParticipationBody.objects.values_list("email", flat=True),
    ):
        for row in values:
            for value in row if isinstance(row, tuple) else (row,):
                if value and len(value.strip()) >= 3:
                    found.add(value.strip())
    return found


def _assert_clean(files: dict[str, str]) -> None:
    identifiers = _identifiers()
    assert len(identifiers) > 30
    for name, text in files.items():
        lower = text.lower()
        for value in identifiers:
            assert value.lower() not in lower, f"{value!r} in {name}"
        digits_only = re.sub(r"\D", "", text)
        for phone in (CONTACT_PHONE, HUB_PHONE):
            assert re.sub(r"\D", "", phone) not in digits_only or phone not in text, (phone, name)
        assert not re.search(r"[\w.+-]+@[\w-]+\.[\w.-]+", text), f"an e-mail address in {name}"


def test_no_email_phone_or_name_from_the_database_in_any_file(world, export_for):
    """With the platform's own Redactor (deduce and the list of known persons) and the export's last pass."""
    export, files = export_for(world["evaluators"][0])
    assert export.status == "ready", export.error
    assert {f"{t.name}.csv" for t in TABLES} | {"codebook.csv", "manifest.csv", "README.txt"} == set(files)
    _assert_clean(files)
    # The texts are there, redacted.
    (question,) = [r for r in rows(files, "questions") if r["hub"] == "utrecht" and "wijkzorg" in r["title"]]
    assert "[naam]" in question["title"]
    assert "[e-mailadres]" in question["summary"] and "[telefoonnummer]" in question["summary"]


def test_the_last_pass_alone_keeps_every_identifier_out(world, export_for, fake_redactor):
    """Even when the Redactor missed everything, the export's own pass over the database's identifiers holds."""
    export, files = export_for(world["evaluators"][0])
    assert export.status == "ready", export.error
    _assert_clean(files)


def test_same_recipient_same_pseudonyms_other_recipient_others(world, export_for, fake_redactor):
    first, second = world["evaluators"]
    _, a = export_for(first)
    _, b = export_for(first)
    _, c = export_for(second)

    def people(files):
        return (
            [r["participant"] for r in rows(files, "participants")],
            {r["submitted_by"] for r in rows(files, "questions")} - {""},
            [r["question_id"] for r in rows(files, "questions")],
        )

    participants_a, users_a, questions_a = people(a)
    participants_b, users_b, questions_b = people(b)
    participants_c, users_c, questions_c = people(c)
    assert len(participants_a) == 7 and all(p.startswith("DLN-") and len(p) == 20 for p in participants_a)
    assert participants_a == participants_b and users_a == users_b and questions_a == questions_b
    assert not set(participants_a) & set(participants_c)
    assert not users_a & users_c and not set(questions_a) & set(questions_c)
    # The person behind the resident record is the same in both files of the first evaluator.
    resident = world["resident"]
    from participatiehub.evaluation.pseudonyms import Pseudonymiser

    assert Pseudonymiser(first.pk)("participant", resident.pk) in participants_a
    assert Pseudonymiser(second.pk)("participant", resident.pk) in participants_c
    manifest = {r["key"]: r["value"] for r in rows(a, "manifest")}
    assert manifest["pseudonym_scope"] == {r["key"]: r["value"] for r in rows(b, "manifest")}["pseudonym_scope"]
    assert manifest["data_version"] == {r["key"]: r["value"] for r in rows(b, "manifest")}["data_version"]
    assert manifest["pseudonym_scope"] != {r["key"]: r["value"] for r in rows(c, "manifest")}["pseudonym_scope"]


def test_secret_key_rotation_keeps_pseudonyms_a_new_pseudonym_key_changes_them(world, export_for, fake_redactor):
    first = world["evaluators"][0]
    _, before = export_for(first)
    with override_settings(SECRET_KEY="another-secret-key-after-rotation-0123456789abcdefghijkl"):
        _, rotated = export_for(first)
    with override_settings(PH_PSEUDONYM_KEY="a-new-pseudonym-key-0123456789abcdefghijklmnopqrstuv"):
        export, rekeyed = export_for(first)

    def ids(files):
        return [r["participant"] for r in rows(files, "participants")]

    assert ids(before) == ids(rotated)
    assert not set(ids(before)) & set(ids(rekeyed))
    assert export.pseudonym_scope != Export.objects.filter(recipient=first).order_by("pk").first().pseudonym_scope


def test_small_cells_are_suppressed(world, export_for, fake_redactor):
    _, files = export_for(world["evaluators"][0])
    trajectories = {r["hub"]: r for r in rows(files, "trajectories")}
    utrecht, twente = trajectories["utrecht"], trajectories["twente"]
    assert utrecht["persons_listed"] == "7" and utrecht["persons_wanting_feedback"] == "<5"
    assert utrecht["panel_invitations"] == "<5" and utrecht["panel_took_part"] == "<5"
    assert twente["persons_listed"] == "<5" and twente["panel_invitations"] == "0"
    counts = sorted(r["participant_count"] for r in rows(files, "activities"))
    assert counts == ["12", "<5"]
    (pool,) = rows(files, "pools")
    assert pool["members"] == "7" and pool["seated"] == "5"
    quotas = {r["value"]: r for r in rows(files, "pool_quotas")}
    # One man among seven: suppressed, and the six women hidden too (else 7 - 6 = 1).
    assert quotas["m"]["members"] == "<5" and quotas["v"]["members"] == "*"
    assert quotas["m"]["seated"] == "0" and quotas["v"]["seated"] == "5"
    assert quotas["v"]["population_share"] == "0,51000"
    # Six answers to the questionnaire: shown, with the number of people.
    shares = rows(files, "experience_shares")
    assert shares and all(r["answered"] == "6" for r in shares)
    # Every count-of-persons column says so in the codebook.
    codebook = rows(files, "codebook")
    for entry in codebook:
        if entry["type"] == "aantal personen":
            assert entry["suppression"], entry


def test_erased_residents_are_not_in_the_person_table(world, export_for, fake_redactor):
    _, files = export_for(world["evaluators"][0])
    assert len(rows(files, "participants")) == Participant.objects.filter(erased_at__isnull=True).count() == 7


def test_the_codebook_names_every_column_of_every_csv(world, export_for, fake_redactor):
    export, files = export_for(world["evaluators"][0])
    codebook = rows(files, "codebook")
    described = {(r["table"], r["column"]) for r in codebook}
    assert all(r["description"] and r["type"] for r in codebook)
    for name, text in files.items():
        if not name.endswith(".csv"):
            continue
        header = next(csv.reader(io.StringIO(text), delimiter=";"))
        for column in header:
            assert (name.removesuffix(".csv"), column) in described, (name, column)
    manifest = {r["key"]: r["value"] for r in rows(files, "manifest")}
    assert manifest["schema_version"] == SCHEMA_VERSION == export.schema_version
    assert manifest["data_version"] == export.data_version and len(export.data_version) == 12
    assert manifest["created_at"] and manifest["pseudonym_scope"] == export.pseudonym_scope
    assert "Versie van de tabellen: " + SCHEMA_VERSION in files["README.txt"]
    assert {t["name"]: t["rows"] for t in export.tables}["questions"] == 2


def test_the_csv_dialect_is_the_projects(world, export_for, fake_redactor):
    export, _files = export_for(world["evaluators"][0])
    import zipfile

    with export.file.open("rb") as handle, zipfile.ZipFile(handle) as archive:
        raw = archive.read("grants.csv")
    assert raw.startswith(b"\xef\xbb\xbf") and b"\r\n" in raw
    text = raw.decode("utf-8-sig")
    assert text.splitlines()[0].startswith("grant_id;hub;line;awarded_amount")
    assert ";50000,00;" in text and ";20000,00;" in text


def test_every_step_is_in_the_processing_log(world, export_for, client, fake_redactor):
    first = world["evaluators"][0]
    export, _files = export_for(first, purpose="Evaluatie van de terugkoppeling, vraag 3")
    entries = ProcessingLogEntry.objects.filter(trace_id=export.trace_id).order_by("pk")
    assert [e.activity for e in entries] == [
        f"evaluation.export_request {SCHEMA_VERSION}",
        f"evaluation.export_make {SCHEMA_VERSION}",
    ]
    assert all(e.actor == first and e.purpose == "Evaluatie van de terugkoppeling, vraag 3" for e in entries)
    assert entries[1].object_count == export.row_count > 0
    client.force_login(first)
    response = client.get(f"/evaluatie/export/{export.pk}/download/")
    assert response.status_code == 200 and response["Content-Type"] == "application/zip"
    b"".join(response.streaming_content)
    last = ProcessingLogEntry.objects.filter(trace_id=export.trace_id).order_by("pk").last()
    assert last.activity == f"evaluation.export_download {SCHEMA_VERSION}" and last.actor == first


def test_a_failed_export_loses_nothing_and_can_be_tried_again(
    world, export_for, monkeypatch, run_tasks, django_capture_on_commit_callbacks, private_files
):
    def broken():
        raise RuntimeError("the redaction lists could not be read")

    monkeypatch.setattr(redact, "load_redactor", broken)
    first = world["evaluators"][0]
    export, files = export_for(first)
    assert export.status == "failed" and not export.file and files == {}
    assert "niet gelukt" in export.error and "Opnieuw proberen" in export.error
    assert not [p for p in private_files.rglob("*") if p.is_file()]  # no half-written file left
    # A second request is allowed again (nothing waiting), and the failed one can be retried.
    from .conftest import FakeRedactor

    monkeypatch.setattr(redact, "load_redactor", FakeRedactor)
    with django_capture_on_commit_callbacks(execute=True):
        services.export_retry(export=export, actor=first)
    run_tasks()
    export.refresh_from_db()
    assert export.status == "ready" and export.file


def test_one_export_at_a_time_and_none_without_a_key(world, settings, django_capture_on_commit_callbacks):
    first = world["evaluators"][0]
    with django_capture_on_commit_callbacks(execute=False):
        services.export_request(actor=first, purpose="Evaluatie programmalijn 2")
        with pytest.raises(ServiceError):
            services.export_request(actor=first, purpose="Nog een keer")
    assert Export.objects.filter(recipient=first).count() == 1
    settings.PH_PSEUDONYM_KEY = ""
    with pytest.raises(ServiceError):
        services.export_request(actor=world["evaluators"][1], purpose="Evaluatie programmalijn 2")
    assert not Export.objects.filter(recipient=world["evaluators"][1]).exists()
