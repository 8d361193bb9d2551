"""Figures only from 5 answers: ``item_shares`` (monitoring's interface), the hub overview and one trajectory."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

import pytest

from participatiehub.experience import selectors
from participatiehub.experience.constants import ITEM_CODES, MIN_RESPONSES, Answer
from tests.factories import HubFactory
from tests.trajectories.factories import TrajectoryFactory

from .factories import InvitationFactory, ResponseFactory, responses

pytestmark = pytest.mark.django_db

TZ = timezone.get_default_timezone()


def midnight(y, m, d):
    return dt.datetime(y, m, d, tzinfo=TZ)


def test_item_shares_only_hubs_with_at_least_five_answers():
    shown, hidden = TrajectoryFactory(), TrajectoryFactory()
    day = midnight(2026, 5, 10)
    responses(shown, 3, submitted_at=day)  # heard: agree; see_result: disagree
    ResponseFactory(trajectory=shown, submitted_at=day, heard=Answer.DISAGREE, see_result=Answer.DONT_KNOW)
    ResponseFactory(trajectory=shown, submitted_at=day, heard=Answer.DONT_KNOW, see_result=Answer.DONT_KNOW)
    responses(hidden, MIN_RESPONSES - 1, submitted_at=day)
    with CaptureQueriesContext(connection) as queries:
        shares = selectors.item_shares(midnight(2026, 4, 1), midnight(2026, 7, 1))
    assert len(queries) == 1
    assert set(shares) == {shown.hub_id}
    hub = shares[shown.hub_id]
    assert hub["heard"] == (Decimal("75.0"), 4)  # 3 of 4 with an opinion
    assert hub["clear"] == (Decimal("100.0"), 5)
    assert hub["diverse"] == (Decimal("0.0"), 5)  # neutral is not positive
    assert hub["see_result"] == (Decimal("0.0"), 3)  # two said "don't know": not counted


def test_item_shares_left_out_item_when_nobody_had_an_opinion():
    trajectory = TrajectoryFactory()
    responses(trajectory, 5, submitted_at=midnight(2026, 5, 10), again=Answer.DONT_KNOW)
    shares = selectors.item_shares(midnight(2026, 1, 1), midnight(2027, 1, 1))[trajectory.hub_id]
    assert "again" not in shares
    assert shares["heard"] == (Decimal("100.0"), 5)


def test_item_shares_window_is_start_inclusive_end_exclusive():
    trajectory = TrajectoryFactory()
    responses(trajectory, 5, submitted_at=midnight(2026, 4, 1))
    responses(trajectory, 5, submitted_at=midnight(2026, 7, 1))
    q2 = selectors.item_shares(midnight(2026, 4, 1), midnight(2026, 7, 1))
    assert q2[trajectory.hub_id]["heard"][1] == 5
    assert selectors.item_shares(midnight(2026, 4, 2), midnight(2026, 7, 1)) == {}


def test_item_shares_rounds_to_one_decimal():
    trajectory = TrajectoryFactory()
    responses(trajectory, 2, heard=Answer.AGREE)
    responses(trajectory, 4, heard=Answer.DISAGREE)
    now = timezone.now()
    shares = selectors.item_shares(now - dt.timedelta(days=2), now + dt.timedelta(days=1))
    assert shares[trajectory.hub_id]["heard"] == (Decimal("33.3"), 6)


def test_item_shares_queries_do_not_grow_with_hubs():
    now = timezone.now()
    for _ in range(2):
        responses(TrajectoryFactory(), 5)
    with CaptureQueriesContext(connection) as few:
        assert len(selectors.item_shares(now - dt.timedelta(days=2), now + dt.timedelta(days=1))) == 2
    for _ in range(8):
        responses(TrajectoryFactory(), 5)
    with CaptureQueriesContext(connection) as many:
        assert len(selectors.item_shares(now - dt.timedelta(days=2), now + dt.timedelta(days=1))) == 10
    assert len(many) == len(few) == 1


def test_hub_overview_leaves_small_trajectories_out_of_the_hub_figures():
    hub = HubFactory()
    big, small = TrajectoryFactory(question__hub=hub), TrajectoryFactory(question__hub=hub)
    for trajectory, n in ((big, 6), (small, 2)):
        for _ in range(n + 1):
            InvitationFactory(trajectory=trajectory)
        responses(trajectory, n)
    overview = selectors.hub_overview(hub)
    assert overview.figures.shown and overview.figures.responses == 6
    assert overview.not_counted == 2
    rows = {row.trajectory: row for row in overview.rows}
    assert rows[big].invited == 7 and rows[big].figures.shown
    assert rows[small].figures.responses == 2 and not rows[small].figures.shown and rows[small].figures.items == []
    assert selectors.hub_overview(HubFactory()) is None


def test_hub_overview_hidden_below_five():
    hub = HubFactory()
    a, b = TrajectoryFactory(question__hub=hub), TrajectoryFactory(question__hub=hub)
    responses(a, 3)
    responses(b, 3)
    overview = selectors.hub_overview(hub)
    assert not overview.figures.shown and overview.figures.items == []
    assert overview.not_counted == 6


def test_hub_overview_queries_are_flat():
    hub = HubFactory()

    def add(n):
        for _ in range(n):
            trajectory = TrajectoryFactory(question__hub=hub)
            InvitationFactory(trajectory=trajectory)
            responses(trajectory, 5)

    add(2)
    with CaptureQueriesContext(connection) as few:
        assert len(selectors.hub_overview(hub).rows) == 2
    add(10)
    with CaptureQueriesContext(connection) as many:
        assert len(selectors.hub_overview(hub).rows) == 12
    assert len(many) == len(few) == 3


def test_trajectory_results_comments_only_from_five_and_only_when_asked():
    trajectory = TrajectoryFactory()
    responses(trajectory, 4, comment="Zeer goed")
    results = selectors.trajectory_results(trajectory, with_comments=True)
    assert not results.figures.shown and results.comments == [] and results.distribution == []
    ResponseFactory(trajectory=trajectory, comment="Aardig", heard=Answer.DONT_KNOW)
    results = selectors.trajectory_results(trajectory, with_comments=True)
    assert results.figures.shown
    assert results.comments == ["Aardig", "Zeer goed", "Zeer goed", "Zeer goed", "Zeer goed"]  # alphabetical
    item, heard = results.distribution[0]
    assert item.code == "heard"
    assert dict(heard)["Agree"] == 4 and dict(heard)["I don't know"] == 1
    assert [item.code for item in results.figures.items] == ITEM_CODES
    assert selectors.trajectory_results(trajectory, with_comments=False).comments == []


def test_invitation_for_token():
    invitation = InvitationFactory()
    assert selectors.invitation_for_token(invitation.token) == invitation
    assert selectors.invitation_for_token("nope") is None
    assert selectors.invitation_for_token("") is None
    assert selectors.invitation_for_token("x" * 1000) is None


def test_waiting_invitations_and_the_links_end_are_counted():
    hub = HubFactory()
    trajectory = TrajectoryFactory(question__hub=hub)
    sent = InvitationFactory(trajectory=trajectory)
    later = timezone.now() + dt.timedelta(days=2)
    InvitationFactory(trajectory=trajectory, sent_at=None, expires_at=None, send_after=later)
    InvitationFactory(trajectory=trajectory, sent_at=None, expires_at=None, send_after=later, cancelled=True)
    row = selectors.hub_overview(hub).rows[0]
    assert (row.invited, row.waiting, row.sends_on, row.open_until) == (1, 1, later, sent.expires_at)
    results = selectors.trajectory_results(trajectory, with_comments=False)
    assert (results.invited, results.waiting, results.sends_on) == (1, 1, later)
