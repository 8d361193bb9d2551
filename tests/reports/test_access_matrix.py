"""Every URL of the ``reports`` and ``redaction`` namespaces (from the resolver: a new URL fails this test
until it has a row below) against every role. Only the programme office gets in; every other role, also
the coordinator of the hub the report is about, gets 403; anonymous visitors go to log in."""

from __future__ import annotations

from django.core.files.base import ContentFile
from django.urls import URLResolver, get_resolver, reverse

import pytest

from participatiehub.accounts.constants import Role
from participatiehub.reports.constants import ReportStatus
from participatiehub.reports.models import ProgrammeReport, RedactionFinding
from tests.factories import (
    HubFactory,
    OrganisationFactory,
    RoleAssignmentFactory,
    UserFactory,
    coordinator,
    decision_maker,
    evaluator,
    programme_officer,
)

pytestmark = pytest.mark.django_db

NAMESPACES = ("reports", "redaction")
#: URL name → its keyword arguments (the download takes one of its kinds).
KWARGS = {
    "list": {},
    "keep_list": {},
    "detail": {"pk": "report"},
    "status": {"pk": "report"},
    "rerun": {"pk": "report"},
    "download": {"pk": "report", "kind": "openbaar-pdf"},
    "review": {"pk": "report"},
    "undo": {"pk": "report", "finding_pk": "finding"},
}
POST_ONLY = {"rerun"}


def patterns() -> list[tuple[str, str]]:
    found = []
    for pattern in get_resolver().url_patterns:
        if isinstance(pattern, URLResolver) and pattern.namespace in NAMESPACES:
            found.extend((pattern.namespace, p.name) for p in pattern.url_patterns)
    return found


@pytest.fixture
def world(db, private_files):
    hub = HubFactory(name="Participatiehub Eemland")
    report = ProgrammeReport.objects.create(
        period="2026", starts_on="2026-01-01", ends_on="2026-12-31", status=ReportStatus.DONE
    )
    for name in ("internal_pdf", "internal_docx", "public_pdf", "public_docx"):
        getattr(report, name).save(f"{name}.bin", ContentFile(b"%PDF-1.4 test"), save=False)
    report.save()
    finding = RedactionFinding.objects.create(
        report=report,
        object_kind="hub",
        object_id=hub.pk,
        field="summary",
        start=0,
        end=3,
        original="Jan",
        category="naam",
        placeholder="[naam]",
        ground="art. 5.1 lid 2 sub e Woo",
        source="deduce",
    )
    people = {
        "anonymous": None,
        "office": programme_officer(),
        "coordinator": coordinator(hub),
        "evaluator": evaluator(),
        "decision_maker": decision_maker(OrganisationFactory(hub=hub)),
        "no_role": UserFactory(),
    }
    for role in (Role.FINANCE, Role.COMMITTEE_MEMBER, Role.REFEREE):
        people[role] = RoleAssignmentFactory(role=role).user
    return {"report": report, "finding": finding, "people": people}


def _url(namespace: str, name: str, world) -> str:
    kwargs = {k: (world[v].pk if v in world else v) for k, v in KWARGS[name].items()}
    return reverse(f"{namespace}:{name}", kwargs=kwargs)


def test_every_url_has_a_row():
    assert {name for _ns, name in patterns()} == set(KWARGS)


@pytest.mark.parametrize(
    "who",
    [
        "anonymous",
        "office",
        "coordinator",
        "evaluator",
        "decision_maker",
        "no_role",
        Role.FINANCE,
        Role.COMMITTEE_MEMBER,
        Role.REFEREE,
    ],
)
def test_only_the_programme_office_gets_in(client, world, who):
    user = world["people"][who]
    if user is not None:
        client.force_login(user)
    for namespace, name in patterns():
        url = _url(namespace, name, world)
        response = client.post(url) if name in POST_ONLY else client.get(url)
        if who == "anonymous":
            assert response.status_code == 302 and "/login" in response["Location"], url
        elif who == "office":
            assert response.status_code in (200, 302), (url, response.status_code)
        else:
            assert response.status_code == 403, (who, url, response.status_code)
    if who != "office":
        world["report"].refresh_from_db()
        assert world["report"].status == ReportStatus.DONE  # a refused rerun changed nothing


def test_unknown_report_finding_or_download_kind_is_404(client, world):
    client.force_login(world["people"]["office"])
    report = world["report"]
    assert client.get(reverse("reports:detail", kwargs={"pk": report.pk + 99})).status_code == 404
    assert client.get(reverse("reports:download", kwargs={"pk": report.pk, "kind": "geheim"})).status_code == 404
    assert client.get(reverse("reports:undo", kwargs={"pk": report.pk, "finding_pk": 999999})).status_code == 404
