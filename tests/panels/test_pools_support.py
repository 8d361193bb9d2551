"""Fixtures and helpers for the pools, selection, allowance and representativeness tests (no tests here)."""

from __future__ import annotations

import pytest

from participatiehub.panels.models import Pool, PoolMember, Quota
from participatiehub.participants.constants import ConsentPurpose
from participatiehub.participants.models import Consent, ConsentText, Participant
from tests.factories import HubFactory, coordinator

NAMES = ["Ans", "Bram", "Cor", "Dini", "Eef", "Fenna", "Gert", "Hanna", "Ids", "Joke", "Kees", "Lotte"]


@pytest.fixture(autouse=True)
def _english(english):
    """Assertions read the English source strings (``english`` in tests/conftest.py)."""


@pytest.fixture
def hub(db):
    return HubFactory(slug="pool-hub", name="Hub met pools")


@pytest.fixture
def other_hub(db):
    return HubFactory(slug="andere-hub")


@pytest.fixture
def coord(hub):
    return coordinator(hub)


@pytest.fixture
def coord_client(client, coord):
    client.force_login(coord)
    return client


def make_participant(hub, *, name: str, attributes: dict, household: str = "", consent: bool = True) -> Participant:
    participant = Participant.objects.create(
        hub=hub, display_name=name, attributes=attributes, household_code=household
    )
    if consent:
        text = ConsentText.objects.filter(purpose=ConsentPurpose.PANEL).order_by("-version").first()
        if text is None:
            import datetime as dt

            text = ConsentText.objects.create(
                purpose=ConsentPurpose.PANEL, version=1, text="x", valid_from=dt.date(2025, 1, 1)
            )
        Consent.objects.create(participant=participant, purpose=ConsentPurpose.PANEL, text=text)
    return participant


def small_pool(hub, *, seats: int = 4, size: int = 8, quotas: bool = True, household: bool = False) -> Pool:
    """size people, half women/half men, alternating age bands; quotas 2 women, 2 men (seats=4)."""
    pool = Pool.objects.create(
        hub=hub,
        name="Burgerpanel zorg",
        panel_size=seats,
        categories=["gender", "age_band"],
        one_per_household=household,
    )
    for i in range(size):
        p = make_participant(
            hub,
            name=f"{NAMES[i % len(NAMES)]} Jansen{i}",
            attributes={"gender": "woman" if i % 2 == 0 else "man", "age_band": "25-34" if i % 4 < 2 else "65-74"},
            household=f"H{i // 2}" if household else "",
        )
        PoolMember.objects.create(pool=pool, participant=p)
    if quotas:
        half = seats // 2
        Quota.objects.bulk_create(
            [
                Quota(pool=pool, category="gender", value="woman", minimum=half, maximum=half),
                Quota(pool=pool, category="gender", value="man", minimum=seats - half, maximum=seats - half),
                Quota(pool=pool, category="age_band", value="25-34", minimum=1, maximum=seats),
                Quota(pool=pool, category="age_band", value="65-74", minimum=1, maximum=seats),
            ]
        )
    return pool


@pytest.fixture
def lottery(run_tasks):
    """Start a selection on a pool and run it through the database task worker, as production does."""
    from participatiehub.panels import services
    from participatiehub.panels.tasks import run_selection

    def run(pool, actor, *, seed: str = "2025 Lotto 4 8 15", panel_count: int = 50, **kwargs):
        selection = services.selection_start(pool=pool, actor=actor, seed=seed, panel_count=panel_count, **kwargs)
        run_selection.enqueue(selection.pk)  # selection_start queues after commit; a test never commits
        run_tasks()
        selection.refresh_from_db()
        return selection

    return run
