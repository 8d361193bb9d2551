"""Build deduce's lookup structures once, at install time.

deduce (the Dutch de-identification library the redaction uses) builds its word lists into a cache
inside its own package on first use; that takes about a minute. Doing it here keeps the first
report, export or test from paying for it. Running it again is cheap (it loads the cache).

deduce trusts its cache while no word-list file is newer than the cache's save time, and it
compares the two as naive local times. This script runs in UTC; the application and the tests run
under Django, which sets the process's time zone to Europe/Amsterdam, so there the files installed
a minute before the cache look an hour newer than it, and deduce rebuilt the cache (a minute, and a
write into the installed package) in the first process that redacted anything. The word lists
never change after installation, so their modification times are set back to a fixed date first:
then the cache is valid in every time zone.
"""

import logging
import os
import time
from pathlib import Path

import deduce
from deduce import Deduce

#: 1 January 2000, 00:00 UTC: older than any cache, in any time zone.
WORD_LISTS_MTIME = 946684800


def word_list_folder() -> Path:
    return Path(deduce.__file__).resolve().parent / "data" / "lookup" / "src"


def age_word_lists(folder: Path) -> int:
    """Give every file and folder under ``folder`` the fixed old modification time; return how many."""
    paths = [folder, *folder.rglob("*")]
    for path in paths:
        os.utime(path, (WORD_LISTS_MTIME, WORD_LISTS_MTIME))
    return len(paths)


if __name__ == "__main__":
    logging.basicConfig(level=logging.WARNING)
    start = time.monotonic()
    age_word_lists(word_list_folder())
    Deduce()
    print(f"deduce lookup structures ready in {time.monotonic() - start:.0f} s")
