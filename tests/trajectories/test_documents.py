"""Documents: PDF/DOCX/ODT only (extension and content), at most 10 MB; download rules."""

from __future__ import annotations

import io
import zipfile

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

import pytest

from participatiehub.core.exceptions import ServiceError
from participatiehub.questions.constants import QuestionStatus
from participatiehub.trajectories import services
from participatiehub.trajectories.constants import MAX_DOCUMENT_BYTES
from participatiehub.trajectories.models import Document
from tests.factories import HubFactory, OrganisationFactory, coordinator, decision_maker, programme_officer

from .conftest import PDF_BYTES
from .helpers import started

pytestmark = pytest.mark.django_db


def _zip(entries: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, data in entries.items():
            archive.writestr(name, data)
    return buffer.getvalue()


DOCX = _zip({"[Content_Types].xml": b"<Types/>", "word/document.xml": b"<w:document/>"})
ODT = _zip({"mimetype": b"application/vnd.oasis.opendocument.text", "content.xml": b"<office:document-content/>"})


@pytest.fixture
def trajectory(question, coordinator_user):
    return started(question, coordinator_user)


def _upload(trajectory, user, name, data, **kwargs):
    return services.document_upload(
        actor=user, trajectory=trajectory, uploaded_file=SimpleUploadedFile(name, data), **kwargs
    )


@pytest.mark.parametrize(
    ("name", "data", "content_type"),
    [
        ("advies.pdf", PDF_BYTES, "application/pdf"),
        ("Advies def.DOCX", DOCX, "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
        ("advies.odt", ODT, "application/vnd.oasis.opendocument.text"),
    ],
)
def test_real_documents_are_accepted(trajectory, coordinator_user, name, data, content_type):
    document = _upload(trajectory, coordinator_user, name, data, title="Advies")
    assert (document.content_type, document.size, document.uploaded_by) == (content_type, len(data), coordinator_user)
    with document.file.open("rb") as stored:
        assert stored.read() == data


@pytest.mark.parametrize(
    ("name", "data"),
    [
        ("nep.pdf", b"<html>not a pdf</html>"),  # fake PDF: wrong magic bytes
        ("leeg.pdf", b""),
        ("zip.docx", _zip({"hello.txt": b"hi"})),  # a zip renamed .docx, without word/document.xml
        ("tekst.odt", _zip({"mimetype": b"application/zip", "content.xml": b"x"})),  # wrong ODT mimetype
        ("kapot.docx", b"PK\x03\x04 not really a zip"),
        ("advies.exe", PDF_BYTES),  # right content, wrong extension
        ("advies.pdf.html", PDF_BYTES),
        ("geen-extensie", PDF_BYTES),
    ],
)
def test_wrong_documents_are_refused(trajectory, coordinator_user, name, data):
    with pytest.raises(ServiceError):
        _upload(trajectory, coordinator_user, name, data)
    assert not Document.objects.exists()


def test_wrong_type_has_a_clear_message(trajectory, coordinator_user):
    with pytest.raises(ServiceError) as info:
        _upload(trajectory, coordinator_user, "nep.pdf", b"GIF89a")
    assert info.value.messages == ["This file is not a PDF, DOCX or ODT."]


def test_too_large_is_refused(trajectory, coordinator_user):
    data = PDF_BYTES + b"0" * (MAX_DOCUMENT_BYTES - len(PDF_BYTES) + 1)
    with pytest.raises(ServiceError) as info:
        _upload(trajectory, coordinator_user, "groot.pdf", data)
    assert info.value.messages == ["The file is larger than 10 MB."]
    assert not Document.objects.exists()


def test_exactly_10_mb_is_fine(trajectory, coordinator_user):
    data = PDF_BYTES + b"0" * (MAX_DOCUMENT_BYTES - len(PDF_BYTES))
    assert _upload(trajectory, coordinator_user, "precies.pdf", data).size == MAX_DOCUMENT_BYTES


def test_only_the_coordinator_uploads(trajectory, dm_user):
    with pytest.raises(ServiceError):
        _upload(trajectory, dm_user, "advies.pdf", PDF_BYTES)


def test_upload_through_the_workspace_shows_the_error(client, trajectory, coordinator_user, question):
    client.force_login(coordinator_user)
    url = reverse("trajectories:workspace", args=[question.pk])
    response = client.post(
        url,
        {"action": "document_upload", "document-title": "Nep", "document-file": SimpleUploadedFile("nep.pdf", b"nope")},
    )
    assert response.status_code == 200
    assert "This file is not a PDF, DOCX or ODT." in response.content.decode()
    assert not Document.objects.exists()
    response = client.post(
        url,
        {
            "action": "document_upload",
            "document-title": "Echt",
            "document-file": SimpleUploadedFile("echt.pdf", PDF_BYTES),
        },
    )
    assert response.status_code == 302
    assert Document.objects.get().title == "Echt"


# --- download ----------------------------------------------------------------------------------


@pytest.fixture
def documents(trajectory, coordinator_user):
    public = _upload(trajectory, coordinator_user, "openbaar.pdf", PDF_BYTES, title="Openbaar advies", is_public=True)
    private = _upload(trajectory, coordinator_user, "intern.pdf", PDF_BYTES, title="Intern verslag")
    return public, private


def test_public_document_for_anyone(client, documents):
    public, _private = documents
    response = client.get(reverse("trajectories:document", args=[public.pk]))
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment;")
    assert 'filename="openbaar-advies.pdf"' in response["Content-Disposition"]
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Type"] == "application/pdf"
    assert b"".join(response.streaming_content) == PDF_BYTES


def test_public_document_of_a_question_not_public_is_not_public(client, documents, question):
    public, _private = documents
    question.status = QuestionStatus.DECLINED  # not a public status
    question.save()
    response = client.get(reverse("trajectories:document", args=[public.pk]))
    assert response.status_code == 302 and "/account/" in response["Location"]


def test_private_document_rules(client, documents, question, coordinator_user, dm_user):
    _public, private = documents
    url = reverse("trajectories:document", args=[private.pk])
    response = client.get(url)
    assert response.status_code == 302 and "next=" in response["Location"]
    for user, expected in [
        (coordinator_user, 200),
        (dm_user, 200),
        (coordinator(HubFactory()), 403),
        (decision_maker(OrganisationFactory(hub=question.hub)), 403),
        (programme_officer(), 403),
    ]:
        client.force_login(user)
        assert client.get(url).status_code == expected, user


@pytest.mark.parametrize("who", ["coordinator_user", "dm_user"])
def test_private_documents_are_gated_by_view_question(client, documents, who, request, monkeypatch):
    """The hub's staff and the asker read a private document through questions.view_question."""
    import rules

    _public, private = documents
    client.force_login(request.getfixturevalue(who))
    url = reverse("trajectories:document", args=[private.pk])
    assert client.get(url).status_code == 200
    monkeypatch.setitem(rules.permissions.permissions, "questions.view_question", rules.always_deny)
    assert client.get(url).status_code == 403
