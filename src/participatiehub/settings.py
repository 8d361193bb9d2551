"""Settings for Participatiehub.

Development, CI and production differ only in defaults: every value that
changes between them is read from the environment through ``conf.env``.
``PH_ENV`` picks the defaults: ``development`` (the demo), ``test`` or
``production`` (strict: secrets and hosts must be given).
"""

from __future__ import annotations

from pathlib import Path

from django.utils.translation import gettext_lazy as _

import dj_database_url

from participatiehub.conf.env import MissingSetting, env_bool, env_int, env_list, env_str

BASE_DIR = Path(__file__).resolve().parent  # src/participatiehub
REPO_DIR = BASE_DIR.parent.parent

PH_ENV = env_str("PH_ENV", "development", help="development, test or production: chooses the defaults.")
PRODUCTION = PH_ENV == "production"

SECRET_KEY = env_str(
    "DJANGO_SECRET_KEY",
    "" if PRODUCTION else "dev-only-insecure-key-change-me-0123456789abcdefghijklmnop",
    help="Secret key for signing; required in production.",
    required=PRODUCTION,
)
PH_PSEUDONYM_KEY = env_str(
    "PH_PSEUDONYM_KEY",
    "" if PRODUCTION else "dev-only-pseudonym-key-change-me-0123456789abcdefghij",
    help="Key of the persons' pseudonyms in the evaluator export; not the secret key, so rotating that one "
    "leaves them alone, while a new value here gives everyone new pseudonyms (docs/adr/0007); required in "
    "production.",
    required=PRODUCTION,
)
DEBUG = env_bool("DJANGO_DEBUG", PH_ENV == "development", help="Show debug pages.")
ALLOWED_HOSTS = env_list(
    "DJANGO_ALLOWED_HOSTS",
    [] if PRODUCTION else ["127.0.0.1", "localhost", "testserver"],
    help="Comma-separated host names this site answers to; required in production.",
    required=PRODUCTION,
)
CSRF_TRUSTED_ORIGINS = env_list(
    "DJANGO_CSRF_TRUSTED_ORIGINS", [], help="Comma-separated origins (https://...) trusted for CSRF."
)

PH_SITE_URL = env_str(
    "PH_SITE_URL",
    "" if PRODUCTION else "http://127.0.0.1:8000",
    help="The site's public address, used for links in e-mails and letters (for example "
    "https://participatiehub.nl); required in production.",
    required=PRODUCTION,
)
PH_SITE_NAME = env_str("PH_SITE_NAME", "Participatiehub", help="The site's name in page titles and e-mails.")

PH_REGIONS_DIR = Path(
    env_str(
        "PH_REGIONS_DIR",
        str(BASE_DIR / "geo" / "data"),
        help="Folder with the regions data import_regions reads (default: the CBS files shipped in geo/data).",
    )
)
SHARED_DATA_DIR = Path(
    env_str(
        "PH_SHARED_DATA",
        str(REPO_DIR.parent / "shared" / "data"),
        help="Folder outside the repository with the sortition benchmark instances (sortition/); optional.",
    )
)

INSTALLED_APPS = [
    "participatiehub.core",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "rules.apps.AutodiscoverRulesConfig",
    "django_htmx",
    "rest_framework",
    "drf_spectacular",
    "django_tasks",
    "django_tasks_db",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "participatiehub.audit",
    "participatiehub.geo",
    "participatiehub.accounts",
    "participatiehub.hubs",
    "participatiehub.network",
    "participatiehub.questions",
    "participatiehub.trajectories",
    "participatiehub.participants",
    "participatiehub.panels",
    "participatiehub.funding",
    "participatiehub.scans",
    "participatiehub.experience",
    "participatiehub.learning",
    "participatiehub.monitoring",
    "participatiehub.redaction",
    "participatiehub.reports",
    "participatiehub.evaluation",
    "participatiehub.api",
    "participatiehub.demo",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "participatiehub.core.middleware.SecurityHeadersMiddleware",
    "participatiehub.api.middleware.ApiMiddleware",  # /api/v1: version header, CORS, limits, problem+json
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "participatiehub.core.db_busy.DatabaseBusyMiddleware",  # outside the session middleware: a 503, not a 500
    "django.contrib.sessions.middleware.SessionMiddleware",
    "participatiehub.core.middleware.DutchFirstMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "participatiehub.core.middleware.PrivatePagesMiddleware",
    "participatiehub.accounts.middleware.StaffIdleTimeoutMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "participatiehub.accounts.middleware.StaffMfaMiddleware",
]

ROOT_URLCONF = "participatiehub.urls"
WSGI_APPLICATION = "participatiehub.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "participatiehub.core.context_processors.site",
                "participatiehub.accounts.context_processors.roles",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.parse(
        env_str(
            "DATABASE_URL",
            f"sqlite:///{REPO_DIR / 'var' / 'participatiehub.sqlite3'}",
            help="Database URL: sqlite:///path (default) or postgres://user@host:port/name.",
        ),
        conn_max_age=env_int("DB_CONN_MAX_AGE", 60 if PRODUCTION else 0, help="Seconds to keep DB connections."),
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Several writers at once (web threads or processes and the task worker): WAL lets readers go on
    # while one writes; IMMEDIATE takes the write lock when a transaction starts, so a second writer
    # waits (up to the busy timeout) instead of failing at once with "database is locked" when its
    # read turns into a write. The last resort is a 503 page (core.db_busy), never a traceback.
    DATABASES["default"].setdefault("OPTIONS", {})
    DATABASES["default"]["OPTIONS"].update(
        {
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
            "transaction_mode": "IMMEDIATE",
            "timeout": env_int("PH_SQLITE_BUSY_SECONDS", 20, help="SQLite: seconds a writer waits for another."),
        }
    )
    DATABASES["default"]["TEST"] = {
        # A file, not memory: the browser tests' live server, its task worker and the test then each have
        # their own connection, as web processes and workers do in production.
        "NAME": env_str(
            "PH_TEST_SQLITE",
            str(REPO_DIR / "var" / "test-participatiehub.sqlite3"),
            help="SQLite test database file (blank: in memory).",
        )
        or None
    }

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "accounts.User"

AUTHENTICATION_BACKENDS = [
    "rules.permissions.ObjectPermissionBackend",
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 12}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# --- Log-in (django-allauth) ---------------------------------------------------------------
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_EMAIL_VERIFICATION = "optional"
ACCOUNT_LOGIN_BY_CODE_ENABLED = True
ACCOUNT_LOGIN_BY_CODE_MAX_ATTEMPTS = 3
ACCOUNT_SIGNUP_ENABLED = False  # staff are invited; residents sign up with a letter code (panels)
ACCOUNT_LOGOUT_ON_GET = False
ACCOUNT_EMAIL_SUBJECT_PREFIX = f"{PH_SITE_NAME}: "  # not the request's host name (allauth's default)
# allauth calls the "login" limit without a key: a "/key" part there raises ImproperlyConfigured on
# every password log-in. Per-account limits belong on "login_failed" (its key is the e-mail address).
ACCOUNT_RATE_LIMITS = {
    "login": "30/m/ip",
    "login_failed": "10/m/ip,5/5m/key",
    "confirm_email": "1/3m/key",
    "reset_password": "20/m/ip,5/m/key",
}
ACCOUNT_ADAPTER = "participatiehub.accounts.adapters.AccountAdapter"
LOGIN_REDIRECT_URL = "hubs:overview"
LOGIN_URL = "account_login"
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_TOTP_ISSUER = "Participatiehub"
PH_STAFF_MFA_REQUIRED = env_bool(
    "PH_STAFF_MFA_REQUIRED",
    PRODUCTION,
    help="Require TOTP for staff roles (programme office, coordinators, evaluators, admins).",
)
PH_TRUSTED_PROXIES = env_int(
    "PH_TRUSTED_PROXIES",
    0,
    help="Number of reverse proxies of our own in front of the app. The client address is then the n-th "
    "address from the right in X-Forwarded-For; 0 = ignore that header (see docs/operations.md).",
)
PH_SIGNUP_CODE_TRIES = env_int(
    "PH_SIGNUP_CODE_TRIES", 10, help="Wrong sign-up codes allowed per address and per session within the window."
)
PH_SIGNUP_CODE_TRIES_PER_CODE = env_int(
    "PH_SIGNUP_CODE_TRIES_PER_CODE", 5, help="Tries of one and the same wrong sign-up code (from any address)."
)
PH_SIGNUP_CODE_WINDOW = env_int("PH_SIGNUP_CODE_WINDOW", 600, help="Window of the sign-up code limits, in seconds.")

# --- Internationalisation ------------------------------------------------------------------
LANGUAGE_CODE = "nl"
LANGUAGES = [("nl", _("Dutch")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
FORMAT_MODULE_PATH = "participatiehub.formats"  # one date format on every page (formats/)
TIME_ZONE = "Europe/Amsterdam"
USE_I18N = True
USE_TZ = True

# --- Static files --------------------------------------------------------------------------
STATIC_URL = "static/"
STATIC_ROOT = Path(env_str("PH_STATIC_ROOT", str(REPO_DIR / "var" / "static"), help="Where collectstatic writes."))
STATICFILES_DIRS = [BASE_DIR / "static", REPO_DIR / "var" / "vendor"]
PRIVATE_ROOT = Path(
    env_str(
        "PH_PRIVATE_ROOT",
        str(REPO_DIR / "var" / "private"),
        help="Files that are never served directly (e.g. invitation letters with sign-up codes); "
        "only permission-checked views read them. Must be outside PH_MEDIA_ROOT and PH_STATIC_ROOT.",
    )
)
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "private": {"BACKEND": "participatiehub.core.storage.PrivateStorage"},  # in PRIVATE_ROOT
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if PRODUCTION
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}
MEDIA_ROOT = Path(env_str("PH_MEDIA_ROOT", str(REPO_DIR / "var" / "media"), help="Uploaded files."))
MEDIA_URL = "media/"
for _public in (MEDIA_ROOT, STATIC_ROOT):
    if PRIVATE_ROOT.resolve() == _public.resolve() or _public.resolve() in PRIVATE_ROOT.resolve().parents:
        raise MissingSetting(f"PH_PRIVATE_ROOT ({PRIVATE_ROOT}) must not be inside a served folder ({_public}).")
del _public
PRIVATE_SENDFILE = env_str(
    "PH_PRIVATE_SENDFILE",
    "",
    help="Who sends a private file once the app allowed it: empty = the app streams it; 'x-accel-redirect' "
    "(nginx, internal location PH_PRIVATE_SENDFILE_URL) or 'x-sendfile' (Apache mod_xsendfile). See docs/operations.md.",
)
PRIVATE_SENDFILE_URL = env_str(
    "PH_PRIVATE_SENDFILE_URL",
    "/_private/",
    help="With x-accel-redirect: the nginx 'internal' location that aliases PH_PRIVATE_ROOT.",
)
if PRIVATE_SENDFILE not in ("", "x-accel-redirect", "x-sendfile"):
    raise MissingSetting("PH_PRIVATE_SENDFILE must be empty, 'x-accel-redirect' or 'x-sendfile'.")
WHITENOISE_KEEP_ONLY_HASHED_FILES = PRODUCTION

# --- Background tasks ----------------------------------------------------------------------
TASKS = {
    "default": {
        "BACKEND": env_str(
            "PH_TASKS_BACKEND",
            "django_tasks_db.DatabaseBackend",
            help="django-tasks backend (the database backend by default).",
        )
    }
}

# --- Selection engine (panels.selection; default = the engine's DEFAULT_EXACT_SECONDS) ----------------
SELECTION_EXACT_SECONDS = env_int(
    "SELECTION_EXACT_SECONDS",
    300,
    help="LEXIMIN: the budget in seconds of the engine's own work for the exact result; the smallest chance is "
    "always exact, what is left after the budget is the best lottery of the panels found (docs/panels-selection.md).",
)
if SELECTION_EXACT_SECONDS < 0:
    raise MissingSetting("SELECTION_EXACT_SECONDS must be 0 or more.")
SELECTION_STALE_MINUTES = env_int(
    "SELECTION_STALE_MINUTES",
    10,
    help="A running selection without a sign of life (heartbeat) for this many minutes is marked failed "
    "(its worker stopped); the pool can then be drawn again.",
)
if SELECTION_STALE_MINUTES < 1:
    raise MissingSetting("SELECTION_STALE_MINUTES must be 1 or more.")

# --- E-mail --------------------------------------------------------------------------------
EMAIL_BACKEND = env_str(
    "EMAIL_BACKEND",
    "django.core.mail.backends.smtp.EmailBackend" if PRODUCTION else "django.core.mail.backends.console.EmailBackend",
    help="Django e-mail backend.",
)
EMAIL_HOST = env_str("EMAIL_HOST", "localhost", help="SMTP host.")
EMAIL_PORT = env_int("EMAIL_PORT", 25, help="SMTP port.")
EMAIL_HOST_USER = env_str("EMAIL_HOST_USER", "", help="SMTP user.")
EMAIL_HOST_PASSWORD = env_str("EMAIL_HOST_PASSWORD", "", help="SMTP password.")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False, help="Use STARTTLS for SMTP.")
DEFAULT_FROM_EMAIL = env_str(
    "DEFAULT_FROM_EMAIL", "Participatiehub <noreply@participatiehub.local>", help="Sender address."
)

# --- Caches (rate limits, sessions and cached pages live here) -----------------------------
REDIS_URL = env_str(
    "REDIS_URL",
    "",
    help="redis://host:port/db for the cache shared by all processes (sessions, rate limits, cached pages). "
    "Blank: each process keeps its own memory (demo only; check --deploy warns in production).",
)
CACHES = {
    "default": (
        {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "OPTIONS": {"socket_connect_timeout": 2, "socket_timeout": 2},
        }
        if REDIS_URL
        else {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}
    )
}

# --- REST API ------------------------------------------------------------------------------
REST_FRAMEWORK = {
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.AllowAny"],
    "DEFAULT_PAGINATION_CLASS": "rest_framework.pagination.LimitOffsetPagination",
    "PAGE_SIZE": 100,
}
SPECTACULAR_SETTINGS = {"TITLE": "Participatiehub API", "VERSION": "1.0.0"}
PH_OFFICE_EMAIL = env_str(
    "PH_OFFICE_EMAIL",
    "programmabureau@participatiehub.nl",
    help="The programme office's public e-mail address: the contact point of the open data catalogue (docs/api.md).",
)
PH_API_RATE_LIMIT = env_int(
    "PH_API_RATE_LIMIT", 1200, help="Open data API: requests per minute per client address; more get 429 (docs/api.md)."
)
if PH_API_RATE_LIMIT < 1:
    raise MissingSetting("PH_API_RATE_LIMIT must be 1 or more.")

# --- Security ------------------------------------------------------------------------------
SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"  # read from the cache, written through to the DB
# Sessions: staff (programme office, coordinators, evaluators, admins) are logged out after
# PH_STAFF_IDLE_MINUTES without a request (accounts.middleware.StaffIdleTimeoutMiddleware); everyone else
# (residents, decision-makers) keeps a session for PH_SESSION_DAYS after logging in.
PH_STAFF_IDLE_MINUTES = env_int(
    "PH_STAFF_IDLE_MINUTES", 30, help="Staff are logged out after this many minutes without a request (0 = never)."
)
SESSION_COOKIE_AGE = 86400 * env_int(
    "PH_SESSION_DAYS", 14, help="Days a log-in lasts at most (residents and decision-makers; staff also idle-out)."
)
SESSION_COOKIE_SECURE = PRODUCTION
CSRF_COOKIE_SECURE = PRODUCTION
SESSION_COOKIE_HTTPONLY = True
SECURE_SSL_REDIRECT = env_bool("DJANGO_SECURE_SSL_REDIRECT", PRODUCTION, help="Redirect http to https.")
SECURE_HSTS_SECONDS = env_int("DJANGO_HSTS_SECONDS", 31536000 if PRODUCTION else 0, help="HSTS max-age.")
SECURE_HSTS_INCLUDE_SUBDOMAINS = PRODUCTION
SECURE_HSTS_PRELOAD = PRODUCTION
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") if PRODUCTION else None
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
CSRF_FAILURE_VIEW = "participatiehub.core.views.csrf_failure"  # a Dutch page in the site's layout
DATA_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("PH_LOG_LEVEL", "WARNING", help="Root log level.")},
    "loggers": {"participatiehub": {"level": "INFO", "handlers": ["console"], "propagate": False}},
}

# --- Test defaults -------------------------------------------------------------------------
if PH_ENV == "test":
    PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    # Tasks: the production database backend (above); tests run queued work with the `run_tasks` fixture.

WHITENOISE_USE_FINDERS = not PRODUCTION
WHITENOISE_AUTOREFRESH = not PRODUCTION
