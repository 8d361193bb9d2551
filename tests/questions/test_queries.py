"""The hub inbox, the public list and the public question page cost the same number of queries
with 10 or with 1,000 questions."""

from __future__ import annotations

import datetime as dt

from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

import pytest

from participatiehub.questions.constants import QuestionStatus
from participatiehub.questions.models import PolicyQuestion, QuestionStatusChange

pytestmark = pytest.mark.django_db
STATUSES = list(QuestionStatus.values)


def grow(hub, organisations, municipalities, total: int) -> None:
    start = PolicyQuestion.objects.filter(hub=hub).count()
    now = timezone.now()
    questions = PolicyQuestion.objects.bulk_create(
        [
            PolicyQuestion(
                hub=hub,
                asking_organisation=organisations[i % len(organisations)],
                title=f"Vraagstuk over zorg {i:04d}",
                summary="Hoe organiseren we de zorg in de wijk?",
                contact_name="Jan",
                contact_email=f"jan{i}@example.nl",
                agreements=["iza_azwa"] if i % 2 else ["wozo", "gala"],
                themes=["zorg"],
                promised_rung="advise",
                decision_body="Gemeenteraad",
                decision_date=dt.date(2030, 1, 1),
                status=STATUSES[i % len(STATUSES)],
                submitted_at=now - dt.timedelta(hours=i),
            )
            for i in range(start, total)
        ]
    )
    QuestionStatusChange.objects.bulk_create(
        [
            QuestionStatusChange(
                question=q, from_status="", to_status="submitted", changed_at=q.submitted_at, actor="x"
            )
            for q in questions
        ]
    )
    through = PolicyQuestion.municipalities.through
    through.objects.bulk_create(
        [through(policyquestion_id=q.pk, municipality_id=m.pk) for q in questions for m in municipalities]
    )


def count_queries(client, url, params=None) -> int:
    cache.clear()  # measure building the page, not the cache hit
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url, params or {})
    assert response.status_code == 200, url
    return len(ctx.captured_queries)


@pytest.fixture
def world(hub, org, other_org, utrecht, zeist):
    return hub, [org, other_org], [utrecht, zeist]


PUBLIC_PAGES = [
    ("questions:public_list", {}),
    ("questions:public_list", {"q": "zorg", "agreement": "wozo"}),
    ("questions:public_list", {"status": "accepted", "hub": "utrecht-eo", "pagina": "2"}),
]
INBOX_PAGES = [{}, {"status": "submitted"}, {"q": "zorg", "pagina": "3"}]


def test_public_list_is_flat(client, world):
    hub, organisations, municipalities = world
    grow(hub, organisations, municipalities, 10)
    small = [count_queries(client, reverse(name), params) for name, params in PUBLIC_PAGES]
    grow(hub, organisations, municipalities, 1000)
    large = [count_queries(client, reverse(name), params) for name, params in PUBLIC_PAGES]
    assert small == large


def test_inbox_is_flat(client, world, coord):
    hub, organisations, municipalities = world
    client.force_login(coord)
    url = reverse("questions:inbox", args=[hub.slug])
    grow(hub, organisations, municipalities, 10)
    small = [count_queries(client, url, params) for params in INBOX_PAGES]
    grow(hub, organisations, municipalities, 1000)
    large = [count_queries(client, url, params) for params in INBOX_PAGES]
    assert small == large


def test_question_pages_are_flat(client, world, coord, asker):
    hub, organisations, municipalities = world
    grow(hub, organisations, municipalities, 10)
    public = PolicyQuestion.objects.filter(status="accepted").order_by("pk").first()
    waiting = PolicyQuestion.objects.filter(status="submitted").order_by("pk").first()
    own = PolicyQuestion.objects.filter(asking_organisation=organisations[0]).order_by("pk").first()

    def measure():
        client.force_login(coord)
        intake = count_queries(client, reverse("questions:intake", args=[hub.slug, waiting.pk]))
        client.force_login(asker)
        mine = count_queries(client, reverse("questions:mine"))
        mine_detail = count_queries(client, reverse("questions:mine_detail", args=[own.pk]))
        client.logout()
        return [count_queries(client, reverse("questions:public_detail", args=[public.pk])), intake, mine, mine_detail]

    small = measure()
    grow(hub, organisations, municipalities, 1000)
    assert measure() == small


def test_public_pages_are_cached_and_follow_every_change(client, world):
    """A repeated public view costs one query at most; a change through the services shows at once."""
    from participatiehub.questions import services
    from tests.factories import coordinator

    hub, organisations, municipalities = world
    grow(hub, organisations, municipalities, 12)
    question = PolicyQuestion.objects.filter(hub=hub, status=QuestionStatus.ACCEPTED).first()
    url = reverse("questions:public_detail", args=[question.pk])
    client.get(url)
    with CaptureQueriesContext(connection) as ctx:
        client.get(url)
    assert len(ctx.captured_queries) <= 1
    list_url = reverse("questions:public_list")
    client.get(list_url)
    with CaptureQueriesContext(connection) as ctx:
        client.get(list_url)
    assert len(ctx.captured_queries) == 0
    submitted = PolicyQuestion.objects.filter(hub=hub, status=QuestionStatus.SUBMITTED).first()
    services.question_accept(user=coordinator(hub), question=submitted)
    assert submitted.title in client.get(list_url).content.decode()
