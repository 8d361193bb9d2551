"""Fixtures for the geo tests: the shipped reference data, and editable copies of it."""

from __future__ import annotations

import shutil
from pathlib import Path

from django.conf import settings

import pytest

from participatiehub.geo.services import regions_import


@pytest.fixture(scope="session")
def regions_dir() -> Path:
    """The regions data shipped in the package (settings.PH_REGIONS_DIR)."""
    return Path(settings.PH_REGIONS_DIR)


@pytest.fixture
def regions_copy(regions_dir, tmp_path) -> Path:
    """A writable copy of the reference files in tmp_path (never inside the repository)."""
    target = tmp_path / "regions"
    target.mkdir()
    for file in regions_dir.iterdir():
        if file.suffix in (".csv", ".geojson"):
            shutil.copyfile(file, target / file.name)
    return target


@pytest.fixture
def imported(db, regions_dir):
    """The real reference data, imported for 2025."""
    return regions_import(path=regions_dir, year=2025)


@pytest.fixture(autouse=True)
def _english():
    """Messages are asserted in English (the source language), whatever the order tests run in."""
    from django.utils import translation

    with translation.override("en"):
        yield
