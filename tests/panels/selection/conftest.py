"""Test setup for the selection engine. No Django: the engine is pure Python + numpy + HiGHS."""

import os
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[3]
SRC = REPO / "src"
if str(SRC) not in sys.path:
    sys.path.insert(0, str(SRC))


def shared_sortition_dir() -> Path:
    base = os.environ.get("PARTICIPATIEHUB_SHARED_DATA") or str(REPO.parent / "shared" / "data")
    return Path(base) / "sortition"


def pytest_configure(config):
    config.addinivalue_line("markers", "slow: slower selection-engine tests (deselect with -m 'not slow')")


@pytest.fixture
def sortition_data():
    d = shared_sortition_dir()
    if not (d / "README.md").exists():
        pytest.skip(f"reference instances not found in {d}")
    return d
