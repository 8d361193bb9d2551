"""Build deduce's lookup structures once, at install time.

deduce (the Dutch de-identification library the redaction uses) builds its word lists into a cache
inside its own package on first use; that takes about a minute. Doing it here keeps the first
report, export or test from paying for it. Running it again is cheap (it loads the cache).
"""

import logging
import time

from deduce import Deduce

logging.basicConfig(level=logging.WARNING)
start = time.monotonic()
Deduce()
print(f"deduce lookup structures ready in {time.monotonic() - start:.0f} s")
