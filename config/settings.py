"""Crosswalk settings, read from the environment (and `.env`) with django-environ.

Every setting is listed with a comment in `.env.example`. The embedded defaults need no
other service: SQLite and the django-q2 ORM broker. `DATABASE_URL` and `REDIS_URL` move
the hub to PostgreSQL and Redis without a code change.
"""

import os
from datetime import timedelta
from pathlib import Path

import environ
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent
env = environ.Env()
environ.Env.read_env(BASE_DIR / ".env", overwrite=False)

DEBUG = env.bool("DEBUG", default=False)

# Development-only fallbacks; with DEBUG off a missing key stops start-up (see below).
_DEV_SECRET_KEY = "dev-insecure-secret-key-do-not-use-in-production"
_DEV_ENCRYPTION_KEY = "ZGV2LWluc2VjdXJlLWZlcm5ldC1rZXktMzItYnl0ZXM="  # base64 of 32 bytes

SECRET_KEY = env.str("SECRET_KEY", default="")
FIELD_ENCRYPTION_KEYS = env.list("FIELD_ENCRYPTION_KEYS", default=[])
if not DEBUG:
    missing = [n for n, v in (("SECRET_KEY", SECRET_KEY), ("FIELD_ENCRYPTION_KEYS", FIELD_ENCRYPTION_KEYS)) if not v]
    if missing:
        raise ImproperlyConfigured(
            f"{', '.join(missing)} must be set when DEBUG is off. "
            "Run `python scripts/make_env.py` to write a .env with fresh keys, or set them in the environment."
        )
SECRET_KEY = SECRET_KEY or _DEV_SECRET_KEY
FIELD_ENCRYPTION_KEYS = FIELD_ENCRYPTION_KEYS or [_DEV_ENCRYPTION_KEY]
# Key for the keyed hash of generated webhook secrets; defaults to one derived from SECRET_KEY.
WEBHOOK_HASH_KEY = env.str("WEBHOOK_HASH_KEY", default="")

ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["localhost", "127.0.0.1", "[::1]", "testserver"])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])
# Public base URL of this hub: shown in the admin as the webhook URL to hand to each system,
# and used by the sandbox emulators to call the hub back.
HUB_BASE_URL = env.str("HUB_BASE_URL", default="http://127.0.0.1:8000").rstrip("/")

# Served over https (HUB_BASE_URL says so): cookies only over https, http redirected, HSTS.
# Behind a proxy that ends TLS, set TRUST_X_FORWARDED_PROTO so Django sees the request as https.
_HTTPS = HUB_BASE_URL.startswith("https://")
SESSION_COOKIE_SECURE = CSRF_COOKIE_SECURE = env.bool("SECURE_COOKIES", default=_HTTPS)
SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=_HTTPS)
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]  # load balancers probe over plain http
SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=31_536_000 if _HTTPS else 0)
# Subdomains of the hub's own host only (*.hub.example.org), and only if the host is submitted.
SECURE_HSTS_INCLUDE_SUBDOMAINS = SECURE_HSTS_PRELOAD = env.bool("SECURE_HSTS_SUBDOMAINS", default=_HTTPS)
if env.bool("TRUST_X_FORWARDED_PROTO", default=False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

SANDBOX_ENABLED = env.bool("SANDBOX_ENABLED", default=False)
# After this many calls in a row to one connection end in a timeout or a 5xx, its calls pause for
# the cool-off (integrations/client/health.py); events and runs wait and resume by themselves.
CIRCUIT_BREAKER_FAILURES = env.int("CIRCUIT_BREAKER_FAILURES", default=5)
CIRCUIT_BREAKER_COOLOFF_SECONDS = env.int("CIRCUIT_BREAKER_COOLOFF_SECONDS", default=60)
# Connections may call only https base URLs on public addresses, unless this is on (integrations/hosts.py).
ALLOW_PRIVATE_HOSTS = env.bool("ALLOW_PRIVATE_HOSTS", default=False)

# Apps: core first, then one app per system (client, webhook parsing, emulator state),
# then one app per connector's lookup tables. Flows live in sync/flows/<connector>/.
SYSTEM_APPS = [
    "integrations.credly",
    "integrations.docebo",
    "integrations.icims",
    "integrations.certn",
    "integrations.credentially",
]
LOOKUP_TABLE_APPS = [
    "mappings.badges",
    "mappings.compliance",
    "mappings.screening",
]
INSTALLED_APPS = [
    "config.admin_site.CrosswalkAdminConfig",  # Django's admin; the mirror in its own section
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "rest_framework",
    "rest_framework.authtoken",
    "drf_spectacular",
    "drf_spectacular_sidecar",  # Swagger UI's files served locally, not from a CDN
    "django_q",
    "axes",  # login throttling: lockout after repeated failures per user and address
    "integrations",
    "sync",
    *SYSTEM_APPS,
    *LOOKUP_TABLE_APPS,
    "mappings",  # what the lookup tables share: pickers, CSV import/export, value-map rows (templates, static)
    "import_export",
    "api",
    "metrics",  # /metrics for Prometheus (docs/metrics.md)
    "demo",  # `manage.py seed_demo`: the sandbox demo (refuses to run with the sandbox off)
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "sync.intake.WebhookIntakeMiddleware",  # /hooks/ answered here: the rest is for people, not vendors
    "metrics.middleware.MetricsMiddleware",  # answers /metrics alone: no session, CSRF or login work
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "integrations.sandbox.faults.SandboxFaultMiddleware",
    "axes.middleware.AxesMiddleware",  # last, as django-axes asks: it answers locked-out logins
]

AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",  # first: refuses a locked-out user and address before checking
    "django.contrib.auth.backends.ModelBackend",
]
# After LOGIN_FAILURE_LIMIT wrong passwords for one username from one address, that pair is locked
# for LOGIN_LOCKOUT_MINUTES; an Integration admin unlocks it by deleting its access attempt.
AXES_FAILURE_LIMIT = env.int("LOGIN_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = timedelta(minutes=env.int("LOGIN_LOCKOUT_MINUTES", default=15))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "admin/locked_out.html"
AXES_VERBOSE = False  # no banner at every start; lockouts are still logged

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"
TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

(BASE_DIR / "var").mkdir(exist_ok=True)  # local SQLite files, test databases, media
DATABASES = {"default": env.db("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}")}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL and IMMEDIATE transactions let the web process, workers and tests share one file.
    DATABASES["default"]["OPTIONS"] = {
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        "transaction_mode": "IMMEDIATE",
        "timeout": 30,
    }
    DATABASES["default"]["TEST"] = {
        "NAME": env.str("TEST_SQLITE_NAME", default=str(BASE_DIR / "var" / f"test-{os.getpid()}.sqlite3"))
    }
else:
    DATABASES["default"].setdefault("CONN_MAX_AGE", env.int("CONN_MAX_AGE", default=60))
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
FORMS_URLFIELD_ASSUME_HTTPS = True

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
]

LANGUAGE_CODE = "en-gb"
TIME_ZONE = env.str("TIME_ZONE", default="UTC")
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"},
    # Personal document files: encrypted at rest with FIELD_ENCRYPTION_KEYS (integrations/storage.py).
    "documents": {"BACKEND": "integrations.storage.EncryptedFileSystemStorage"},
}
# Where document files are kept (encrypted). Nothing serves this folder: there is no MEDIA_URL,
# and files leave only through the REST API's authenticated download.
MEDIA_ROOT = env.str("MEDIA_ROOT", default=str(BASE_DIR / "var" / "media"))

# E-mail: console by default; EMAIL_URL=smtp://user:pass@host:587 for a real server.
vars().update(env.email_url("EMAIL_URL", default="consolemail://"))
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="crosswalk@localhost")
# Failures are gathered and e-mailed at most once per flow and recipient per interval.
NOTIFY_INTERVAL_MINUTES = env.int("NOTIFY_INTERVAL_MINUTES", default=5)

# Prometheus metrics at /metrics, behind `Authorization: Bearer <METRICS_TOKEN>`; unset: off (404).
METRICS_TOKEN = env.str("METRICS_TOKEN", default="")
# How often each process adds what it counted to the shared store (0: at once, for tests).
METRICS_FLUSH_SECONDS = env.float("METRICS_FLUSH_SECONDS", default=5.0)
# Kept events and runs are counted (a scan of each table) at most this often; the inbox at every scrape.
METRICS_COUNT_SECONDS = env.int("METRICS_COUNT_SECONDS", default=60)

# Inbox
WEBHOOK_MAX_BYTES = env.int("WEBHOOK_MAX_BYTES", default=1024 * 1024)
EVENT_MAX_ATTEMPTS = env.int("EVENT_MAX_ATTEMPTS", default=6)
EVENT_RETRY_BASE_SECONDS = env.int("EVENT_RETRY_BASE_SECONDS", default=30)
# A worker's claim on events and runs lasts this long and is renewed every EVENT_HEARTBEAT_SECONDS
# while it lives; a dead worker's work is taken again by the next sweep after the lease ends.
EVENT_LEASE_SECONDS = env.int("EVENT_LEASE_SECONDS", default=30)
EVENT_HEARTBEAT_SECONDS = env.int("EVENT_HEARTBEAT_SECONDS", default=10)
# Every call one event makes must end within this; a batch of events stops taking new ones after
# EVENT_BATCH_BUDGET_SECONDS and hands the rest back: both well inside the queue's timeout.
EVENT_DEADLINE_SECONDS = env.int("EVENT_DEADLINE_SECONDS", default=90)
# A claim on a link (a creating write under way) left this long by a writer that never confirmed
# it may be taken over by another writer, which reads the other system back before writing.
LINK_CLAIM_STALE_SECONDS = env.int("LINK_CLAIM_STALE_SECONDS", default=300)
EVENT_BATCH_BUDGET_SECONDS = env.int("EVENT_BATCH_BUDGET_SECONDS", default=150)
# A worker takes up to this many waiting events at once and writes their runs together.
EVENT_BATCH_SIZE = env.int("EVENT_BATCH_SIZE", default=50)
RUN_SLICE_SECONDS = env.int("RUN_SLICE_SECONDS", default=60)
# Retention (sync/services/retention.py): days kept, 0 = forever. Events count from when they were
# received, runs and records from when the run finished, document files from when they were sent
# (or linked) to the ATS. Failed and unresolved ones (events waiting, retrying, dead or held, failed
# records not yet replayed and their runs, files not yet sent) are kept until resolved, whatever their age.
RETAIN_EVENTS_DAYS = env.int("RETAIN_EVENTS_DAYS", default=30)
RETAIN_RUNS_DAYS = env.int("RETAIN_RUNS_DAYS", default=90)
RETAIN_FILES_DAYS = env.int("RETAIN_FILES_DAYS", default=90)
# Pruning deletes this many rows per transaction; the every-minute sweep at most RETAIN_SWEEP_ROWS per kind.
RETAIN_BATCH_SIZE = env.int("RETAIN_BATCH_SIZE", default=500)
RETAIN_SWEEP_ROWS = env.int("RETAIN_SWEEP_ROWS", default=5000)
# Pause between two batches, so writers waiting for the database (webhook intake) get their turn.
RETAIN_BATCH_PAUSE_MS = env.int("RETAIN_BATCH_PAUSE_MS", default=50)
# Extra modules that register flows (your own flows, or the benchmarks' no-op flow).
EXTRA_FLOW_MODULES = env.list("EXTRA_FLOW_MODULES", default=[])

# Queue: the ORM broker by default, Redis when REDIS_URL is set.
REDIS_URL = env.str("REDIS_URL", default="")
Q_CLUSTER = {
    "name": env.str("Q_CLUSTER_NAME", default="crosswalk"),
    "workers": env.int("Q_WORKERS", default=2),
    "timeout": env.int("Q_TIMEOUT", default=300),
    # retry must exceed timeout, or a slow task runs twice (every task is safe to, anyway).
    "retry": env.int("Q_TIMEOUT", default=300) + 60,
    "max_attempts": 1,
    "queue_limit": env.int("Q_QUEUE_LIMIT", default=50),
    "bulk": env.int("Q_BULK", default=10),
    # Our rows (events, runs) are the record; successful task results need not be kept.
    "save_limit": env.int("Q_SAVE_LIMIT", default=-1),
    "ack_failures": True,
    "catch_up": False,
    "poll": env.float("Q_POLL", default=0.5),
    "label": "Task queue",
    "sync": env.bool("Q_SYNC", default=False),
}
if REDIS_URL:
    Q_CLUSTER["redis"] = REDIS_URL
    # Shared by every process, so OAuth tokens and the like are fetched once, not per worker.
    CACHES = {"default": {"BACKEND": "config.redis_cache.ReusedClientRedisCache", "LOCATION": REDIS_URL}}
else:
    Q_CLUSTER["orm"] = "default"
    # No Redis: a file cache, still shared by the web server and the workers of this machine (OAuth
    # tokens, the last webhook signature seen), where Django's default would be one per process.
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": env.str("CACHE_DIR", default=str(BASE_DIR / "var" / "cache")),
        }
    }

# Lookup tables: CSV import in one transaction (a file with any bad row saves nothing), and how long
# what a vendor lists for a picker (learning plans, iCIMS fields...) is kept per connection.
IMPORT_EXPORT_USE_TRANSACTIONS = True
PICKER_CACHE_SECONDS = env.int("PICKER_CACHE_SECONDS", default=300)

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "rest_framework.authentication.TokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "DEFAULT_PAGINATION_CLASS": "rest_framework.pagination.PageNumberPagination",
    "PAGE_SIZE": 50,
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Crosswalk API",
    "DESCRIPTION": "People, compliance, documents, references and checks as Crosswalk holds them.",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SERVE_PERMISSIONS": ["rest_framework.permissions.IsAuthenticated"],  # the schema and docs need a login
    **dict.fromkeys(["SWAGGER_UI_DIST", "SWAGGER_UI_FAVICON_HREF", "REDOC_DIST"], "SIDECAR"),
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
    "loggers": {"django_q": {"level": env.str("Q_LOG_LEVEL", default="WARNING")}},
}
