"""``manage.py generate_scale_data`` makes exactly the numbers asked for, and only once."""

from __future__ import annotations

from io import StringIO

from django.core.management import call_command
from django.core.management.base import CommandError

import pytest

from participatiehub.demo.builder import distribute, plan_path
from participatiehub.hubs.constants import TRANSITIONS, HubStatus
from participatiehub.hubs.models import Hub
from participatiehub.network.models import ContactPerson, Organisation, ParticipationBody

from .conftest import REGION_CODES

REGIONS = ",".join(REGION_CODES)


def generate(**options) -> str:
    options.setdefault("questions", 0)
    out = StringIO()
    call_command("generate_scale_data", stdout=out, regions=REGIONS, **options)
    return out.getvalue()


@pytest.mark.django_db
def test_exact_counts_with_many_to_many_rows(regions):
    output = generate(organisations=50, bodies=100, contacts=200)
    assert Hub.objects.count() == len(REGION_CODES)
    assert Organisation.objects.count() == 50
    assert ParticipationBody.objects.count() == 100
    assert ContactPerson.objects.count() == 200
    assert Organisation.municipalities.through.objects.count() >= 50
    assert ParticipationBody.municipalities.through.objects.count() >= 100
    for hub in Hub.objects.all():
        if hub.status in (HubStatus.DEVELOPING, HubStatus.OPERATIONAL):
            assert hub.coalition.count() >= 2 and hub.coalition.filter(is_lead=True).count() == 1
        assert hub.status_changes.order_by("changed_at", "id").last().to_status == hub.status
    assert "Klaar in" in output


@pytest.mark.django_db
def test_same_size_is_skipped_other_size_needs_reset(regions):
    generate(organisations=50, bodies=100, contacts=200)
    first = sorted(Organisation.objects.values_list("name", "kvk_number"))
    assert "Niets gedaan" in generate(organisations=50, bodies=100, contacts=200)
    with pytest.raises(CommandError, match="--reset"):
        generate(organisations=60, bodies=100, contacts=200)
    generate(organisations=60, bodies=90, contacts=10, reset=True)
    assert (Organisation.objects.count(), ParticipationBody.objects.count(), ContactPerson.objects.count()) == (
        60,
        90,
        10,
    )
    generate(organisations=50, bodies=100, contacts=200, reset=True)
    assert sorted(Organisation.objects.values_list("name", "kvk_number")) == first  # deterministic


@pytest.mark.django_db
def test_hubs_too_small_for_a_coalition_do_not_develop(regions):
    generate(organisations=3, bodies=0, contacts=0)
    assert Organisation.objects.count() == 3
    for hub in Hub.objects.all():
        if hub.organisations.count() < 2:
            assert hub.status not in (HubStatus.DEVELOPING, HubStatus.OPERATIONAL)


@pytest.mark.parametrize("total", [0, 1, 7, 50, 10_000])
def test_distribute_adds_up(total):
    weights = [2, 5, 28, 1]
    parts = distribute(total, weights)
    assert sum(parts) == total
    assert all(p >= 0 for p in parts)
    assert parts[2] == max(parts)


@pytest.mark.parametrize("final", [s.value for s in HubStatus])
def test_plan_path_follows_the_transitions(final):
    import random

    rng = random.Random(1)
    for _ in range(30):
        path = plan_path(final, rng)
        current = HubStatus.PREPARING
        for status in path:
            assert status in TRANSITIONS[current]
            current = status
        assert current == final


@pytest.mark.django_db
def test_questions_exact_count_with_consistent_statuses(regions):
    import datetime as dt

    from django.db.models import Count, Q

    from participatiehub.questions.constants import TRANSITIONS as Q_TRANSITIONS
    from participatiehub.questions.constants import QuestionStatus
    from participatiehub.questions.models import PolicyQuestion, QuestionStatusChange
    from participatiehub.trajectories.models import Advice, Feedback, Trajectory

    S = QuestionStatus
    output = generate(organisations=60, bodies=40, contacts=20, questions=400)
    assert PolicyQuestion.objects.count() == 400
    assert "Vraagstukken: 400" in output
    assert set(PolicyQuestion.objects.values_list("status", flat=True)) == set(S.values)
    questions = PolicyQuestion.objects.prefetch_related("status_changes").annotate(
        recs=Count("trajectory__advice__recommendations", distinct=True),
        answered=Count(
            "trajectory__advice__recommendations",
            filter=Q(trajectory__advice__recommendations__response__isnull=False),
            distinct=True,
        ),
    )
    trajectory_ids = set(Trajectory.objects.values_list("question_id", flat=True))
    advice_ids = set(
        Advice.objects.filter(delivered_at__isnull=False).values_list("trajectory__question_id", flat=True)
    )
    feedback_ids = set(
        Feedback.objects.filter(published_at__isnull=False).values_list("trajectory__question_id", flat=True)
    )
    for q in questions:
        changes = sorted(q.status_changes.all(), key=lambda c: (c.changed_at, c.id))
        assert changes[0].to_status == S.SUBMITTED and changes[0].from_status == ""
        assert changes[-1].to_status == q.status
        for before, after in zip(changes, changes[1:], strict=False):
            assert (before.to_status, after.to_status) in Q_TRANSITIONS and after.from_status == before.to_status
        assert changes[-1].changed_at.date() <= dt.date.today()
        later = q.status in (S.IN_PROGRESS, S.ADVICE_DELIVERED, S.ANSWERED, S.FEEDBACK_GIVEN, S.CLOSED)
        assert (q.pk in trajectory_ids) == later
        delivered = q.status in (S.ADVICE_DELIVERED, S.ANSWERED, S.FEEDBACK_GIVEN, S.CLOSED)
        assert (q.pk in advice_ids) == delivered
        if delivered:
            assert 2 <= q.recs <= 6
            assert (q.answered == q.recs) == (q.status != S.ADVICE_DELIVERED)
        assert (q.pk in feedback_ids) == (q.status in (S.FEEDBACK_GIVEN, S.CLOSED))
    assert QuestionStatusChange.objects.count() >= 2 * 400 - PolicyQuestion.objects.filter(status=S.SUBMITTED).count()
    # Same size: nothing happens; deterministic after a reset.
    first = sorted(PolicyQuestion.objects.values_list("title", "status"))
    assert "Niets gedaan" in generate(organisations=60, bodies=40, contacts=20, questions=400)
    generate(organisations=60, bodies=40, contacts=20, questions=400, reset=True)
    assert sorted(PolicyQuestion.objects.values_list("title", "status")) == first
