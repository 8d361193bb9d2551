"""The demo and scale-data tests use the regions of the link crawl in tests/core (one fixture, not a copy)."""

from tests.core.conftest import REGION_CODES, regions  # noqa: F401
