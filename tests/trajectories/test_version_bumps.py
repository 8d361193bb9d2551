"""A trajectory service bumps the "questions" data version; a read-only helper does not.

The full list of which services bump is in ``tests/questions/test_version_bumps.py``.
"""

from __future__ import annotations

import pytest

from participatiehub.core.services import data_version
from participatiehub.trajectories import services

from .helpers import started

pytestmark = pytest.mark.django_db


def test_starting_a_trajectory_bumps_the_questions_version(question, coordinator_user):
    before = data_version("questions")
    started(question, coordinator_user)
    assert data_version("questions") != before


def test_parsing_participants_does_not_bump_the_version():
    before = data_version("questions")
    assert services.participants_parse("Anna, anna@example.nl") == [("Anna", "anna@example.nl")]
    assert data_version("questions") == before
