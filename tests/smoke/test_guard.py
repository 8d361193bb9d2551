"""The smoke test may skip for a missing service only outside CI."""

import pytest

from tests.smoke.test_production import _unavailable


def test_a_missing_service_skips_outside_ci(monkeypatch):
    monkeypatch.delenv("CI", raising=False)
    with pytest.raises(pytest.skip.Exception, match="Redis is not reachable"):
        _unavailable("Redis", ConnectionRefusedError("refused"))


def test_a_missing_service_fails_in_ci(monkeypatch):
    monkeypatch.setenv("CI", "true")
    with pytest.raises(pytest.fail.Exception, match="CI=true"):
        _unavailable("PostgreSQL", ConnectionRefusedError("refused"))
