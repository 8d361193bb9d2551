"""The consent texts come from a data migration; transactional tests (browser tests) flush the
database, so tests that need them put them back first (tests/panels uses this fixture too)."""

import importlib

import pytest


@pytest.fixture(autouse=True)
def _consent_texts(request):
    if request.node.get_closest_marker("django_db") is None and "db" not in request.fixturenames:
        yield
        return
    request.getfixturevalue("db")
    from participatiehub.participants.models import ConsentText

    # The texts of the historical migration (it still names the app panels, where the model was then).
    migration = importlib.import_module("participatiehub.panels.migrations.0002_initial_consent_texts")
    for purpose, text in migration.TEXTS.items():
        ConsentText.objects.get_or_create(
            purpose=purpose, version=1, defaults={"text": text, "valid_from": migration.VALID_FROM}
        )
    yield
