"""The API against its own schema (schemathesis, in-process through the WSGI application): no server
errors and no schema violations, with every default check (status codes, content types, headers, response
bodies, positive data accepted, negative data refused with 4xx, unsupported methods refused with 405).

The data: the small world of tests/api/factories.py (every resource has rows). Bounded examples keep the
run well under a minute."""

from __future__ import annotations

import json
from pathlib import Path

from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections

import pytest
import schemathesis
from hypothesis import HealthCheck, settings

from .factories import world

pytestmark = [pytest.mark.django_db, pytest.mark.slow]


SCHEMA_FILE = Path(__file__).resolve().parents[2] / "docs" / "api" / "openapi.json"

schema = schemathesis.openapi.from_dict(json.loads(SCHEMA_FILE.read_text(encoding="utf-8")))
schema.app = get_wsgi_application()


@pytest.fixture
def _keep_connection():
    """The WSGI application closes the database connection after each request (as in production); the
    test's transaction needs it open, as Django's own test client arranges."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.fixture
def api_world(db, settings, _keep_connection):
    # Many requests from the one test client address within a minute: the limit stays on, set high enough
    # for this run (test_limits.py checks the 429 itself).
    settings.PH_API_RATE_LIMIT = 100_000
    return world(3)


@schema.parametrize()
@settings(max_examples=30, deadline=None, suppress_health_check=list(HealthCheck))
def test_api_conforms_to_its_schema(case, api_world):
    case.call_and_validate()
