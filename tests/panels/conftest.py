"""The consent texts come from a data migration; transactional tests (browser tests) flush the
database, so tests that need them put them back first."""

import importlib

import pytest


@pytest.fixture(autouse=True)
def _consent_texts(request):
    if request.node.get_closest_marker("django_db") is None and "db" not in request.fixturenames:
        yield
        return
    request.getfixturevalue("db")
    from django.apps import apps

    migration = importlib.import_module("participatiehub.panels.migrations.0002_initial_consent_texts")
    migration.add_texts(apps, None)
    yield
