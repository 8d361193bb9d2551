"""Settings for the benchmark: the product settings with production defaults (DEBUG off), on loopback http.

Only the benchmark uses this module (``bench/run.sh`` puts ``bench/`` on PYTHONPATH). The URLs are
the product's plus one minimal view that measures the cost of Django and its middleware alone.
"""

import os

os.environ.setdefault("PH_ENV", "production")
os.environ.setdefault("DJANGO_SECRET_KEY", "bench-only-not-secret-0123456789-abcdefghijklmnopqrstuvwxyz")
os.environ.setdefault("PH_PSEUDONYM_KEY", "bench-only-not-secret-pseudonyms-0123456789-abcdefghijklmno")
os.environ.setdefault("DJANGO_ALLOWED_HOSTS", "127.0.0.1,localhost")
os.environ.setdefault("PH_SITE_URL", "http://127.0.0.1:8000")
# Plain http on loopback: no redirect to https, no HSTS.
os.environ.setdefault("DJANGO_SECURE_SSL_REDIRECT", "false")
os.environ.setdefault("DJANGO_HSTS_SECONDS", "0")
# All 16 load clients come from 127.0.0.1: the open data API's limit per address would answer 429.
os.environ.setdefault("PH_API_RATE_LIMIT", "10000000")
os.environ.setdefault(
    "PH_STATIC_ROOT", os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "var", "bench-static")
)

from participatiehub.settings import *  # noqa: E402, F403

DEBUG = False
ROOT_URLCONF = "bench_urls"
