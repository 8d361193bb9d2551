"""``manage.py monitoring_snapshot``: the last complete quarter by default, idempotent, Dutch output and errors."""

from __future__ import annotations

from io import StringIO

from django.core.management import CommandError, call_command

import pytest

from participatiehub.hubs.constants import HubStatus
from participatiehub.monitoring.models import Snapshot
from participatiehub.monitoring.periods import Quarter
from tests.factories import HubFactory

from . import factories as f


def run(*args) -> str:
    out = StringIO()
    call_command("monitoring_snapshot", *args, stdout=out)
    return out.getvalue()


def test_by_default_the_last_complete_quarter_and_again_nothing(db):
    hub = HubFactory()
    f.history(hub, (HubStatus.PREPARING, f.at(2024, 1, 2)))
    last = Quarter.last_complete()
    output = run()
    assert f"Kwartaal {last}: 1 momentopname(n) gemaakt; 0 hub(s) had(den) er al een" in output
    assert list(Snapshot.objects.values_list("hub_id", "period", "version")) == [(hub.pk, str(last), 1)]
    output = run()
    assert "0 momentopname(n) gemaakt; 1 hub(s) had(den) er al een" in output
    assert Snapshot.objects.count() == 1


def test_a_period_and_a_hub(scenario):
    output = run("--period", "2025-q1", "--hub", "busy")
    assert "Kwartaal 2025-Q1: 1 momentopname(n) gemaakt" in output
    assert list(Snapshot.objects.values_list("hub__slug", "period")) == [("busy", "2025-Q1")]
    output = run("--period", "2025-Q1")
    assert "1 momentopname(n) gemaakt; 1 hub(s) had(den) er al een; 2 hub(s) bestonden" in output


@pytest.mark.parametrize("period", ["2025Q1", "2025-Q5", "vorig kwartaal", "Q1-2025"])
def test_a_bad_period_is_refused_in_dutch(db, period):
    with pytest.raises(CommandError, match="is geen kwartaal.*bijvoorbeeld 2026-Q3"):
        run("--period", period)
    assert not Snapshot.objects.exists()


def test_an_unknown_hub_is_refused(db):
    with pytest.raises(CommandError, match="geen hub met de korte naam 'nergens'"):
        run("--period", "2025-Q1", "--hub", "nergens")


def test_the_current_quarter_is_refused_in_dutch(db):
    HubFactory()
    with pytest.raises(CommandError, match="is nog niet voorbij"):
        run("--period", str(Quarter.current()))
    assert not Snapshot.objects.exists()
