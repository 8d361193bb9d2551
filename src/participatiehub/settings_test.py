"""The test suite's settings: the same settings with the ``test`` defaults."""

import os

os.environ.setdefault("PH_ENV", "test")

from participatiehub.settings import *  # noqa: E402, F403
