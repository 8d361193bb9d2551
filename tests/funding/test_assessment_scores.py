"""The weighted score (property tests over random weights and reports), the anonymous letters, and
the committee table's flat number of queries (10 vs 50 applications)."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

import pytest
from hypothesis import given
from hypothesis import strategies as st

from participatiehub.funding import selectors_assessment as reads
from participatiehub.funding.constants import DEFAULT_PROCEDURE, ApplicationStatus, AssignmentRole, RankingAdvice
from participatiehub.funding.models import CommitteeRanking, Rebuttal, RefereeAssignment, Score
from tests.factories import HubFactory

from .assessment_factories import assessed_call, committee_member, referee
from .factories import ApplicationFactory, BudgetLineFactory

A = ApplicationStatus

weights = st.decimals(min_value=Decimal("0.01"), max_value=Decimal("999.99"), places=2)


@st.composite
def weights_and_reports(draw):
    n = draw(st.integers(min_value=1, max_value=6))
    criterion_weights = {c: draw(weights) for c in range(1, n + 1)}
    reports = draw(
        st.lists(
            st.fixed_dictionaries({c: st.integers(min_value=1, max_value=9) for c in criterion_weights}), max_size=6
        )
    )
    return criterion_weights, reports


def _expected(criterion_weights, reports) -> Decimal | None:
    """The definition, written out once more: per report Σ w·s / Σ w, then the plain mean."""
    if not reports:
        return None
    total_weight = sum(Fraction(w) for w in criterion_weights.values())
    per_report = [sum(Fraction(criterion_weights[c]) * s for c, s in r.items()) / total_weight for r in reports]
    mean = sum(per_report, Fraction(0)) / len(per_report)
    return (Decimal(mean.numerator) / Decimal(mean.denominator)).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


@given(weights_and_reports())
def test_the_weighted_score_is_the_mean_of_the_weighted_reports(data):
    criterion_weights, reports = data
    assert reads.weighted_score(reports, criterion_weights) == _expected(criterion_weights, reports)


@given(weights_and_reports(), st.integers(min_value=2, max_value=50))
def test_scaling_every_weight_changes_nothing(data, factor):
    criterion_weights, reports = data
    scaled = {c: w * factor for c, w in criterion_weights.items()}
    assert reads.weighted_fraction(reports, scaled) == reads.weighted_fraction(reports, criterion_weights)


@given(weights_and_reports())
def test_the_weighted_score_lies_between_the_lowest_and_highest_score(data):
    criterion_weights, reports = data
    exact = reads.weighted_fraction(reports, criterion_weights)
    if not reports:
        assert exact is None
        return
    values = [s for r in reports for s in r.values()]
    assert min(values) <= exact <= max(values)


@given(weights_and_reports(), st.integers(min_value=1, max_value=9))
def test_equal_scores_give_that_score_whatever_the_weights(data, value):
    criterion_weights, reports = data
    same = [dict.fromkeys(criterion_weights, value) for _ in range(max(1, len(reports)))]
    assert reads.weighted_score(same, criterion_weights) == Decimal(value).quantize(Decimal("0.01"))


def test_a_heavier_criterion_pulls_harder():
    reports = [{1: 9, 2: 1}]
    assert reads.weighted_score(reports, {1: Decimal(1), 2: Decimal(1)}) == Decimal("5.00")
    assert reads.weighted_score(reports, {1: Decimal(3), 2: Decimal(1)}) == Decimal("7.00")
    assert reads.weighted_score(reports, {1: Decimal("0.5"), 2: Decimal(1)}) == Decimal("3.67")


def test_referee_letters():
    assert [reads.referee_label(i) for i in (0, 1, 25, 26, 27)] == [
        "Referee A",
        "Referee B",
        "Referee Z",
        "Referee AA",
        "Referee AB",
    ]


# --- the committee table: a flat number of queries ------------------------------------------------


def _committee_applications(call, n: int, members) -> None:
    criteria = list(call.criteria.all())
    now = timezone.now()
    for i in range(n):
        application = ApplicationFactory(
            call=call, hub=HubFactory(), status=A.COMMITTEE, procedure=list(DEFAULT_PROCEDURE)
        )
        BudgetLineFactory(application=application)
        for _ in range(2):
            assignment = RefereeAssignment.objects.create(
                application=application,
                user=referee(),
                role=AssignmentRole.REFEREE,
                invited_at=now,
                declared_at=now,
                report="Rapport",
                report_submitted_at=now,
            )
            Score.objects.bulk_create(
                Score(assignment=assignment, criterion=c, value=5 + i % 4, motivation="m") for c in criteria
            )
        RefereeAssignment.objects.create(
            application=application,
            user=referee(),
            role=AssignmentRole.REFEREE,
            invited_at=now,
            declared_at=now,
            declared_conflict=True,
        )
        for member in members:
            RefereeAssignment.objects.create(
                application=application, user=member, role=AssignmentRole.COMMITTEE, invited_at=now, declared_at=now
            )
        Rebuttal.objects.create(application=application, text="Wederhoor", submitted_at=now)
        if i % 2:
            CommitteeRanking.objects.create(
                call=call, application=application, rank=i + 1, advice=RankingAdvice.AWARD, ranked_at=now
            )


def _count(client, url) -> tuple[int, str]:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries), response.content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize("who", ["office", "committee"])
def test_the_committee_table_keeps_a_flat_number_of_queries(client, office, who):
    call = assessed_call()
    member = committee_member()
    client.force_login(office if who == "office" else member)
    url = reverse("funding:assessment_committee", args=[call.slug])
    _committee_applications(call, 10, [member])
    ten, page = _count(client, url)
    assert page.count('name="a') >= 5 * 3  # the rank forms of the unranked applications
    _committee_applications(call, 40, [member])
    fifty, page = _count(client, url)
    assert "50 applications" in page
    assert fifty == ten
    assert ten <= 15


@pytest.mark.django_db
def test_the_office_overview_keeps_a_flat_number_of_queries(client, office):
    call = assessed_call()
    client.force_login(office)
    url = reverse("funding:assessment_office_call", args=[call.slug])
    _committee_applications(call, 10, [])
    ten, _page = _count(client, url)
    _committee_applications(call, 40, [])
    fifty, page = _count(client, url)
    assert "50 applications" in page
    assert fifty == ten
