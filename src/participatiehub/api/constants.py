"""Fixed values of the open data API (docs/api.md)."""

#: The full version of the API (major.minor.patch), sent in the ``API-Version`` header of every response.
API_VERSION = "1.0.0"
#: The base path: the major version is part of the address.
BASE_PATH = "/api/v1"
VERSION_HEADER = "API-Version"

PROBLEM_JSON = "application/problem+json"
JSON_LD = "application/ld+json"
OPENAPI_JSON = "application/vnd.oai.openapi+json"

#: Pages: ``pageSize`` rows (default and largest), ``page`` counted from 1.
PAGE_SIZE = 20
MAX_PAGE_SIZE = 100
MAX_PAGE = 100_000

#: Seconds a built response stays in the cache; its key holds the versions of the data it shows, so
#: a change shows at once (ADR 0004). The time only limits how long unused entries take space.
CACHE_SECONDS = 3600
#: What clients and shared caches may keep before they ask again (with If-None-Match).
CLIENT_MAX_AGE = 60

#: Rate limit window in seconds (the number of requests is the setting PH_API_RATE_LIMIT).
RATE_WINDOW = 60
RATE_SCOPE = "api"

#: Methods the API answers; every other one gets 405.
SAFE_METHODS = ("GET", "HEAD", "OPTIONS")
#: Headers a browser script may read (CORS).
EXPOSED_HEADERS = ("API-Version", "ETag", "Retry-After")
