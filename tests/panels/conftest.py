"""Pools need participants who consented: the consent texts, as in tests/participants."""

from tests.participants.conftest import _consent_texts  # noqa: F401
