"""deduce's word-list cache, built at set-up (scripts/warm_deduce.py), must hold in the application's time zone.

deduce compares its word lists' modification times with the cache's save time as naive local
times; the set-up runs in UTC, the application under Django in Europe/Amsterdam. Without the fix the
first redaction in every process rebuilt the cache (about a minute, a write into the installed package).
"""

from __future__ import annotations

import importlib.util
import os
from datetime import UTC, datetime, timedelta
from pathlib import Path

import deduce
from deduce.lookup_structs import validate_lookup_struct_cache

ROOT = Path(__file__).resolve().parents[2]


def warm_script():
    spec = importlib.util.spec_from_file_location("warm_deduce", ROOT / "scripts" / "warm_deduce.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_the_cache_made_at_set_up_is_valid_in_every_time_zone():
    warm = warm_script()
    lookup = warm.word_list_folder().parent
    cache_file = lookup / "cache" / "lookup_structs.pickle"
    assert cache_file.exists(), "make setup builds deduce's cache (scripts/warm_deduce.py)"
    saved_utc = datetime.fromtimestamp(cache_file.stat().st_mtime, tz=UTC).replace(tzinfo=None)
    # The save time as a clock 12 hours behind UTC shows it (the earliest local time anywhere),
    # against the files' times in this process's zone (Django's, 1-2 hours ahead of UTC).
    cache = {"deduce_version": deduce.__version__, "saved_datetime": str(saved_utc - timedelta(hours=12))}
    assert validate_lookup_struct_cache(cache, lookup, deduce.__version__)


def test_ageing_gives_every_word_list_the_fixed_old_time(tmp_path):
    warm = warm_script()
    (tmp_path / "names" / "first").mkdir(parents=True)
    (tmp_path / "names" / "first" / "items.txt").write_text("Jan\n")
    (tmp_path / "places.txt").write_text("Utrecht\n")
    assert warm.age_word_lists(tmp_path) == 5
    for path in [tmp_path, *tmp_path.rglob("*")]:
        assert os.stat(path).st_mtime == warm.WORD_LISTS_MTIME
