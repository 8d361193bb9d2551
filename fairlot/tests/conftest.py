"""Test setup for the selection engine. No Django: the engine is pure Python + numpy + HiGHS."""

import os
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]  # the Participatiehub repository holding fairlot/


def shared_sortition_dir() -> Path:
    """The benchmark instances live outside the repository: PH_SHARED_DATA/sortition (settings.SHARED_DATA_DIR)."""
    base = os.environ.get("PH_SHARED_DATA") or os.environ.get("PARTICIPATIEHUB_SHARED_DATA")
    return Path(base or REPO.parent / "shared" / "data") / "sortition"


def pytest_configure(config):
    config.addinivalue_line("markers", "slow: slower selection-engine tests (deselect with -m 'not slow')")


@pytest.fixture
def sortition_data():
    d = shared_sortition_dir()
    if not (d / "README.md").exists():
        pytest.skip(
            f"sortition benchmark instances not found in {d} (set PH_SHARED_DATA to the folder holding sortition/)"
        )
    return d
