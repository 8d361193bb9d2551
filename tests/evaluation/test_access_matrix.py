"""Every URL of the ``evaluation`` namespace (from the resolver: a new URL fails this test until it has a row
below) against every role: only evaluators get in; anonymous visitors go to log in; an evaluator reaches
only the exports made for them (someone else's is 404, as an unknown one); the page's cost is flat."""

from __future__ import annotations

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import URLResolver, get_resolver, reverse

import pytest

from participatiehub.accounts.constants import Role
from participatiehub.evaluation.constants import ExportStatus
from participatiehub.evaluation.models import Export
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

NAMES = {"index", "status", "download", "retry"}


def patterns() -> list[tuple[str, list[str]]]:
    resolver = next(
        p for p in get_resolver().url_patterns if isinstance(p, URLResolver) and p.namespace == "evaluation"
    )
    return [(p.name, list(p.pattern.regex.groupindex)) for p in resolver.url_patterns]


def _with_role(role: str):
    user = UserFactory()
    RoleAssignmentFactory(user=user, role=role)
    return user


@pytest.fixture
def people():
    hub = HubFactory(slug="utrecht")
    return {
        "anonymous": None,
        "coordinator": coordinator(hub),
        "decision_maker": decision_maker(OrganisationFactory(hub=hub)),
        "office": programme_officer(),
        "referee": _with_role(Role.REFEREE),
        "committee_member": _with_role(Role.COMMITTEE_MEMBER),
        "finance": _with_role(Role.FINANCE),
        "no_role": UserFactory(),
        "superuser": UserFactory(is_superuser=True, is_staff=True),
        "evaluator": evaluator(),
    }


def _failed_export(user) -> Export:
    return Export.objects.create(recipient=user, purpose="Evaluatie lijn 2", status=ExportStatus.FAILED, trace_id="t")


def test_every_url_has_a_row():
    assert {name for name, _params in patterns()} == NAMES


def test_only_evaluators_get_in(client, people):
    export = _failed_export(people["evaluator"])
    for who, user in people.items():
        client.logout()
        if user is not None:
            client.force_login(user)
        for name, params in patterns():
            url = reverse(f"evaluation:{name}", kwargs={"pk": export.pk} if params else {})
            response = client.post(url) if name == "retry" else client.get(url)
            if who == "anonymous":
                assert response.status_code == 302 and "/account/login/" in response["Location"], name
            elif who == "evaluator":
                assert response.status_code in (200, 302), (name, response.status_code)
            else:
                assert response.status_code == 403, (who, name, response.status_code)
        if user is not None:
            response = client.post(reverse("evaluation:index"), {"purpose": "Ik wil alle gegevens hebben"})
            # The evaluator: refused with a message, the retry above is still waiting; the others: 403.
            assert response.status_code == (200 if who == "evaluator" else 403), who
            if who == "evaluator":
                assert "Er wordt al een export voor u gemaakt" in response.content.decode()
    # Only the evaluator asked for a new export (the one retry above and one new request).
    assert set(Export.objects.values_list("recipient", flat=True)) == {people["evaluator"].pk}


def test_an_evaluator_reaches_only_their_own_exports(client, people):
    other = evaluator()
    theirs = _failed_export(other)
    theirs.status = ExportStatus.READY
    theirs.save()
    client.force_login(people["evaluator"])
    for name in ("status", "download"):
        assert client.get(reverse(f"evaluation:{name}", args=[theirs.pk])).status_code == 404, name
    assert client.post(reverse("evaluation:retry", args=[theirs.pk])).status_code == 404
    assert client.get(reverse("evaluation:status", args=[999999])).status_code == 404
    page = client.get(reverse("evaluation:index")).content.decode()
    assert "Evaluatie lijn 2" not in page
    theirs.refresh_from_db()
    assert theirs.status == ExportStatus.READY


def test_bad_input_gives_a_dutch_message_and_changes_nothing(client, people):
    client.force_login(people["evaluator"])
    response = client.post(reverse("evaluation:index"), {"purpose": "kort"})
    assert response.status_code == 200
    assert "ten minste 10 tekens" in response.content.decode()
    response = client.post(reverse("evaluation:index"), {"purpose": ""})
    assert "Vul in waarvoor u de gegevens nodig hebt" in response.content.decode()
    assert not Export.objects.exists()


def test_the_page_costs_the_same_for_1_and_20_exports(client, people):
    user = people["evaluator"]
    client.force_login(user)

    def cost(n: int) -> int:
        Export.objects.all().delete()
        for i in range(n):
            Export.objects.create(
                recipient=user,
                purpose=f"Doel {i}",
                status=[ExportStatus.READY, ExportStatus.FAILED, ExportStatus.BUSY][i % 3],
                trace_id=str(i),
                tables=[{"name": "hubs", "rows": 3}],
            )
        with CaptureQueriesContext(connection) as queries:
            assert client.get(reverse("evaluation:index")).status_code == 200
        return len(queries)

    assert cost(3) == cost(20)


def test_a_stalled_export_offers_to_try_again(client, people, django_capture_on_commit_callbacks):
    import datetime as dt

    from django.utils import timezone

    user = people["evaluator"]
    export = Export.objects.create(recipient=user, purpose="Evaluatie lijn 2", status=ExportStatus.BUSY, trace_id="t")
    client.force_login(user)
    page = client.get(reverse("evaluation:index")).content.decode()
    assert "hx-get" in page and "Opnieuw proberen" not in page
    Export.objects.filter(pk=export.pk).update(updated_at=timezone.now() - dt.timedelta(hours=1))
    page = client.get(reverse("evaluation:index")).content.decode()
    assert "hx-get" not in page and "Opnieuw proberen" in page and "staat al lang stil" in page
    with django_capture_on_commit_callbacks(execute=False):
        assert client.post(reverse("evaluation:retry", args=[export.pk])).status_code == 302
    export.refresh_from_db()
    assert export.status == ExportStatus.WAITING
